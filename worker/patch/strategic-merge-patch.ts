/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), the server half of upstream
 * k8s.io/apimachinery/pkg/util/strategicpatch (`StrategicMergeMapPatch` with MergeParallelList and
 * IgnoreUnmatchedNulls, as kube-apiserver calls it).
 *
 * Written by hand by necessity: no maintained JavaScript library implements upstream's strategic merge
 * patch (its list merge keys, directives and ordering rules), so this follows the Go code rule by rule.
 *
 * Patch metadata comes from the kind's JSON Schema (`SchemaNode`): `x-kubernetes-patch-strategy` and
 * `x-kubernetes-patch-merge-key`. Where the schema is silent (no schema, or a field it does not describe)
 * maps merge and lists are replaced, as for any list without `patchStrategy: merge`.
 *
 * Rules, in upstream's order for each map of the patch:
 * 1. `$patch: replace` → the patch map replaces the original; `$patch: delete` → `{}`.
 * 2. `$retainKeys` clears the original's members not listed (smp-directives.ts).
 * 3. each `$setElementOrder/<list>` merges its list and orders it (smp-order.ts).
 * 4. every other member: `null` deletes; a member the original lacks, or holds with another JSON type, is
 *    taken whole (nulls and directives removed); maps merge recursively unless the field's strategy is
 *    `replace`; lists merge or are replaced per smp-list.ts; scalars replace.
 *
 * Deliberate differences, none of which changes a patch kubectl sends: `$patch: merge` is accepted as the default
 * instead of failing; values taken whole lose every directive key (upstream leaves `$setElementOrder/…`
 * and the like for its typed decoder to drop); `$setElementOrder` over lists that are empty on both sides
 * is a no-op rather than a 500; and primitive lists are ordered from the live list as it was before the
 * patch (upstream's order there can depend on Go slice capacities; for lists of maps we reproduce its
 * aliasing, see `mergeListFieldWithLiveView`).
 */
import { cloneJson, isJsonObject, setMember, type JsonObject, type JsonValue } from "./json";
import { asResult, badRequest, type PatchResult } from "./patch-error";
import type { SchemaNode } from "./schema-node";
import {
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  SET_ELEMENT_ORDER_PREFIX,
  applyRetainKeys,
  badArgType,
  badPatchType,
  extractKey,
  mergeStrategyOf,
  takeWhole,
} from "./smp-directives";
import { listContext, mergeListField, mergeListFieldWithLiveView, takeWholeList } from "./smp-list";
import { elementKind, kindOf, normalizeElementOrder, partitionByPresence, validatePatchWithSetOrderList } from "./smp-order";

/**
 * Applies the strategic merge patch `patch` to `doc` using the patch metadata of `schema` (the kind's
 * root schema). Never mutates its arguments. A patch that is neither a JSON object nor `null` is a 400,
 * like a body upstream cannot decode into a map.
 */
export function applyStrategicMergePatch(
  doc: JsonValue | undefined,
  patch: JsonValue,
  schema?: SchemaNode,
): PatchResult<JsonObject> {
  return asResult(() => {
    if (patch === null) patch = {}; // Go decodes a `null` body into a nil map: a no-op patch.
    if (!isJsonObject(patch)) {
      throw badRequest(`json: cannot unmarshal ${kindOf(patch)} into Go value of type map[string]interface {}`);
    }
    if (doc !== undefined && doc !== null && !isJsonObject(doc)) throw badRequest("invalid JSON document");
    return mergeObject(isJsonObject(doc) ? cloneJson(doc) : {}, cloneJson(patch), schema);
  });
}

/** `mergeMap`: merges `patch` into `original` (both private copies; both are mutated). */
function mergeObject(original: JsonObject, patch: JsonObject, schema: SchemaNode | undefined): JsonObject {
  if (Object.hasOwn(patch, DIRECTIVE_MARKER)) {
    const directive = patch[DIRECTIVE_MARKER];
    delete patch[DIRECTIVE_MARKER];
    if (directive === "replace") return takeWhole(patch) as JsonObject;
    if (directive === "delete") return {};
    if (directive !== "merge") throw badPatchType(directive, { ...patch, [DIRECTIVE_MARKER]: directive });
  }
  applyRetainKeys(original, patch);
  applySetElementOrders(original, patch, schema);

  for (const [key, value] of Object.entries(patch)) {
    const isDeleteList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX);
    const k = isDeleteList ? extractKey(key, DELETE_FROM_PRIMITIVE_LIST_PREFIX) : key;
    if (value === null) {
      delete original[k];
      continue;
    }
    if (!Object.hasOwn(original, k) || kindOf(original[k]) !== kindOf(value)) {
      if (!isDeleteList) setOrDelete(original, k, takeWhole(value));
      continue;
    }
    const current = original[k];
    if (isJsonObject(current)) {
      const field = schema?.field(k);
      const strategy = mergeStrategyOf(field?.strategies() ?? []);
      const merged = strategy === "replace" ? takeWhole(value) : mergeObject(current, value as JsonObject, field);
      setOrDelete(original, k, merged);
    } else if (Array.isArray(current)) {
      setMember(original, k, mergeListField(current, value as JsonValue[], listContext(schema, k), isDeleteList, mergeObject));
    } else {
      setMember(original, k, value);
    }
  }
  return original;
}

function setOrDelete(obj: JsonObject, key: string, value: JsonValue | undefined): void {
  if (value === undefined) delete obj[key];
  else setMember(obj, key, value);
}

/**
 * `mergePatchIntoOriginal`: for each `$setElementOrder/<list>`, merges the patch's list (if any) into the
 * original's and orders the result: items named by the directive in its order, other live items
 * interleaved by their live position. The list is then removed from `patch`.
 */
function applySetElementOrders(original: JsonObject, patch: JsonObject, schema: SchemaNode | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType("list", order);
    const name = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const inOriginal = Object.hasOwn(original, name);
    const inPatch = Object.hasOwn(patch, name);
    const originalList = original[name];
    const patchList = patch[name];
    if (inOriginal && !Array.isArray(originalList)) throw badArgType("list", originalList);
    if (inPatch && !Array.isArray(patchList)) throw badArgType("list", patchList);
    const liveList = inOriginal ? (originalList as JsonValue[]) : [];
    const patchItems = inPatch ? (patchList as JsonValue[]) : [];
    const ctx = listContext(schema, name);
    validatePatchWithSetOrderList(patchItems, order, ctx.mergeKey);

    let merged: JsonValue[];
    let liveView = liveList;
    if (inOriginal && inPatch) ({ merged, liveView } = mergeListFieldWithLiveView(liveList, patchItems, ctx, false, mergeObject));
    else if (inPatch) merged = takeWholeList(patchItems);
    else if (inOriginal) merged = liveList;
    else continue;

    const kind = elementKind(liveList, patchItems);
    if (kind !== undefined) {
      const [named, serverOnly] = partitionByPresence(merged, order, ctx.mergeKey);
      merged = normalizeElementOrder(named, serverOnly, order, liveView, ctx.mergeKey, kind);
    }
    setMember(original, name, merged);
    delete patch[name];
  }
}
