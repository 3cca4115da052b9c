/** Bad protobuf bodies fail with a tagged error carrying the HTTP status to answer, never a crash. */
import { describe, expect, it } from "vitest";
import { ProtobufDecodeError, decodeKubernetesProtobuf, tryDecodeKubernetesProtobuf } from "../../../worker/protobuf";
import { bytes, encode, envelope, int, msg, objectMeta, str, strMap } from "./wire-builder";

const configMapRaw = encode(objectMeta(1, { name: "a" }), ...strMap(2, { a: "b" }));
const validBody = envelope("v1", "ConfigMap", configMapRaw);
const withMagic = (unknown: Uint8Array) => new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...unknown]);

const cases: { name: string; body: Uint8Array; reason: string; status: number }[] = [
  { name: "a JSON body", body: new TextEncoder().encode('{"kind":"ConfigMap"}'), reason: "NotProtobuf", status: 400 },
  { name: "an empty body", body: new Uint8Array(), reason: "NotProtobuf", status: 400 },
  { name: "a wrong magic", body: new Uint8Array([0x6b, 0x38, 0x73, 0x01, ...validBody.subarray(4)]), reason: "NotProtobuf", status: 400 },
  { name: "an envelope cut short", body: validBody.subarray(0, validBody.length - 7), reason: "Malformed", status: 400 },
  { name: "a length running past the end", body: withMagic(new Uint8Array([0x12, 0x7f, 0x01])), reason: "Malformed", status: 400 },
  { name: "an unterminated varint", body: withMagic(new Uint8Array([0x08, 0xff, 0xff])), reason: "Malformed", status: 400 },
  { name: "an object cut short", body: envelope("v1", "ConfigMap", configMapRaw.subarray(0, configMapRaw.length - 3)), reason: "Malformed", status: 400 },
  { name: "a string field sent as a varint", body: envelope("v1", "ConfigMap", encode(msg(1, int(1, 5)))), reason: "Malformed", status: 400 },
  { name: "a message field sent as a varint", body: envelope("v1", "ConfigMap", encode(int(1, 5))), reason: "Malformed", status: 400 },
  {
    name: "managedFields with FieldsV1 that is not JSON",
    body: envelope("v1", "ConfigMap", encode(msg(1, msg(17, str(1, "kubectl"), msg(7, bytes(1, new Uint8Array([0x7b, 0xff]))))))),
    reason: "Malformed",
    status: 400,
  },
  { name: "a kind without a protobuf schema", body: envelope("v1", "Node", configMapRaw), reason: "UnsupportedKind", status: 415 },
  { name: "an unknown group", body: envelope("example.com/v1", "Widget", configMapRaw), reason: "UnsupportedKind", status: 415 },
  { name: "an apiVersion naming an Object.prototype key", body: envelope("__proto__", "toString", configMapRaw), reason: "UnsupportedKind", status: 415 },
  { name: "a missing TypeMeta", body: withMagic(encode(bytes(2, configMapRaw))), reason: "Malformed", status: 400 },
  { name: "a gzip content encoding", body: envelope("v1", "ConfigMap", configMapRaw, "gzip"), reason: "UnsupportedEncoding", status: 415 },
  { name: "a YAML content type", body: envelope("v1", "ConfigMap", configMapRaw, "", "application/yaml"), reason: "UnsupportedEncoding", status: 415 },
  {
    name: "an embedded JSON body that is not JSON",
    body: envelope("v1", "ConfigMap", new TextEncoder().encode("{nope"), "", "application/json"),
    reason: "Malformed",
    status: 400,
  },
];

describe("decode errors", () => {
  it.each(cases)("rejects $name as $reason ($status)", ({ body, reason, status }) => {
    const result = tryDecodeKubernetesProtobuf(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ProtobufDecodeError);
    expect(result.error.reason).toBe(reason);
    expect(result.error.status).toBe(status);
    expect(() => decodeKubernetesProtobuf(body)).toThrow(ProtobufDecodeError);
  });

  it("uses upstream's message for a missing magic", () => {
    expect(() => decodeKubernetesProtobuf(new Uint8Array([1, 2, 3, 4]))).toThrow(
      "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]",
    );
  });

  it("names the kind it cannot decode", () => {
    expect(() => decodeKubernetesProtobuf(envelope("v1", "Node", configMapRaw))).toThrow(/kind "Node" in version "v1"/);
  });

  it("accepts a well-formed body", () => {
    expect(tryDecodeKubernetesProtobuf(validBody)).toMatchObject({ ok: true, value: { kind: "ConfigMap", apiVersion: "v1" } });
  });
});
