/** Protobuf wire-format rules and Go JSON special types, each on the smallest body that shows it. */
import { describe, expect, it } from "vitest";
import { decodeKubernetesProtobuf } from "../../../worker/protobuf";
import { bool, bytes, encode, envelope, int, msg, objectMeta, packedInts, str, strMap } from "./wire-builder";

const utf8 = (s: string) => new TextEncoder().encode(s);
const decode = (apiVersion: string, kind: string, raw: Uint8Array) =>
  decodeKubernetesProtobuf(envelope(apiVersion, kind, raw)).object;

describe("wire format", () => {
  it("skips field numbers the schema does not know (a newer client)", () => {
    const raw = encode(objectMeta(1, { name: "a" }), str(99, "future"), int(98, 7), msg(97, str(1, "x")), ...strMap(2, { a: "b" }));
    expect(decode("v1", "ConfigMap", raw)).toStrictEqual({ kind: "ConfigMap", apiVersion: "v1", metadata: { name: "a" }, data: { a: "b" } });
  });

  it.each([
    ["one tag per element (proto2, as Go writes)", [int(4, 1), int(4, 2)]],
    ["packed", [packedInts(4, [1, 2])]],
  ])("reads repeated integers sent %s", (_, parts) => {
    const raw = encode(msg(2, msg(14, ...parts)));
    expect(decode("v1", "Pod", raw)).toMatchObject({ spec: { securityContext: { supplementalGroups: [1, 2] } } });
  });

  it("lets the last occurrence of a scalar win and merges repeated occurrences of a message", () => {
    const raw = encode(msg(1, str(1, "first")), msg(1, str(1, "second"), str(3, "ns")));
    expect(decode("v1", "ConfigMap", raw)).toMatchObject({ metadata: { name: "second", namespace: "ns" } });
  });

  it("keeps map keys such as __proto__ as ordinary data", () => {
    const raw = encode(msg(2, str(1, "__proto__"), str(2, "x")), ...strMap(2, { constructor: "y" }));
    const { data } = decode("v1", "ConfigMap", raw) as { data: object };
    expect(Object.keys(data)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(data))).toEqual(JSON.parse('{"__proto__":"x","constructor":"y"}'));
  });

  it("keeps map entries whose value is the empty string, and a missing value as empty", () => {
    const raw = encode(...strMap(2, { empty: "" }), msg(2, str(1, "novalue")));
    expect(decode("v1", "ConfigMap", raw)).toMatchObject({ data: { empty: "", novalue: "" } });
  });

  it("decodes a body whose raw object is empty", () => {
    expect(decode("authentication.k8s.io/v1", "SelfSubjectReview", new Uint8Array())).toStrictEqual({
      kind: "SelfSubjectReview",
      apiVersion: "authentication.k8s.io/v1",
    });
  });

  it("accepts a runtime.Unknown whose raw object is JSON", () => {
    const body = envelope("v1", "ConfigMap", utf8('{"metadata":{"name":"j"}}'), "", "application/json");
    expect(decodeKubernetesProtobuf(body).object).toStrictEqual({ kind: "ConfigMap", apiVersion: "v1", metadata: { name: "j" } });
  });
});

describe("Go JSON special types", () => {
  it("encodes bytes (Secret data, ConfigMap binaryData) as standard base64", () => {
    const raw = encode(msg(3, str(1, "bin"), bytes(2, new Uint8Array([0, 255, 16, 32]))), msg(3, str(1, "empty"), bytes(2, new Uint8Array())));
    expect(decode("v1", "ConfigMap", raw)).toMatchObject({ binaryData: { bin: "AP8QIA==", empty: "" } });
  });

  it("keeps Secret stringData and type", () => {
    const raw = encode(...strMap(4, { password: "s3cret" }), str(3, "kubernetes.io/basic-auth"), bool(5, true));
    expect(decode("v1", "Secret", raw)).toStrictEqual({
      kind: "Secret",
      apiVersion: "v1",
      immutable: true,
      stringData: { password: "s3cret" },
      type: "kubernetes.io/basic-auth",
    });
  });

  it("writes metav1.Time as RFC 3339 seconds, dropping nanos as upstream's Time.Unmarshal does", () => {
    const raw = encode(msg(1, str(1, "a"), msg(8, int(1, 1714557600), int(2, 123456789)), msg(9)));
    expect(decode("v1", "ConfigMap", raw)).toStrictEqual({
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { name: "a", creationTimestamp: "2024-05-01T10:00:00Z" },
    });
  });

  it("decodes ownerReferences, finalizers and managedFields (FieldsV1 is embedded JSON)", () => {
    const fields = utf8('{"f:data":{"f:a":{}}}');
    const raw = encode(msg(1,
      str(1, "a"),
      msg(13, str(1, "Deployment"), str(3, "web"), str(4, "uid-1"), str(5, "apps/v1"), bool(6, true), bool(7, false)),
      str(14, "example.com/cleanup"),
      msg(17, str(1, "kubectl"), str(2, "Apply"), str(3, "v1"), msg(4, int(1, 0)), str(6, "FieldsV1"), msg(7, bytes(1, fields)), str(8, "")),
    ));
    expect(decode("v1", "ConfigMap", raw)).toMatchObject({
      metadata: {
        ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "uid-1", controller: true, blockOwnerDeletion: false }],
        finalizers: ["example.com/cleanup"],
        managedFields: [{ manager: "kubectl", operation: "Apply", apiVersion: "v1", time: "1970-01-01T00:00:00Z", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:a": {} } } }],
      },
    });
  });

  it("writes an empty Quantity as \"0\" and a set one verbatim", () => {
    const raw = encode(msg(2, msg(1, str(1, "cpu"), msg(2)), msg(1, str(1, "memory"), msg(2, str(1, "1Gi")))));
    expect(decode("v1", "ResourceQuota", raw)).toMatchObject({ spec: { hard: { cpu: "0", memory: "1Gi" } } });
  });
});
