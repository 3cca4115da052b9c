/**
 * Generator (2): request bodies that are not well-formed objects — random bytes, random text, truncated
 * JSON/YAML/protobuf of a valid manifest, trailing garbage, hostile YAML (alias bombs, several documents,
 * tags, non-string keys), `k8s\0` + garbage — with a spread of Content-Types.
 */
import fc from "fast-check";
import { stringify as toYaml } from "yaml";
import { encode, envelope, objectMeta, strMap } from "../protobuf/wire-builder";

export interface RawBody {
  label: string;
  bytes: Uint8Array;
  contentType: string | null;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** A valid protobuf ConfigMap as kubectl 1.32 sends it (runtime.Unknown envelope). */
export function configMapProtobuf(name: string, data: Record<string, string> = { a: "b" }): Uint8Array {
  return envelope("v1", "ConfigMap", encode(objectMeta(1, { name }), ...strMap(2, data)));
}

export const BODY_CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/yaml",
  "application/vnd.kubernetes.protobuf",
  null,
  "text/plain",
  "application/x-www-form-urlencoded",
  "application/json; charset=utf-16",
  "*/*",
  "application/cbor",
  "application/json-patch+json",
  "garbage",
];

const ALIAS_BOMB = ["a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]", "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]"].join("\n");

/** YAML that parsers disagree about or choke on. */
export const HOSTILE_YAML = [
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  x: y\n${ALIAS_BOMB}\n`,
  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: two-docs\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: second\n",
  "---\n",
  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tagged\ndata:\n  a: !!binary aGVsbG8=\n  b: !!timestamp 2001-12-14\n",
  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\ndata:\n  1: one\n  true: yes\n  ~: null\n",
  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: complex-key\ndata:\n  ? [a, b]\n  : c\n",
  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: tabs\n",
  "apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: self\n  labels: *m\n",
  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup2\n",
  "!!python/object:os.system 'true'\n",
  "%YAML 9.9\n---\na: b\n",
  "[",
  "{a: b",
  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: <<\n  <<: {name: merged}\n",
  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cyclic\n  managedFields:\n  - manager: m\n    operation: Update\n    apiVersion: v1\n    fieldsType: FieldsV1\n    fieldsV1: &x\n      f:data: *x\n",
];

/** A ConfigMap whose managedFields[0].fieldsV1 is `depth` levels deep (the one free-form field of ObjectMeta). */
export function deepFieldsV1(name: string, depth: number): string {
  const deep = '{"f:a":'.repeat(depth) + "{}" + "}".repeat(depth);
  const entry = `{"manager":"m","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":${deep}}`;
  return `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}","managedFields":[${entry}]}}`;
}

export const SCALAR_JSON = ["null", "true", "0", "-1", '"str"', "[]", "[{}]", "1e400", '{"apiVersion":"v1","kind":"ConfigMap"}', "{}", '{"metadata":null}', '{"metadata":[]}', '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"dup","name":"dup"}}'];

/** A valid manifest's text in the given format, cut at `cut % length` (never the whole text). */
function truncated(doc: unknown, format: "json" | "yaml", cut: number): string {
  const text = format === "json" ? JSON.stringify(doc) : toYaml(doc);
  return text.slice(0, cut % text.length);
}

/** Bodies for a create of `manifest` (the valid object the truncations start from). */
export function rawBody(manifest: (name: string) => Record<string, unknown>): fc.Arbitrary<RawBody> {
  const ct = fc.constantFrom(...BODY_CONTENT_TYPES);
  const name = fc.nat(1_000_000).map((n) => `r-${n.toString(36)}`);
  const pick = <T>(label: string, a: fc.Arbitrary<T>, toBytes: (v: T) => Uint8Array, contentType: fc.Arbitrary<string | null> = ct) =>
    fc.tuple(a, contentType).map(([v, c]): RawBody => ({ label, bytes: toBytes(v), contentType: c }));
  return fc.oneof(
    pick("random bytes", fc.uint8Array({ maxLength: 512 }), (b) => b),
    pick("random text", fc.string({ unit: "binary", maxLength: 256 }), utf8),
    pick("truncated JSON", fc.tuple(name, fc.nat()), ([n, cut]) => utf8(truncated(manifest(n), "json", cut)), fc.constantFrom("application/json", null)),
    pick("truncated YAML", fc.tuple(name, fc.nat()), ([n, cut]) => utf8(truncated(manifest(n), "yaml", cut)), fc.constant("application/yaml")),
    pick(
      "JSON + trailing garbage",
      fc.tuple(name, fc.constantFrom("}", "]", " x", "\u0000", "{}", "\n{\"a\":1}")),
      ([n, tail]) => utf8(JSON.stringify(manifest(n)) + tail),
      fc.constant("application/json"),
    ),
    pick("BOM + JSON", name, (n) => utf8("\uFEFF" + JSON.stringify(manifest(n))), fc.constant("application/json")),
    pick("deep fieldsV1", fc.tuple(name, fc.constantFrom(50, 6_000, 20_000)), ([n, d]) => utf8(deepFieldsV1(n, d)), fc.constant("application/json")),
    pick("scalar JSON", fc.constantFrom(...SCALAR_JSON), utf8, fc.constantFrom("application/json", "application/yaml")),
    pick("hostile YAML", fc.constantFrom(...HOSTILE_YAML), utf8, fc.constant("application/yaml")),
    pick("k8s\\0 + garbage", fc.uint8Array({ maxLength: 256 }), (g) => concat(utf8("k8s\0"), g), fc.constant("application/vnd.kubernetes.protobuf")),
    pick(
      "truncated protobuf",
      fc.tuple(name, fc.nat()),
      ([n, cut]) => {
        const full = configMapProtobuf(n);
        return full.slice(0, 4 + (cut % (full.length - 4)));
      },
      fc.constant("application/vnd.kubernetes.protobuf"),
    ),
    pick(
      "protobuf envelope around garbage",
      fc.tuple(fc.constantFrom(["v1", "ConfigMap"], ["v1", "Pod"], ["apps/v1", "Deployment"], ["", ""], ["v1", "Nope"], ["x/y/z", "ConfigMap"]), fc.uint8Array({ maxLength: 128 })),
      ([[apiVersion, kind], raw]) => envelope(apiVersion, kind, raw),
      fc.constant("application/vnd.kubernetes.protobuf"),
    ),
    pick(
      "protobuf with a huge length prefix",
      fc.constantFrom([0x12, 0xff, 0xff, 0xff, 0xff, 0x0f], [0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], [0x12, 0x80]),
      (tail) => concat(utf8("k8s\0"), new Uint8Array(tail)),
      fc.constant("application/vnd.kubernetes.protobuf"),
    ),
  );
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
