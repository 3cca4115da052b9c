/**
 * Merging an applied configuration into the live object (structured-merge-diff TypedValue.Merge with
 * "keep the right-hand side"): nothing is removed here (pruning is separate), the configuration's value
 * wins for every leaf, maps merge key by key, associative lists merge item by item (list-map items by
 * their keys, set items by value), atomic lists and maps are replaced whole.
 *
 * Item order follows upstream: items only in the live list keep their place relative to their
 * neighbours, items present in both appear in the configuration's order, new items where the
 * configuration puts them.
 */
import type { SchemaNode } from "../patch/schema-node";
import { serializePathElement } from "./field-set";
import { isObject, setKey } from "./json";
import { indexList, isLeaf, type Shape, shapeOf } from "./shape";

/** `live` with `config` merged in. Values are shared with the inputs: clone before mutating. */
export function mergeObjects(live: unknown, config: unknown, schema?: SchemaNode): unknown {
  return merge(live, config, schema);
}

function isEmpty(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return v === undefined || v === null;
}

function merge(lhs: unknown, rhs: unknown, node: SchemaNode | undefined): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined) return rhs;
  const shape = shapeOf(node, lhs, rhs);
  if (isLeaf(shape) || (isEmpty(lhs) && isEmpty(rhs))) return rhs;
  if (shape.kind === "map") {
    const l = isObject(lhs) ? lhs : {};
    const r = isObject(rhs) ? rhs : {};
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(l)) setKey(out, k, merge(l[k], Object.hasOwn(r, k) ? r[k] : undefined, node?.field(k)));
    for (const k of Object.keys(r)) if (!Object.hasOwn(l, k)) setKey(out, k, r[k]);
    return out;
  }
  return mergeList(lhs, rhs, shape, node?.items());
}

function mergeList(lhs: unknown, rhs: unknown, shape: Shape, itemNode: SchemaNode | undefined): unknown {
  const li = indexList(shape, lhs, itemNode);
  const ri = indexList(shape, rhs, itemNode);
  if (!li.ok || !ri.ok) return rhs; // duplicate keys: the configuration replaces the list
  const L = li.entries.map((e) => ({ key: serializePathElement(e.pe), item: e.item }));
  const R = ri.entries.map((e) => ({ key: serializePathElement(e.pe), item: e.item }));
  // Items in both lists, in the configuration's order; `s` points at the next one not yet written.
  const shared = R.filter((e) => li.byKey.has(e.key)).map((e) => e.key);
  let s = 0;
  const out: unknown[] = [];
  const emit = (key: string, value: unknown) => {
    out.push(value);
    if (shared[s] === key) s++;
  };
  let i = 0;
  let j = 0;
  while (i < L.length || j < R.length) {
    if (i < L.length && j < R.length) {
      if (L[i].key === R[j].key) {
        emit(R[j].key, merge(L[i].item, R[j].item, itemNode));
        i++;
        j++;
        continue;
      }
      // A shared item the configuration places later: it is written when the configuration reaches it.
      if (ri.byKey.has(L[i].key) && shared[s] !== undefined && shared[s] !== L[i].key) {
        i++;
        continue;
      }
    }
    if (i < L.length && !ri.byKey.has(L[i].key)) {
      out.push(L[i].item);
      i++;
      continue;
    }
    if (j < R.length) {
      emit(R[j].key, merge(li.byKey.get(R[j].key), R[j].item, itemNode));
      j++;
      continue;
    }
    i++; // a shared live item already written
  }
  return out;
}
