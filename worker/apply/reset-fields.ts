/**
 * Fields that no manager owns, and the empty object a create starts from.
 *
 * - Stripped metadata (upstream stripMetaManager): apiVersion, kind, `metadata` itself and the
 *   server-set metadata fields are never recorded in managedFields.
 * - Reset fields (upstream rest.ResetFieldsStrategy / GetResetFields): with a status subresource, main
 *   resource writes ignore `status` and `/status` writes ignore everything but `status` and metadata
 *   (minus labels); ignored fields are neither owned nor in conflict.
 */
import type { SchemaNode } from "../patch/schema-node";
import { FieldSet, type Path } from "./field-set";
import { isObject } from "./json";

const f = (...names: string[]): Path => names.map((field) => ({ field }));

/** upstream stripMetaManager's stripSet (removed member by member, not recursively). */
export const STRIPPED_FIELDS = FieldSet.of(
  f("apiVersion"),
  f("kind"),
  f("metadata"),
  f("metadata", "name"),
  f("metadata", "namespace"),
  f("metadata", "creationTimestamp"),
  f("metadata", "selfLink"),
  f("metadata", "uid"),
  f("metadata", "clusterName"),
  f("metadata", "generation"),
  f("metadata", "managedFields"),
  f("metadata", "resourceVersion"),
);

export interface ResetOptions {
  schema?: SchemaNode;
  subresource?: string;
  /** Whether the kind has a status subresource; defaults to "the schema declares `status`". */
  statusSubresource?: boolean;
}

/** The fields a write through `subresource` (or the main resource) does not own. */
export function resetFields(opts: ResetOptions, ...objects: unknown[]): FieldSet {
  const hasStatus = opts.statusSubresource ?? isObject(opts.schema?.raw.properties?.status);
  if (!hasStatus) return new FieldSet();
  if (opts.subresource === undefined || opts.subresource === "") return FieldSet.of(f("status"));
  if (opts.subresource !== "status") return new FieldSet();
  const names = new Set<string>(Object.keys(opts.schema?.raw.properties ?? {}));
  for (const o of objects) if (isObject(o)) for (const k of Object.keys(o)) names.add(k);
  const out = FieldSet.of(f("metadata", "labels"));
  for (const n of names) if (!["apiVersion", "kind", "metadata", "status"].includes(n)) out.insert(f(n));
  return out;
}

/**
 * The object a create is compared against (upstream: a new, empty typed object). Go serializes its
 * non-pointer top-level structs (`metadata`, `spec`, `status`) as `{}`, so they count as present and a
 * create owns `f:spec` without a `.` member.
 */
export function emptyObject(schema?: SchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = schema?.raw.properties;
  if (!isObject(props)) return out;
  for (const k of Object.keys(props)) {
    const node = schema?.field(k);
    if (node?.type === "object" && isObject(node.raw.properties)) out[k] = {};
  }
  return out;
}

/** `obj` without `metadata.managedFields` (the field manager's view of an object). */
export function withoutManagedFields<T>(obj: T): T {
  if (!isObject(obj) || !isObject(obj.metadata) || !("managedFields" in obj.metadata)) return obj;
  const { managedFields: _, ...metadata } = obj.metadata;
  return { ...obj, metadata } as T;
}
