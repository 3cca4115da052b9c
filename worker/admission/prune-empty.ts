/**
 * Drops empty maps and lists from an object before it is stored, as a round trip through kube-apiserver's
 * storage does: Go's `omitempty` (and protobuf, which has no empty-vs-nil distinction) never keeps `"labels":
 * {}` or `"finalizers": []`. Empty structs (`resources: {}`, `emptyDir: {}`, `status: {}`) stay — they are
 * values, not collections. Parts without a schema (free-form JSON) are left exactly as given.
 */
import type { SchemaNode } from "../patch/schema-node";

type Json = Record<string, unknown>;

function isPlainObject(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A schema node for a map (`additionalProperties` without declared properties), not a struct. */
function isMap(node: SchemaNode): boolean {
  const raw = node.raw;
  return !raw.properties && raw.additionalProperties !== undefined && raw.additionalProperties !== false;
}

export function pruneEmpty(obj: Json, node: SchemaNode | undefined): void {
  if (!node) return;
  for (const key of Object.keys(obj)) {
    const child = node.field(key);
    if (!child) continue;
    const value = obj[key];
    if (Array.isArray(value)) {
      if (value.length === 0) {
        delete obj[key];
        continue;
      }
      const items = child.items();
      if (items) for (const item of value) if (isPlainObject(item)) pruneEmpty(item, items);
    } else if (isPlainObject(value)) {
      pruneEmpty(value, child);
      if (isMap(child) && Object.keys(value).length === 0) delete obj[key];
    }
  }
}
