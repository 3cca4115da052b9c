/**
 * Comparing two versions of an object field by field (structured-merge-diff TypedValue.Compare): which
 * fields the new version added, modified or removed. This is what ownership follows on every write.
 *
 * Leaves (scalars, atomic maps/lists, and maps/lists empty on both sides) are added, removed or modified
 * as a whole. A granular map or list-map item that appears or disappears is itself added/removed too,
 * besides its fields: that is why a created list item shows up as `k:{...}: {".": {}, ...}`.
 */
import type { SchemaNode } from "../patch/schema-node";
import { FieldSet, type Path, serializePathElement } from "./field-set";
import { deepEqual, isObject } from "./json";
import { indexList, isLeaf, shapeOf } from "./shape";

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Compares `lhs` (old) with `rhs` (new); `undefined` means absent. */
export function compareObjects(lhs: unknown, rhs: unknown, schema?: SchemaNode): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walk(lhs, rhs, schema, [], c);
  return c;
}

/** Drops the `ignored` fields (and what is below them) from a comparison (upstream ExcludeFields). */
export function excludeFields(c: Comparison, ignored: FieldSet): Comparison {
  if (ignored.isEmpty()) return c;
  return {
    added: c.added.recursiveDifference(ignored),
    modified: c.modified.recursiveDifference(ignored),
    removed: c.removed.recursiveDifference(ignored),
  };
}

const own = (o: Record<string, unknown>, k: string) => (Object.hasOwn(o, k) ? o[k] : undefined);

function leaf(lhs: unknown, rhs: unknown, path: Path, c: Comparison): void {
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
  else if (!deepEqual(lhs, rhs)) c.modified.insert(path);
}

function isEmpty(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return v === undefined || v === null;
}

function walk(lhs: unknown, rhs: unknown, node: SchemaNode | undefined, path: Path, c: Comparison): void {
  const shape = shapeOf(node, lhs, rhs);
  if (isLeaf(shape) || (isEmpty(lhs) && isEmpty(rhs))) {
    leaf(lhs, rhs, path, c);
    return;
  }
  if (shape.kind === "map") {
    const l = isObject(lhs) ? lhs : {};
    const r = isObject(rhs) ? rhs : {};
    for (const k of new Set([...Object.keys(l), ...Object.keys(r)])) {
      walk(own(l, k), own(r, k), node?.field(k), [...path, { field: k }], c);
    }
  } else if (shape.kind === "list") {
    const itemNode = node?.items();
    const li = indexList(shape, lhs, itemNode);
    const ri = indexList(shape, rhs, itemNode);
    if (!li.ok || !ri.ok) {
      leaf(lhs, rhs, path, c); // duplicates: the list is compared as a whole
      return;
    }
    const seen = new Set<string>();
    for (const e of [...li.entries, ...ri.entries]) {
      const k = serializePathElement(e.pe);
      if (seen.has(k)) continue;
      seen.add(k);
      walk(li.byKey.get(k), ri.byKey.get(k), itemNode, [...path, e.pe], c);
    }
  }
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
}
