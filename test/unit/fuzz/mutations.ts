/**
 * Mutations of valid manifests as data, and the fast-check arbitraries that generate them: wrong types at
 * random paths, unknown fields, nulls, huge strings, deep nesting, invalid names/labels/annotations,
 * negative and out-of-range numbers, unicode. `applyMutations` is pure; `encodeDocument` renders the result
 * as JSON or YAML, splicing in raw JSON text (numbers past 2^53, duplicate keys, 10,000-deep nesting) that
 * a JS value cannot hold.
 */
import fc from "fast-check";
import { stringify as toYaml } from "yaml";

export type JsonPath = (string | number)[];

/** Literal JSON text placed where a value goes (also valid YAML flow). */
export interface RawJson {
  raw: string;
}

export type FuzzValue = unknown;

export type Mutation =
  /** Replace the node at `paths[at % n]` with `value`. */
  | { op: "replace"; at: number; value: FuzzValue }
  /** Replace the node at `paths[at % n]` with another value of the same JSON type (`pick` chooses it). */
  | { op: "perturb"; at: number; pick: number }
  | { op: "remove"; at: number }
  /** Add member `key` to the object at (or holding) `paths[at % n]`; `at: -1` is the root. */
  | { op: "addField"; at: number; key: string; value: FuzzValue }
  | { op: "setName"; value: string }
  | { op: "setLabel"; key: string; value: string }
  | { op: "setAnnotation"; key: string; value: string };

export const isRaw = (v: unknown): v is RawJson =>
  v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as RawJson).raw === "string";

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !isRaw(v);

/** Every path below the root, parents before children. */
export function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (value === null || typeof value !== "object" || isRaw(value)) return [];
  const out: JsonPath[] = [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    const p = [...prefix, k];
    out.push(p, ...pathsOf(v, p));
  }
  return out;
}

function parentOf(doc: unknown, path: JsonPath): Record<string | number, unknown> | undefined {
  let cur: unknown = doc;
  for (const p of path.slice(0, -1)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur !== null && typeof cur === "object" ? (cur as Record<string | number, unknown>) : undefined;
}

function metadataOf(doc: Record<string, unknown>): Record<string, unknown> {
  if (doc.metadata === null || typeof doc.metadata !== "object" || Array.isArray(doc.metadata)) doc.metadata = {};
  return doc.metadata as Record<string, unknown>;
}

function mapAt(meta: Record<string, unknown>, key: string): Record<string, unknown> {
  if (meta[key] === null || typeof meta[key] !== "object" || Array.isArray(meta[key])) meta[key] = {};
  return meta[key] as Record<string, unknown>;
}

/** Applies `mutations` in order to a deep copy of `doc`. */
export function applyMutations(doc: Record<string, unknown>, mutations: Mutation[]): Record<string, unknown> {
  const out = structuredClone(doc);
  for (const m of mutations) {
    const paths = pathsOf(out);
    switch (m.op) {
      case "replace":
      case "remove": {
        if (!paths.length) break;
        const path = paths[m.at % paths.length];
        const parent = parentOf(out, path);
        if (!parent) break;
        const last = path[path.length - 1];
        if (m.op === "replace") parent[last] = structuredClone(m.value);
        else if (Array.isArray(parent)) parent.splice(last as number, 1);
        else delete parent[last];
        break;
      }
      case "perturb": {
        if (!paths.length) break;
        const path = paths[m.at % paths.length];
        const parent = parentOf(out, path);
        if (!parent) break;
        const last = path[path.length - 1];
        parent[last] = sameTypeValue(parent[last], m.pick);
        break;
      }
      case "addField": {
        let target: unknown = out;
        if (m.at >= 0 && paths.length) {
          const path = paths[m.at % paths.length];
          const node = parentOf(out, path)?.[path[path.length - 1]];
          target = isPlainObject(node) ? node : parentOf(out, path);
        }
        if (isPlainObject(target)) target[m.key] = structuredClone(m.value);
        break;
      }
      case "setName":
        metadataOf(out).name = m.value;
        break;
      case "setLabel":
        mapAt(metadataOf(out), "labels")[m.key] = m.value;
        break;
      case "setAnnotation":
        mapAt(metadataOf(out), "annotations")[m.key] = m.value;
        break;
    }
  }
  return out;
}

const SAME_TYPE_STRINGS = ["", "x", "UPPER", "-1", "1Gi", "0.5", "999999999999", "a b", "ñ", "💥", "*", "a".repeat(300), "a/b", "../x"];
const SAME_TYPE_NUMBERS = [0, -1, 1, 65536, 2147483647, -2147483648, 1.5, 1e9];

/** A different value of `value`'s JSON type: what a typo or a bad template produces, past the decoder. */
export function sameTypeValue(value: unknown, pick: number): unknown {
  if (typeof value === "string") return SAME_TYPE_STRINGS[pick % SAME_TYPE_STRINGS.length];
  if (typeof value === "number") return SAME_TYPE_NUMBERS[pick % SAME_TYPE_NUMBERS.length];
  if (typeof value === "boolean") return !value;
  if (Array.isArray(value)) return pick % 3 === 0 ? [] : pick % 3 === 1 ? [...value, ...value] : value.slice(1);
  if (isPlainObject(value)) return pick % 2 === 0 ? {} : value;
  return value;
}

export type DocumentFormat = "json" | "yaml";

/** Renders `doc` as JSON or YAML text, with every RawJson spliced in verbatim. */
export function encodeDocument(doc: unknown, format: DocumentFormat): string {
  const raws: string[] = [];
  const withTokens = JSON.parse(
    JSON.stringify(doc, (_k, v) => {
      if (isRaw(v)) {
        raws.push(v.raw);
        return `RAWTOKEN${raws.length - 1}X`;
      }
      return v;
    }),
  );
  if (format === "json") {
    return JSON.stringify(withTokens).replace(/"RAWTOKEN(\d+)X"/g, (_m, i) => raws[Number(i)]);
  }
  return toYaml(withTokens, { lineWidth: 0 }).replace(/RAWTOKEN(\d+)X/g, (_m, i) => raws[Number(i)]);
}

// ---------------------------------------------------------------------------------------------------
// Arbitraries

/** `{"a":{"a":…1…}}` or `[[…1…]]`, `depth` levels deep, as raw text (no JS recursion anywhere). */
export const deepNesting = (depth: number, kind: "object" | "array"): RawJson =>
  kind === "object" ? { raw: '{"a":'.repeat(depth) + "1" + "}".repeat(depth) } : { raw: "[".repeat(depth) + "1" + "]".repeat(depth) };

const smallJson = fc.jsonValue({ maxDepth: 2, depthSize: "small" });

const nastyString = fc.oneof(
  fc.constantFrom("", " ", "\u0000", "\n", "-1", "1e3", "true", "null", "0x1F", "../..", "a/b", "%2F", "${x}", "'", '"', "\\", "~", "-", ".", ":", "💥", "ñ", "\u202e", "\ud800", "x".repeat(64), "x".repeat(254)),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 12 }),
);

const hugeString = fc.constantFrom(10_000, 100_000, 300_000, 1_100_000).map((n) => "z".repeat(n));

const nastyNumber = fc.oneof(
  fc.constantFrom(0, -1, -0, 1.5, -2147483649, 2147483648, 2 ** 53 + 2, 1e308, -1e308, 0.1),
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const rawNumber = fc.constantFrom<RawJson>(
  { raw: "9223372036854775808" },
  { raw: "-9223372036854775809" },
  { raw: "18446744073709551616" },
  { raw: "1e400" },
  { raw: "-0.0" },
  { raw: "1E+2" },
  { raw: "0.0000000000000000000001" },
);

/** Values of every JSON type, including the awkward ones, plus raw text JSON.parse cannot round-trip. */
export const fuzzValue: fc.Arbitrary<FuzzValue> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 3 },
  { arbitrary: fc.boolean(), weight: 2 },
  { arbitrary: nastyNumber, weight: 3 },
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: smallJson, weight: 3 },
  { arbitrary: fc.constant([]), weight: 1 },
  { arbitrary: fc.constant({}), weight: 1 },
  { arbitrary: rawNumber, weight: 1 },
  { arbitrary: hugeString, weight: 1 },
  {
    arbitrary: fc.tuple(fc.constantFrom(50, 1_000, 20_000), fc.constantFrom<"object" | "array">("object", "array")).map(([d, k]) => deepNesting(d, k)),
    weight: 1,
  },
  { arbitrary: fc.constantFrom<RawJson>({ raw: '{"a":1,"a":2}' }, { raw: '{"name":"x","name":"y"}' }), weight: 1 },
);

/** Names no kind accepts: empty, dot segments, or containing a path separator or `%` (ValidatePathSegmentName). */
export const NAMES_NO_KIND_ACCEPTS = ["", ".", "..", "a/b", "a%b"];

export const invalidName = fc.oneof(
  fc.constantFrom(...NAMES_NO_KIND_ACCEPTS, "UPPER", "under_score", "-lead", "trail-", "a".repeat(64), "a".repeat(254), "ñame", "a b", "a\nb", "1.2.3.4", "a..b"),
  fc.string({ unit: "grapheme", maxLength: 30 }),
);

export const labelKey = fc.oneof(
  fc.constantFrom("a/b/c", "-x", "x-", "example.com/", "/a", "Example.COM/x", "x".repeat(64), `${"d".repeat(254)}/x`, "ключ", "a b", "kubernetes.io/ok"),
  fc.string({ maxLength: 20 }),
);

export const labelValue = fc.oneof(fc.constantFrom("", "-a", "a-", "a b", "v".repeat(64), "ok", "ü"), fc.string({ maxLength: 20 }));

export const annotationValue = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("a".repeat(262_145), "\u0000", "{}"));

/** An unknown member name: never a field of any kind (prefix `fuzz`). */
export const unknownKey = fc.string({ unit: "grapheme-ascii", maxLength: 8 }).map((s) => `fuzz${s}`);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant("replace" as const), at: fc.nat(), value: fuzzValue }), weight: 5 },
  { arbitrary: fc.record({ op: fc.constant("perturb" as const), at: fc.nat(), pick: fc.nat() }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant("remove" as const), at: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant("addField" as const), at: fc.integer({ min: -1, max: 1_000 }), key: unknownKey, value: fuzzValue }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant("setName" as const), value: invalidName }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("setLabel" as const), key: labelKey, value: labelValue }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("setAnnotation" as const), key: labelKey, value: annotationValue }), weight: 1 },
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });
