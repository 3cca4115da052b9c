/**
 * Request bodies by media type (apiserver handlers NegotiateInputSerializer; KUBECTL.md §1.6): JSON, YAML, the
 * Kubernetes protobuf envelope, 415 for anything else; decoders refuse hostile nesting with a 400.
 */
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../worker/errors";
import { MAX_DEPTH, decodeBody, mediaType, parseJson, parseYamlDoc, utf8 } from "../../../worker/body";
import { encode, envelope, objectMeta, strMap } from "../protobuf/wire-builder";

const text = (s: string) => new TextEncoder().encode(s);
const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("mediaType", () => {
  it.each<[string | null | undefined, string]>([
    [null, ""],
    [undefined, ""],
    ["", ""],
    ["application/json", "application/json"],
    ["application/json; charset=utf-8", "application/json"],
    [" Application/YAML ;q=1", "application/yaml"],
    ["application/strategic-merge-patch+json", "application/strategic-merge-patch+json"],
  ])("%j → %j", (contentType, want) => {
    expect(mediaType(contentType)).toBe(want);
  });
});

describe("utf8", () => {
  it.each<[Uint8Array, string]>([
    [text("{}"), "{}"],
    [new Uint8Array([...BOM, ...text("{}")]), "\ufeff{}"],
    [text("é✓"), "é✓"],
    [new Uint8Array([0x7b, 0xff, 0x7d]), "{\ufffd}"],
  ])("%o → %j", (bytes, want) => {
    expect(utf8(bytes)).toBe(want);
  });
});

const nest = (open: string, close: string, depth: number) => open.repeat(depth) + close.repeat(depth);

describe("parseJson", () => {
  it.each<[string, unknown]>([
    ['{"a":[1,{"b":null}]}', { a: [1, { b: null }] }],
    ["[]", []],
    ["3", 3],
    [nest("[", "]", MAX_DEPTH + 1), expect.any(Array)],
  ])("%s parses", (input, want) => {
    expect(parseJson(input)).toEqual(want);
  });

  it.each<[string, RegExp]>([
    ["{", /^couldn't get version\/kind; json parse error: /],
    ["\ufeff{}", /^couldn't get version\/kind; json parse error: /],
    ["{'a':1}", /^couldn't get version\/kind; json parse error: /],
    [nest("[", "]", MAX_DEPTH + 2), /^json: exceeded max depth of 1000$/],
    [nest('{"a":', "}", MAX_DEPTH + 5).replace(/}+$/, (m) => "1" + m), /^json: exceeded max depth of 1000$/],
  ])("%# is a 400: %s", (input, message) => {
    const e = errorOf(() => parseJson(input));
    expect(e.code).toBe(400);
    expect(e.reason).toBe("BadRequest");
    expect(e.message).toMatch(message);
  });
});

describe("parseYamlDoc", () => {
  it.each<[string, unknown]>([
    ["a: 1\nb: [x, y]\n", { a: 1, b: ["x", "y"] }],
    ["apiVersion: v1\nkind: ConfigMap\ndata:\n  k: 'v'\n", { apiVersion: "v1", kind: "ConfigMap", data: { k: "v" } }],
    ["base: &b {x: 1}\ncopy: *b\n", { base: { x: 1 }, copy: { x: 1 } }],
    ["", null],
  ])("%j parses", (input, want) => {
    expect(parseYamlDoc(input)).toEqual(want);
  });

  const laughs = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => {
    const p = String.fromCharCode(97 + i);
    const n = String.fromCharCode(98 + i);
    return `${n}: &${n} [*${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}]`;
  })].join("\n");

  it.each<[string, string, RegExp]>([
    ["a self-containing sequence", "a: &x [1, *x]\n", /^yaml: a document may not contain itself$/],
    ["a self-containing map", "&x {a: *x}\n", /^yaml: a document may not contain itself$/],
    // The yaml library may give up first (its own recursion); either way a 400, never a 500.
    ["deep nesting", nest("[", "]", MAX_DEPTH + 2), /^(yaml: exceeded max depth of 1000$|error converting YAML to JSON: )/],
    ["very deep nesting", nest("[", "]", 20_000), /^(yaml: exceeded max depth of 1000$|error converting YAML to JSON: )/],
    ["a billion laughs", laughs, /^error converting YAML to JSON: /],
    ["malformed YAML", "a: [1, 2\n", /^error converting YAML to JSON: /],
    ["a tab indent", "a:\n\tb: 1\n", /^error converting YAML to JSON: /],
  ])("%s is a 400", (_, input, message) => {
    const e = errorOf(() => parseYamlDoc(input));
    expect(e.code).toBe(400);
    expect(e.message).toMatch(message);
  });
});

describe("decodeBody", () => {
  const configMap = envelope("v1", "ConfigMap", encode(objectMeta(1, { name: "a" }), ...strMap(2, { k: "v" })));

  it.each<[string, Uint8Array, string | null, unknown]>([
    ["an empty body", new Uint8Array(), "application/json", { value: undefined }],
    ["an empty body of any type", new Uint8Array(), "text/plain", { value: undefined }],
    ["JSON", text('{"a":1}'), "application/json", { value: { a: 1 }, jsonText: '{"a":1}' }],
    ["JSON without Content-Type", text('{"a":1}'), null, { value: { a: 1 }, jsonText: '{"a":1}' }],
    ["JSON with parameters", text("[1]"), "application/json; charset=utf-8", { value: [1], jsonText: "[1]" }],
    ["YAML", text("a: 1\n"), "application/yaml", { value: { a: 1 } }],
    ["protobuf", configMap, "application/vnd.kubernetes.protobuf", {
      value: expect.objectContaining({ apiVersion: "v1", kind: "ConfigMap", data: { k: "v" } }),
      typeMeta: { apiVersion: "v1", kind: "ConfigMap" },
    }],
  ])("%s", (_, bytes, contentType, want) => {
    expect(decodeBody(bytes, contentType)).toEqual(want);
  });

  it.each<[string, Uint8Array, string, number, string, RegExp]>([
    ["a JSON body with a byte-order mark", new Uint8Array([...BOM, ...text("{}")]), "application/json", 400, "BadRequest", /json parse error/],
    ["JSON that is not", text("a: 1"), "application/json", 400, "BadRequest", /json parse error/],
    ["JSON sent as protobuf", text("{}"), "application/vnd.kubernetes.protobuf", 400, "BadRequest", /expected prefix \[107 56 115 0\]/],
    ["a protobuf kind without a schema", envelope("example.com/v1", "Widget", new Uint8Array()), "application/vnd.kubernetes.protobuf", 415, "UnsupportedMediaType", /./],
    [
      "an unknown media type",
      text("{}"),
      "text/plain",
      415,
      "UnsupportedMediaType",
      /^the body of the request was in an unknown format - accepted media types include: application\/json, application\/yaml, application\/vnd\.kubernetes\.protobuf$/,
    ],
    ["a patch media type on an object route", text("{}"), "application/merge-patch+json", 415, "UnsupportedMediaType", /unknown format/],
  ])("%s → %d %s", (_, bytes, contentType, code, reason, message) => {
    const e = errorOf(() => decodeBody(bytes, contentType));
    expect(e.code).toBe(code);
    expect(e.reason).toBe(reason);
    expect(e.message).toMatch(message);
  });

  // NegotiateInputSerializerForMediaType only knows the serializers' media types: application/json,
  // application/yaml and application/vnd.kubernetes.protobuf.
  it.each(["application/x-yaml", "text/yaml"])("%s is 415 Unsupported Media Type", (contentType) => {
    expect(errorOf(() => decodeBody(text("a: 1\n"), contentType)).code).toBe(415);
  });
});
