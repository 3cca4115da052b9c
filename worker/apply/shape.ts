/**
 * How server-side apply sees one node of an object: a scalar, a map (struct or string-keyed map, granular
 * or atomic) or a list (atomic, set, or map keyed by some fields), read from the kind's JSON Schema the way
 * upstream converts OpenAPI to a structured-merge-diff schema (k8s.io/kube-openapi/pkg/schemaconv):
 *
 * - `x-kubernetes-list-type: atomic|set|map` (+ `x-kubernetes-list-map-keys`) wins;
 * - else `x-kubernetes-patch-strategy: merge` makes the list associative, keyed by
 *   `x-kubernetes-patch-merge-key` (or a set of scalars without one);
 * - else lists are atomic. Maps are granular unless `x-kubernetes-map-type: atomic`.
 *
 * Where there is no schema (or it disagrees with the value), the shape is deduced from the value as
 * upstream's deduced schema does: objects are granular maps, arrays are atomic.
 */
import type { SchemaNode } from "../patch/schema-node";
import { type KeyField, type PathElement, pathElementToString, serializePathElement } from "./field-set";
import { isObject } from "./json";

export type Shape =
  | { kind: "scalar" }
  | { kind: "map"; atomic: boolean }
  | { kind: "list"; relationship: "atomic" }
  | { kind: "list"; relationship: "set" }
  | { kind: "list"; relationship: "map"; keys: string[] };

const SCALAR: Shape = { kind: "scalar" };

function jsonKind(v: unknown): "object" | "array" | "scalar" | undefined {
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? "array" : isObject(v) ? "object" : "scalar";
}

/** The shape of a node holding `values` (absent/null values defer to the others, then to the schema). */
export function shapeOf(node: SchemaNode | undefined, ...values: unknown[]): Shape {
  const kinds = new Set(values.map(jsonKind).filter((k) => k !== undefined));
  if (kinds.size > 1) return SCALAR; // a type change is a leaf replacement
  const schemaType = node?.type;
  const kind = [...kinds][0] ?? (schemaType === "object" ? "object" : schemaType === "array" ? "array" : "scalar");
  const typed = kind === "scalar" || schemaType === kind ? node : undefined;
  if (kind === "object") return { kind: "map", atomic: typed?.mapType() === "atomic" };
  if (kind === "array") return listShape(typed);
  return SCALAR;
}

function listShape(node: SchemaNode | undefined): Shape {
  if (!node) return { kind: "list", relationship: "atomic" };
  const info = node.listInfo();
  if (info.listType === "atomic") return { kind: "list", relationship: "atomic" };
  if (info.listType === "set") return { kind: "list", relationship: "set" };
  if (info.listType === "map") {
    return info.mapKeys?.length ? { kind: "list", relationship: "map", keys: info.mapKeys } : { kind: "list", relationship: "atomic" };
  }
  if (info.strategies.includes("merge")) {
    return info.mergeKey ? { kind: "list", relationship: "map", keys: [info.mergeKey] } : { kind: "list", relationship: "set" };
  }
  return { kind: "list", relationship: "atomic" };
}

/** A leaf for ownership purposes: owned, compared and replaced as a whole. */
export function isLeaf(shape: Shape): boolean {
  return shape.kind === "scalar" || (shape.kind === "map" ? shape.atomic : shape.relationship === "atomic");
}

/** Whether `name` is a declared field of a struct (upstream FindField), as opposed to a key of a map. */
export function isNamedField(node: SchemaNode | undefined, name: string): boolean {
  const props = node?.raw.properties;
  return isObject(props) && Object.hasOwn(props, name);
}

/** The schema below a path element: a field's schema, or the item schema of a list. */
export function childSchema(node: SchemaNode | undefined, pe: PathElement): SchemaNode | undefined {
  if (!node) return undefined;
  return "field" in pe ? node.field(pe.field) : node.items();
}

export type ItemElement = { ok: true; pe: PathElement } | { ok: false; error: string };

/**
 * The path element of a list item: `{value}` for a set, `{key}` for a list-map. A missing key field takes
 * the schema's `default`, as upstream does (every list-map key of the built-in kinds has one in OpenAPI
 * v3: `protocol` → "TCP", other keys their type's zero value).
 */
export function listItemElement(shape: Shape, index: number, item: unknown, itemNode: SchemaNode | undefined): ItemElement {
  if (shape.kind !== "list" || shape.relationship === "atomic") return { ok: true, pe: { index } };
  if (shape.relationship === "set") {
    if (isObject(item) || Array.isArray(item)) {
      return { ok: false, error: "associative list without keys has an element that's a map or a list" };
    }
    return { ok: true, pe: { value: item ?? null } };
  }
  if (!isObject(item)) return { ok: false, error: "associative list with keys may not have non-map elements" };
  const key: KeyField[] = [];
  for (const name of shape.keys) {
    const value = Object.hasOwn(item, name) ? item[name] : keyDefault(itemNode, name);
    if (value === undefined) {
      return { ok: false, error: `associative list with keys has an element that omits key field ${JSON.stringify(name)} (and doesn't have default value)` };
    }
    key.push({ name, value });
  }
  key.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { ok: true, pe: { key } };
}

export interface ListEntry {
  pe: PathElement;
  item: unknown;
}

/**
 * The items of an associative list with their path elements, or why it cannot be indexed (an item without
 * keys, or two items with the same key: upstream's "duplicate entries for key [name=\"a\"]").
 */
export function indexList(
  shape: Shape,
  items: unknown,
  itemNode: SchemaNode | undefined,
): { ok: true; entries: ListEntry[]; byKey: Map<string, unknown> } | { ok: false; error: string } {
  const entries: ListEntry[] = [];
  const byKey = new Map<string, unknown>();
  const list = Array.isArray(items) ? items : [];
  for (let i = 0; i < list.length; i++) {
    const r = listItemElement(shape, i, list[i], itemNode);
    if (!r.ok) return { ok: false, error: `element ${i}: ${r.error}` };
    const k = serializePathElement(r.pe);
    if (byKey.has(k)) return { ok: false, error: `duplicate entries for key ${pathElementToString(r.pe)}` };
    byKey.set(k, list[i]);
    entries.push({ pe: r.pe, item: list[i] });
  }
  return { ok: true, entries, byKey };
}

function keyDefault(itemNode: SchemaNode | undefined, name: string): unknown {
  const field = itemNode?.field(name);
  const declared = field?.raw.default;
  if (declared !== undefined) return declared;
  if (name === "protocol") return "TCP";
  switch (field?.type) {
    case "string":
      return "";
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return false;
    default:
      return field ? undefined : "";
  }
}
