/**
 * Generator (4): LIST/WATCH query strings assembled from fragments of every ListOptions parameter —
 * label/field selector pieces (valid, half-valid and garbage), limit, continue (real, stale, forged),
 * resourceVersion, resourceVersionMatch, timeoutSeconds, watch, allowWatchBookmarks, sendInitialEvents —
 * plus the Accept headers kubectl sends and some it does not.
 */
import fc from "fast-check";

export interface QueryContext {
  /** A continue token from a real paginated LIST of the fuzz namespace's configmaps. */
  continueToken: string;
  /** The configmaps collection's resourceVersion when the suite started. */
  resourceVersion: number;
}

const labelKey = fc.constantFrom("app", "tier", "example.com/tier", "", "a/b/c", "-x", "x".repeat(64), "ключ", "kubernetes.io/metadata.name", "a b");
const labelOp = fc.constantFrom("=", "==", "!=", " in ", " notin ", "", ">", "<", " exists", "!");
const labelValues = fc.constantFrom("odd", "even", "(odd,even)", "(odd)", "()", "(", "(a,,b)", "", "x y", "v".repeat(64), "fuzz", "(fuzz, even)");
const labelRequirement = fc.oneof(
  fc.tuple(labelKey, labelOp, labelValues).map(([k, op, v]) => (op === "!" ? `!${k}` : `${k}${op}${v}`)),
  fc.string({ maxLength: 12 }),
);
const labelSelector = fc.array(labelRequirement, { minLength: 1, maxLength: 3 }).map((rs) => rs.join(","));

const fieldName = fc.constantFrom("metadata.name", "metadata.namespace", "spec.nodeName", "status.phase", "spec.restartPolicy", "type", "", "metadata.labels", "nope", "spec.schedulerName", "status.podIP", "involvedObject.kind");
const fieldOp = fc.constantFrom("=", "==", "!=", " in ", "", "=~");
const fieldValue = fc.constantFrom("cm-1", "x", "", "a\\,b", "Running", "node-1", "a=b", "\\", "ü", "y".repeat(300));
const fieldSelector = fc
  .array(fc.oneof(fc.tuple(fieldName, fieldOp, fieldValue).map(([f, op, v]) => `${f}${op}${v}`), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 3 })
  .map((rs) => rs.join(","));

const b64url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

function continueToken(ctx: QueryContext): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(ctx.continueToken),
    fc.constantFrom("", "garbage", "%%%", "e30", b64url("{}"), b64url("null"), b64url("[]")),
    fc
      .record({
        v: fc.constantFrom("meta.k8s.io/v1", "meta.k8s.io/v2", ""),
        rv: fc.constantFrom<unknown>(1, 0, -1, 1.5, ctx.resourceVersion, ctx.resourceVersion + 100_000, 2 ** 60, "7", null),
        start: fc.constantFrom<unknown>("", "/core/configmaps/", "cm-1", "\u0000", 7, null, "/core/configmaps/ns/cm-1\u0000"),
      })
      .map((t) => b64url(JSON.stringify(t))),
  );
}

/** Mostly values kubectl and client-go send, sometimes ones nobody should. */
const usually = <T>(valid: T[], invalid: T[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 3 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });

function resourceVersion(ctx: QueryContext): fc.Arbitrary<string> {
  return usually(["0", "1", String(ctx.resourceVersion), String(ctx.resourceVersion + 1_000_000)], ["", "-1", "abc", "99999999999999999999", "1.5", " 1", "0x10"]);
}

const PARAMS = {
  limit: usually(["0", "1", "2", "500"], ["-1", "abc", "1.5", "9999999999999999999", "", " 1"]),
  resourceVersionMatch: usually(["Exact", "NotOlderThan"], ["exact", "bogus", ""]),
  timeoutSeconds: usually(["0", "1", "5"], ["-1", "abc", "1.5", "99999999999"]),
  watch: usually(["true", "1", "false", "0"], ["yes", "", "TRUE"]),
  allowWatchBookmarks: usually(["true", "false"], ["x"]),
  sendInitialEvents: usually(["true", "false"], ["x"]),
  includeObject: usually(["None", "Object", "Metadata"], ["bogus"]),
};

export const ACCEPT_HEADERS = [
  undefined,
  "application/json",
  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
  "application/json;as=Table;v=v1;g=meta.k8s.io",
  "application/vnd.kubernetes.protobuf,application/json",
  "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json",
  "*/*",
  "text/html",
  "application/yaml",
  "application/json;as=Table;v=v9;g=meta.k8s.io",
];

export interface ListQuery {
  params: [string, string][];
  accept: string | undefined;
}

/** A query string for a LIST or WATCH: a random subset of parameters with awkward values. */
export function listQuery(ctx: QueryContext): fc.Arbitrary<ListQuery> {
  const optional = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: a, weight: 1 });
  return fc
    .record({
      labelSelector: optional(labelSelector),
      fieldSelector: optional(fieldSelector),
      continue: optional(continueToken(ctx)),
      resourceVersion: optional(resourceVersion(ctx)),
      ...Object.fromEntries(Object.entries(PARAMS).map(([k, a]) => [k, optional(a)])),
      accept: fc.constantFrom(...ACCEPT_HEADERS),
    })
    .map(({ accept, ...rest }) => ({
      params: Object.entries(rest).filter((e): e is [string, string] => typeof e[1] === "string"),
      accept: accept as string | undefined,
    }));
}
