/**
 * Generator (3): random patches of every type against a known object — JSON patches (RFC 6902 operations
 * on real and made-up pointers), JSON merge patches and strategic merge patches (partial documents with
 * awkward values, SMP directives in and out of place), and server-side apply configurations (mutated
 * manifests), plus the query options that travel with them.
 */
import fc from "fast-check";
import { encodeDocument, fuzzValue, mutations, applyMutations, pathsOf, type JsonPath } from "./mutations";

export type PatchKind = "json" | "merge" | "strategic" | "apply";

export const PATCH_CONTENT_TYPES: Record<PatchKind, string> = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
};

export interface FuzzPatch {
  kind: PatchKind;
  contentType: string;
  body: string;
  query: Record<string, string>;
}

const pointer = (path: JsonPath) => path.map((p) => "/" + String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("");

/** Sets `value` at `path` in `doc`, creating objects on the way (arrays indices become object keys). */
function setIn(doc: Record<string, unknown>, path: JsonPath, value: unknown): void {
  let cur: Record<string, unknown> = doc;
  for (const p of path.slice(0, -1)) {
    const next = cur[String(p)];
    cur = (cur[String(p)] = next && typeof next === "object" && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
  }
  cur[String(path[path.length - 1])] = value;
}

const madeUpPointer = fc.constantFrom("", "/", "/metadata/labels/a~1b", "/metadata/labels/new", "/spec/containers/-", "/spec/template/spec/containers/99", "/~2", "/metadata/name", "/metadata/uid", "/metadata/namespace", "/metadata/resourceVersion", "/kind", "/apiVersion", "/metadata/managedFields/0/fieldsV1", "/status", "/data/-", "/nope/deeper", "/metadata/annotations/x~0y");

/** A JSON patch against `seed`: operations on its real paths or made-up ones; sometimes not a patch at all. */
export function jsonPatch(seed: Record<string, unknown>): fc.Arbitrary<string> {
  const paths = pathsOf(seed);
  const realPointer = fc.nat(paths.length - 1).map((i) => pointer(paths[i]));
  const ptr = fc.oneof({ arbitrary: realPointer, weight: 3 }, { arbitrary: madeUpPointer, weight: 1 });
  const op = fc.record(
    {
      op: fc.constantFrom("add", "remove", "replace", "move", "copy", "test", "bogus", "ADD"),
      path: ptr,
      value: fuzzValue,
      from: ptr,
    },
    { requiredKeys: ["op", "path"] },
  );
  return fc.oneof(
    { arbitrary: fc.array(op, { minLength: 1, maxLength: 4 }).map((ops) => encodeDocument(ops, "json")), weight: 6 },
    { arbitrary: fc.constantFrom("[]", "{}", "null", '"x"', "[1]", "[{}]", '[{"op":"add"}]', '[{"path":"/a"}]', "[", '[{"op":"add","path":"/metadata/labels/x","value":"y"}', "[null]"), weight: 1 },
  );
}

const directive = fc.constantFrom<[string, unknown]>(
  ["$patch", "replace"],
  ["$patch", "delete"],
  ["$patch", "merge"],
  ["$patch", "bogus"],
  ["$patch", 1],
  ["$retainKeys", ["name"]],
  ["$retainKeys", "name"],
  ["$setElementOrder/containers", [{ name: "app" }]],
  ["$setElementOrder/containers", [{ image: "x" }]],
  ["$setElementOrder/ports", "x"],
  ["$deleteFromPrimitiveList/args", ["--port"]],
  ["$deleteFromPrimitiveList/finalizers", "x"],
  ["$unknownDirective", true],
);

/** A partial document of `seed` for merge or strategic patches (with SMP directives when `strategic`). */
export function partialPatch(seed: Record<string, unknown>, strategic: boolean): fc.Arbitrary<string> {
  const paths = pathsOf(seed);
  const assignment = fc.tuple(fc.nat(paths.length - 1), fc.oneof(fuzzValue, fc.constant(null)));
  const directivePlacement = fc.tuple(fc.nat(paths.length - 1), directive);
  const listElementEdits = fc.constantFrom(
    { spec: { template: { spec: { containers: [{ name: "app", image: "busybox" }] } } } },
    { spec: { template: { spec: { containers: [{ image: "no-merge-key" }] } } } },
    { spec: { template: { spec: { containers: [{ name: "app", $patch: "delete" }] } } } },
    { spec: { containers: [{ name: "app", image: "busybox" }, { name: "app", image: "dup" }] } },
    { spec: { containers: [{ name: "side", image: "busybox" }] } },
    { spec: { ports: [{ port: 80, $patch: "delete" }] } },
    { spec: { ports: [{ name: "x" }] } },
    { metadata: { finalizers: ["example.com/f"] } },
    { metadata: { ownerReferences: [{ uid: "u" }] } },
    { spec: { template: { spec: { containers: [[{ name: "list-of-lists" }]] } } } },
  );
  const composed = fc.tuple(fc.array(assignment, { maxLength: 4 }), strategic ? fc.array(directivePlacement, { maxLength: 2 }) : fc.constant([])).map(
    ([assignments, directives]) => {
      const doc: Record<string, unknown> = {};
      for (const [i, value] of assignments) setIn(doc, paths[i], value);
      for (const [i, [key, value]] of directives) setIn(doc, [...paths[i].slice(0, -1), key], value);
      return encodeDocument(doc, "json");
    },
  );
  return fc.oneof(
    { arbitrary: composed, weight: 6 },
    { arbitrary: listElementEdits.map((d) => JSON.stringify(d)), weight: 2 },
    { arbitrary: fc.constantFrom("null", "[]", '"x"', "1", "{", '{"metadata":null}', '{"metadata":{"name":"renamed"}}', '{"kind":"Other"}', '{"apiVersion":"v9"}'), weight: 1 },
  );
}

/** A server-side apply configuration: the seed (as the applier owns it) mutated, as YAML or JSON. */
export function applyPatch(seed: Record<string, unknown>): fc.Arbitrary<string> {
  return fc.tuple(mutations, fc.constantFrom<"json" | "yaml">("json", "yaml")).map(([muts, format]) => encodeDocument(applyMutations(seed, muts), format));
}

export const patchQuery = fc.record(
  {
    fieldManager: fc.oneof(fc.constantFrom("fuzzer", "kubectl", "a".repeat(129), "tab\there", ""), fc.string({ maxLength: 10 })),
    force: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.constantFrom("true", "false", "yes"), weight: 1 }),
    dryRun: fc.constantFrom("All"),
    fieldValidation: fc.constantFrom("Strict", "Warn", "Ignore"),
  },
  { requiredKeys: [] },
);

/** A patch of a random type for an object that was created from `seed`. */
export function fuzzPatch(seed: Record<string, unknown>): fc.Arbitrary<FuzzPatch> {
  const typed = (kind: PatchKind, body: fc.Arbitrary<string>) =>
    fc.tuple(body, patchQuery, fc.constantFrom("", "; charset=utf-8")).map(([b, query, param]) => ({
      kind,
      contentType: PATCH_CONTENT_TYPES[kind] + param,
      body: b,
      query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as Record<string, string>,
    }));
  return fc.oneof(
    typed("json", jsonPatch(seed)),
    typed("merge", partialPatch(seed, false)),
    typed("strategic", partialPatch(seed, true)),
    typed("apply", applyPatch(seed)),
    fc.tuple(partialPatch(seed, false), fc.constantFrom("application/json", "application/yaml", "text/plain", "application/apply-patch+cbor")).map(([body, contentType]) => ({
      kind: "merge" as const,
      contentType,
      body,
      query: {},
    })),
  );
}
