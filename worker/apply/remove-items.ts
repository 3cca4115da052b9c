/**
 * Removing the members of a field set from an object (structured-merge-diff TypedValue.RemoveItems):
 * a member path drops the field, map key or list item together with everything below it; child sets
 * recurse. Atomic maps and lists are only removed whole.
 *
 * Upstream leaves a map or list that lost all its entries as `null`, which the typed Go object then
 * serializes as absent (maps, lists) or `{}` (non-pointer structs); this returns the same JSON directly.
 */
import type { SchemaNode } from "../patch/schema-node";
import type { FieldSet } from "./field-set";
import { isObject, setKey } from "./json";
import { indexList, shapeOf } from "./shape";

/** `value` without the members of `set` (a new value; the input is not modified). */
export function removeItems(value: unknown, set: FieldSet, schema?: SchemaNode): unknown {
  if (set.isEmpty()) return value;
  const shape = shapeOf(schema, value);
  if (shape.kind === "map" && !shape.atomic && isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const pe = { field: k };
      if (set.hasMember(pe)) continue;
      const sub = set.withPrefix(pe);
      if (sub.isEmpty()) {
        setKey(out, k, v);
        continue;
      }
      const child = schema?.field(k);
      const r = removeItems(v, sub, child);
      if (!emptied(v, r)) setKey(out, k, r);
      else if (child?.raw.properties) setKey(out, k, {});
    }
    return out;
  }
  if (shape.kind === "list" && shape.relationship !== "atomic" && Array.isArray(value)) {
    const itemNode = schema?.items();
    const idx = indexList(shape, value, itemNode);
    if (!idx.ok) return value;
    const out: unknown[] = [];
    for (const e of idx.entries) {
      if (set.hasMember(e.pe)) continue;
      const sub = set.withPrefix(e.pe);
      out.push(sub.isEmpty() ? e.item : removeItems(e.item, sub, itemNode));
    }
    return out;
  }
  return value;
}

function size(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (isObject(v)) return Object.keys(v).length;
  return -1;
}

function emptied(before: unknown, after: unknown): boolean {
  return size(before) > 0 && size(after) === 0;
}
