/**
 * The set of fields an object sets (structured-merge-diff typed/tofieldset.go): what an applier owns after
 * applying a configuration.
 *
 * Leaves are members: scalars (also `null`), atomic maps and lists as a whole. Every item of an
 * associative list is a member (`.` in FieldsV1) besides its own fields, and so is every key of a
 * string-keyed map; declared struct fields (`metadata`, `spec`) are members only when they are leaves.
 */
import type { SchemaNode } from "../patch/schema-node";
import { FieldSet, type Path, pathToString } from "./field-set";
import { isObject } from "./json";
import { childSchema, indexList, isNamedField, shapeOf } from "./shape";

/** The fields `obj` sets. Lists that cannot be indexed (duplicate keys) count as one leaf. */
export function fieldSetOf(obj: unknown, schema?: SchemaNode): FieldSet {
  const set = new FieldSet();
  walk(obj, schema, [], set, undefined);
  return set;
}

/**
 * The fields an applied configuration sets, or upstream's errors for a configuration that cannot be
 * applied (`.spec.containers: duplicate entries for key [name="a"]`).
 */
export function appliedFieldSet(config: unknown, schema?: SchemaNode): { ok: true; set: FieldSet } | { ok: false; errors: string[] } {
  const set = new FieldSet();
  const errors: string[] = [];
  walk(config, schema, [], set, errors);
  return errors.length ? { ok: false, errors } : { ok: true, set };
}

function walk(value: unknown, node: SchemaNode | undefined, path: Path, set: FieldSet, errors: string[] | undefined): void {
  const shape = shapeOf(node, value);
  if (shape.kind === "scalar") {
    set.insert(path);
    return;
  }
  if (shape.kind === "map") {
    if (shape.atomic) {
      set.insert(path);
      return;
    }
    if (!isObject(value)) return;
    for (const [k, v] of Object.entries(value)) {
      const p = [...path, { field: k }];
      walk(v, node?.field(k), p, set, errors);
      if (!isNamedField(node, k)) set.insert(p);
    }
    return;
  }
  if (shape.relationship === "atomic") {
    set.insert(path);
    return;
  }
  if (!Array.isArray(value)) return;
  const itemNode = node?.items();
  const idx = indexList(shape, value, itemNode);
  if (!idx.ok) {
    if (errors) errors.push(`${pathToString(path)}: ${idx.error}`);
    else set.insert(path);
    return;
  }
  for (const e of idx.entries) {
    const p = [...path, e.pe];
    walk(e.item, itemNode, p, set, errors);
    set.insert(p);
  }
}

/**
 * Adds, as members, the declared struct fields that have members below them (upstream
 * Set.EnsureNamedFieldsAreMembers): pruning removes `spec` when nothing under it is owned any more.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, schema?: SchemaNode): FieldSet {
  const out = new FieldSet();
  for (const pe of set.memberElements()) out.insertMember(pe);
  for (const [pe, child] of set.childEntries()) {
    if ("field" in pe && isNamedField(schema, pe.field)) out.insertMember(pe);
    out.insertChild(pe, ensureNamedFieldsAreMembers(child, childSchema(schema, pe)));
  }
  return out;
}
