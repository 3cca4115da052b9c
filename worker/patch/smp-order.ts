/**
 * Element order of merged lists in strategic merge patch (upstream `normalizeElementOrder`,
 * `mergeSortedSlice`, `validatePatchWithSetOrderList`; design: kubernetes/design-proposals-archive
 * cli/preserve-order-in-strategic-merge-patch.md).
 *
 * After a merge the items are split into "patch items" (named by the patch list, or by
 * `$setElementOrder/<list>` when present) and "server-only items". Patch items take the patch's order,
 * server-only items keep the live order, and the two runs are interleaved greedily: a server-only item is
 * emitted first only while it precedes the next patch item in the live list. A patch item the live list
 * does not have (a new item) is therefore emitted as soon as it comes up, before the remaining server-only
 * items: patching `[a, b]` with `[{c}]` and no `$setElementOrder` gives `[c, a, b]`, as upstream does.
 */
import { isJsonObject, show, type JsonValue } from "./json";
import { internal } from "./patch-error";
import { DIRECTIVE_MARKER, badArgType, listOfLists, noMergeKey } from "./smp-directives";

export type ElementKind = "object" | "array" | "string" | "number" | "boolean" | "null";

export function kindOf(v: JsonValue): ElementKind {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v === "object" ? "object" : (typeof v as "string" | "number" | "boolean");
}

/**
 * The common kind of the elements of `lists` (`sliceElementType`), or `undefined` when all are empty.
 * Lists of lists are a 422; mixed kinds are a 500.
 */
export function elementKind(...lists: readonly JsonValue[][]): ElementKind | undefined {
  let kind: ElementKind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = kindOf(v);
      if (kind === undefined) {
        if (k === "array") throw listOfLists();
        kind = k;
      } else if (k !== kind) {
        throw internal(`list element types are not identical: ${show(lists)}`);
      }
    }
  }
  return kind;
}

/** The merge key value of a list item, requiring a map that has the key. */
export function mergeKeyOf(item: JsonValue, mergeKey: string): JsonValue {
  if (!isJsonObject(item)) throw badArgType("map", item);
  if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
  return item[mergeKey];
}

/** Identity of a list item: its merge key value for maps, itself otherwise (Go `==` on interfaces). */
function identity(item: JsonValue, mergeKey: string, kind: ElementKind): JsonValue | undefined {
  if (kind !== "object") return item;
  return isJsonObject(item) ? item[mergeKey] : undefined;
}

function indexIn(order: readonly JsonValue[], item: JsonValue, mergeKey: string, kind: ElementKind): number {
  const id = identity(item, mergeKey, kind);
  if (id !== null && typeof id === "object") return -1;
  return order.findIndex((o) => identity(o, mergeKey, kind) === id);
}

/**
 * Splits `merged` into the items present in `by` and the others, keeping order
 * (`partitionPrimitivesByPresentInList` / `partitionMapsByPresentInList`).
 */
export function partitionByPresence(
  merged: readonly JsonValue[],
  by: readonly JsonValue[],
  mergeKey: string,
): [present: JsonValue[], absent: JsonValue[]] {
  const present: JsonValue[] = [];
  const absent: JsonValue[] = [];
  if (!mergeKey) {
    const set = new Set(by);
    for (const v of merged) (set.has(v) ? present : absent).push(v);
    return [present, absent];
  }
  if (merged.length > 0) {
    for (const b of by) if (!isJsonObject(b)) throw internal(`value for key ${show(b)} is not a map`);
  }
  for (const v of merged) {
    const key = mergeKeyOf(v, mergeKey);
    (by.some((b) => isJsonObject(b) && b[mergeKey] === key) ? present : absent).push(v);
  }
  return [present, absent];
}

/**
 * `toSort` ordered by the position of each item in `order` (stable). For maps every item must carry the
 * merge key, and `$patch: delete` items go last (`normalizeSliceOrder`). Items `order` lacks keep their
 * relative order after the others (upstream's comparator is not consistent for them; they do not occur
 * in the callers' inputs).
 */
function normalizeSliceOrder(toSort: JsonValue[], order: readonly JsonValue[], mergeKey: string, kind: ElementKind): JsonValue[] {
  let items = toSort;
  let deletes: JsonValue[] = [];
  if (kind === "object") {
    for (const v of [...toSort, ...order]) mergeKeyOf(v, mergeKey);
    items = toSort.filter((v) => !(isJsonObject(v) && v[DIRECTIVE_MARKER] === "delete"));
    deletes = toSort.filter((v) => isJsonObject(v) && v[DIRECTIVE_MARKER] === "delete");
  }
  const keyed = items.map((v) => ({ v, i: indexIn(order, v, mergeKey, kind) }));
  const found = keyed.filter((x) => x.i >= 0).sort((a, b) => a.i - b.i);
  const missing = keyed.filter((x) => x.i < 0);
  return [...found, ...missing].map((x) => x.v).concat(deletes);
}

/** Greedy interleave of `serverOnly` into `patch` by live order (`mergeSortedSlice`). */
function mergeSortedSlice(
  serverOnly: readonly JsonValue[],
  patch: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length && j < patch.length) {
    const li = indexIn(serverOrder, serverOnly[i], mergeKey, kind);
    const ri = indexIn(serverOrder, patch[j], mergeKey, kind);
    if (li >= 0 && ri >= 0 && li < ri) out.push(serverOnly[i++]);
    else out.push(patch[j++]);
  }
  return out.concat(serverOnly.slice(i), patch.slice(j));
}

/**
 * The final order of a merged list: `patchItems` sorted by `patchOrder`, `serverOnly` sorted by
 * `serverOrder` (the live list), then interleaved (`normalizeElementOrder`).
 */
export function normalizeElementOrder(
  patchItems: JsonValue[],
  serverOnly: JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const patchSorted = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const serverSorted = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(serverSorted, patchSorted, serverOrder, mergeKey, kind);
}

function sameItem(a: JsonValue, b: JsonValue, mergeKey: string): boolean {
  if (!mergeKey) return a === b;
  return mergeKeyOf(a, mergeKey) === mergeKeyOf(b, mergeKey);
}

/**
 * `$setElementOrder/<list>` must name the patch list's items (deletions and directive items aside) in the
 * same relative order; otherwise upstream fails with a plain error (→ 500).
 */
export function validatePatchWithSetOrderList(patchList: readonly JsonValue[], order: readonly JsonValue[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey) {
    for (const v of patchList) if (!isJsonObject(v)) throw badArgType("map", v);
    items = patchList.filter((v) => (v as Record<string, JsonValue>)[DIRECTIVE_MARKER] !== "delete");
  }
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    if (isJsonObject(items[p]) && Object.hasOwn(items[p] as object, DIRECTIVE_MARKER)) {
      p++;
      continue;
    }
    if (sameItem(items[p], order[s], mergeKey)) p++;
    s++;
  }
  if (p < items.length && s >= order.length) {
    throw internal(`the order in patch list:\n${show(patchList)}\n doesn't match $setElementOrder list:\n${show(order)}`);
  }
}
