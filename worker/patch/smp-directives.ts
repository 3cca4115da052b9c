/**
 * Strategic merge patch directives and upstream's error texts
 * (k8s.io/apimachinery/pkg/util/strategicpatch/patch.go, pkg/util/mergepatch/errors.go).
 *
 * - `$patch: replace | delete` in a map; `$patch: delete | replace` in an item of a merging list.
 * - `$retainKeys: [keys]` in a map: members not listed are cleared (retainKeys patch strategy).
 * - `$setElementOrder/<list>: [...]`: the order of a merging list (merge keys, or the values of a
 *   primitive list).
 * - `$deleteFromPrimitiveList/<list>: [...]`: values removed from a primitive list.
 */
import { isJsonObject, pruneNulls, show, type JsonObject, type JsonValue } from "./json";
import { badRequest, internal, unprocessable } from "./patch-error";

export const DIRECTIVE_MARKER = "$patch";
export const RETAIN_KEYS_DIRECTIVE = "$retainKeys";
export const SET_ELEMENT_ORDER_PREFIX = "$setElementOrder";
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = "$deleteFromPrimitiveList";

/** mergepatch.Err* texts: the 400s and 422s of `interpretStrategicMergePatchError`. */
export const ERR_BAD_JSON_DOC = "invalid JSON document";
export const ERR_NO_LIST_OF_LISTS = "lists of lists are not supported";
export const ERR_BAD_PRIMITIVE_LIST = "invalid patch format of primitive list";
export const ERR_BAD_RETAIN_KEYS = "invalid patch format of retainKeys";
export const ERR_BAD_SET_ELEMENT_ORDER = "invalid patch format of setElementOrder list";

/** Go's name for the type a JSON value decodes to, for `ErrBadArgType`-style messages. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return "[]interface {}";
  if (typeof v === "object") return "map[string]interface {}";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  return typeof v === "boolean" ? "bool" : "string";
}

/** mergepatch.ErrBadArgType (a plain error → 500). */
export const badArgType = (expected: "map" | "list", actual: unknown) =>
  internal(
    `expected a ${expected === "map" ? "map[string]interface {}" : "[]interface {}"}, but received a ${goTypeName(actual)}`,
  );

/** mergepatch.ErrNoMergeKey (→ 500). */
export const noMergeKey = (item: unknown, mergeKey: string) =>
  internal(`map: ${show(item)} does not contain declared merge key: ${mergeKey}`);

/** mergepatch.ErrBadPatchType (→ 500). */
export const badPatchType = (directive: unknown, item: unknown) =>
  internal(`unknown patch type: ${typeof directive === "string" ? directive : show(directive)} in map: ${show(item)}`);

export const listOfLists = () => unprocessable(ERR_NO_LIST_OF_LISTS);

/** `"$setElementOrder/containers"` → `"containers"`; a malformed key is a 400 (`extractKey`). */
export function extractKey(key: string, prefix: typeof SET_ELEMENT_ORDER_PREFIX | typeof DELETE_FROM_PRIMITIVE_LIST_PREFIX): string {
  const slash = key.indexOf("/");
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw badRequest(prefix === SET_ELEMENT_ORDER_PREFIX ? ERR_BAD_SET_ELEMENT_ORDER : ERR_BAD_PRIMITIVE_LIST);
  }
  return key.slice(slash + 1);
}

/**
 * The strategy that decides merging, from a field's `x-kubernetes-patch-strategy` values with
 * `retainKeys` taken out (`extractRetainKeysPatchStrategy`): `"merge"`, `"replace"` or `""` (default).
 */
export function mergeStrategyOf(strategies: readonly string[]): string {
  const rest = strategies.filter((s) => s !== "retainKeys");
  if (strategies.length > 2 || (strategies.length === 2 && rest.length !== 1)) {
    throw internal(`unexpected patch strategy: [${strategies.join(" ")}]`);
  }
  return rest[0] ?? "";
}

/**
 * Applies a `$retainKeys` directive of `patch` to `original` (both are mutated): members of `original` not
 * listed are cleared, and every non-null member of the patch must be listed (else 400,
 * `applyRetainKeysDirective`). The directive is honoured whatever the field's declared strategy.
 */
export function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retain = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(retain)) throw badRequest(ERR_BAD_RETAIN_KEYS);
  const keep = new Set<JsonValue>(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || k.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    if (!keep.has(k)) throw badRequest(ERR_BAD_RETAIN_KEYS);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function isDirectiveKey(key: string): boolean {
  return (
    key === RETAIN_KEYS_DIRECTIVE ||
    key.startsWith(SET_ELEMENT_ORDER_PREFIX + "/") ||
    key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX + "/")
  );
}

/**
 * A patch value with its directives removed, or `undefined` when the value itself is a directive and must
 * be dropped (upstream `removeDirectives`: a map carrying `$patch` is dropped, from maps and from lists).
 * Unlike upstream we also drop `$retainKeys`, `$setElementOrder/…` and `$deleteFromPrimitiveList/…`
 * members: upstream leaves them for the typed decoder to discard, we store JSON as is.
 */
export function stripDirectives(v: JsonValue): JsonValue | undefined {
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    for (const item of v) {
      const kept = stripDirectives(item);
      if (kept !== undefined) out.push(kept);
    }
    return out;
  }
  if (!isJsonObject(v)) return v;
  if (Object.hasOwn(v, DIRECTIVE_MARKER)) return undefined;
  for (const key of Object.keys(v)) {
    const kept = isDirectiveKey(key) ? undefined : stripDirectives(v[key]);
    if (kept === undefined) delete v[key];
    else v[key] = kept;
  }
  return v;
}

/**
 * A patch value taken whole where the original has nothing to merge with: nulls discarded at any depth
 * (`discardNullValuesFromPatch`, as the server merges with IgnoreUnmatchedNulls) and directives removed.
 * `undefined` means "drop the member".
 */
export function takeWhole(v: JsonValue): JsonValue | undefined {
  return stripDirectives(pruneNulls(v));
}
