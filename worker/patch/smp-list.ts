/**
 * Strategic merge of one list (upstream `mergeSliceHandler`, `mergeSlice`,
 * `mergeSliceWithSpecialElements`, `mergeSliceWithoutSpecialElements`, `deleteFromSlice`).
 *
 * A list whose field declares `x-kubernetes-patch-strategy: merge` is merged: lists of maps by the
 * `x-kubernetes-patch-merge-key`, lists of primitives as sets (e.g. `metadata.finalizers`). Every other list
 * is replaced by the patch's list. A `$deleteFromPrimitiveList/<list>` removes values whatever the strategy.
 *
 * Works on the caller's private copies: `original` may be mutated.
 */
import { isJsonObject, type JsonObject, type JsonValue } from "./json";
import { internal } from "./patch-error";
import type { SchemaNode } from "./schema-node";
import { DIRECTIVE_MARKER, badPatchType, mergeStrategyOf, noMergeKey, takeWhole } from "./smp-directives";
import { elementKind, mergeKeyOf, normalizeElementOrder, partitionByPresence } from "./smp-order";

/** Merges a patch map into an original map (the recursion back into `mergeObject`). */
export type MergeObject = (original: JsonObject, patch: JsonObject, schema: SchemaNode | undefined) => JsonObject;

/** What the schema says about one list field. */
export interface ListContext {
  /** The field name, for error messages. */
  name: string;
  /** `"merge"`, `"replace"` or `""` (see `mergeStrategyOf`). */
  strategy: string;
  /** `x-kubernetes-patch-merge-key`, or `""`. */
  mergeKey: string;
  /** The schema of the list's items. */
  items: SchemaNode | undefined;
}

/** The list context of field `name` of an object schema (no schema: an atomic list). */
export function listContext(schema: SchemaNode | undefined, name: string): ListContext {
  const field = schema?.field(name);
  if (!field) return { name, strategy: "", mergeKey: "", items: undefined };
  const info = field.listInfo();
  return { name, strategy: mergeStrategyOf(info.strategies), mergeKey: info.mergeKey ?? "", items: field.items() };
}

/** The patch's list taken whole (a replaced list), directives removed. */
export function takeWholeList(patch: JsonValue[]): JsonValue[] {
  return takeWhole(patch) as JsonValue[];
}

/**
 * The merged value of a list field. `isDeleteList` marks the value of `$deleteFromPrimitiveList/<name>`.
 */
export function mergeListField(
  original: JsonValue[],
  patch: JsonValue[],
  ctx: ListContext,
  isDeleteList: boolean,
  mergeObject: MergeObject,
): JsonValue[] {
  return mergeListFieldWithLiveView(original, patch, ctx, isDeleteList, mergeObject).merged;
}

/**
 * `mergeListField`, also returning the live list as upstream's caller sees it afterwards. Upstream deletes
 * `$patch: delete` items in place (Go `append(s[:i], s[i+1:]...)`) and appends new items to the shortened
 * slice, so the caller's view of the live list (same backing array, old length) becomes the surviving
 * items followed by as many of the appended items as were deleted. `$setElementOrder` then orders by that
 * view; we reproduce it so that kubectl's apply patches order lists exactly as upstream does.
 */
export function mergeListFieldWithLiveView(
  original: JsonValue[],
  patch: JsonValue[],
  ctx: ListContext,
  isDeleteList: boolean,
  mergeObject: MergeObject,
): { merged: JsonValue[]; liveView: JsonValue[] } {
  if (ctx.strategy === "merge" || isDeleteList) return mergeList(original, patch, ctx, isDeleteList, mergeObject);
  return { merged: takeWholeList(patch), liveView: original };
}

function mergeList(
  original: JsonValue[],
  patch: JsonValue[],
  ctx: ListContext,
  isDeleteList: boolean,
  mergeObject: MergeObject,
): { merged: JsonValue[]; liveView: JsonValue[] } {
  if (original.length === 0 && patch.length === 0) return { merged: original, liveView: original };
  const kind = elementKind(original, patch)!;
  let serverOrder = original;
  let patchOrder = patch;
  let merged: JsonValue[];
  let liveView = original;
  if (kind !== "object") {
    if (isDeleteList) return { merged: original.filter((v) => !patch.includes(v)), liveView };
    merged = [...new Set([...original, ...patch])];
  } else {
    if (!ctx.mergeKey) throw internal(`cannot merge lists without merge key for ${ctx.name}`);
    const directed = applyItemDirectives(original, patch, ctx.mergeKey);
    serverOrder = directed.original;
    patchOrder = directed.patch;
    merged = mergeItems(serverOrder, patchOrder, ctx, mergeObject);
    if (!directed.replaced) {
      const removed = original.length - serverOrder.length;
      liveView = merged.slice(0, serverOrder.length + Math.min(removed, merged.length - serverOrder.length));
    }
  }
  const [patchItems, serverOnly] = partitionByPresence(merged, patchOrder, ctx.mergeKey);
  return { merged: normalizeElementOrder(patchItems, serverOnly, patchOrder, serverOrder, ctx.mergeKey, kind), liveView };
}

/**
 * Handles list items carrying `$patch`: `delete` removes every original item with that merge key,
 * `replace` makes the patch's other items the whole list. Returns the original to merge into and the
 * remaining patch items. (Upstream rejects `$patch: merge` in list items; we accept it as the default,
 * dropping a bare `{"$patch":"merge"}` item and merging an item that also names its merge key.)
 */
function applyItemDirectives(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
): { original: JsonValue[]; patch: JsonValue[]; replaced: boolean } {
  let remaining = original;
  const items: JsonValue[] = [];
  let replace = false;
  for (const v of patch) {
    const item = v as JsonObject;
    if (!Object.hasOwn(item, DIRECTIVE_MARKER)) {
      items.push(item);
      continue;
    }
    const directive = item[DIRECTIVE_MARKER];
    if (directive === "delete") {
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      remaining = remaining.filter((o) => mergeKeyOf(o, mergeKey) !== item[mergeKey]);
    } else if (directive === "replace") {
      replace = true;
    } else if (directive === "merge") {
      const { [DIRECTIVE_MARKER]: _, ...rest } = item;
      if (Object.keys(rest).length > 0) items.push(rest);
    } else {
      throw badPatchType(directive, item);
    }
  }
  if (replace) return { original: takeWholeList(items), patch: [], replaced: true };
  return { original: remaining, patch: items, replaced: false };
}

/** Merges each patch item into the original item with the same merge key, or appends it. */
function mergeItems(original: JsonValue[], patch: JsonValue[], ctx: ListContext, mergeObject: MergeObject): JsonValue[] {
  const out = [...original];
  for (const v of patch) {
    const key = mergeKeyOf(v, ctx.mergeKey);
    const at = out.findIndex((o) => {
      if (!isJsonObject(o)) throw internal(`value for key ${JSON.stringify(o)} is not a map`);
      return Object.hasOwn(o, ctx.mergeKey) && o[ctx.mergeKey] === key;
    });
    if (at >= 0) out[at] = mergeObject(out[at] as JsonObject, v as JsonObject, ctx.items);
    else out.push(takeWhole(v)!);
  }
  return out;
}
