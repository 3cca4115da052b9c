/**
 * managedFields for non-apply writes: create, update (PUT) and the merge/strategic/JSON patches
 * (upstream FieldManager.Update with the default manager chain of
 * k8s.io/apimachinery/pkg/util/managedfields).
 *
 * The fields the write added or changed become owned by the writing manager (operation `Update`, one
 * entry per manager/apiVersion/subresource) and are taken from every other manager; removed fields are
 * dropped from everyone. This is what makes `kubectl apply --server-side` conflict with
 * `kubectl-client-side-apply`, `kubectl-scale`, `kubectl-edit`...
 */
import type { SchemaNode } from "../patch/schema-node";
import type { FieldSet } from "./field-set";
import { capUpdateManagers, decodeManagedFields, encodeManagedFields, type ManagedFieldsEntry, type Manager, type ManagerId, sameManager } from "./managers";
import { updateOwnership } from "./ownership";
import { emptyObject, resetFields, STRIPPED_FIELDS, withoutManagedFields } from "./reset-fields";
import { isObject } from "./json";

export interface UpdateOptions {
  operation: "Update";
  /** The apiVersion the client wrote with (`apps/v1`). */
  apiVersion: string;
  schema?: SchemaNode;
  /** RFC 3339 (second precision): the time recorded for the manager when it changed something. */
  now: string;
  /** `status`, `scale`... when the write went through a subresource. */
  subresource?: string;
  /** Whether the kind has a status subresource; defaults to "the schema declares `status`". */
  statusSubresource?: boolean;
}

/**
 * The `metadata.managedFields` of `obj` after a non-apply write by `manager`; `old` is `undefined` on
 * create. An empty result means "omit managedFields".
 *
 * As upstream: managedFields sent with the write replace the stored ones (except on subresources);
 * `[]` or `[{}]` resets them, and an existing object without managedFields stays untracked.
 */
export function updateManagedFields(
  old: Record<string, unknown> | undefined,
  obj: Record<string, unknown>,
  manager: string,
  opts: UpdateOptions,
): ManagedFieldsEntry[] {
  const base = baseManagers(old, obj, !!opts.subresource);
  const creating = old === undefined || !(isObject(old.metadata) && old.metadata.uid);
  if (base.length === 0 && !creating) return [];
  const oldObj = old ? withoutManagedFields(old) : emptyObject(opts.schema);
  const ignored = resetFields(opts, old, obj);
  const self: ManagerId = { manager, operation: "Update", apiVersion: opts.apiVersion, ...(opts.subresource ? { subresource: opts.subresource } : {}) };
  const managers = recordUpdate(oldObj, withoutManagedFields(obj), base, self, opts.now, ignored, opts.schema);
  return encodeManagedFields(capUpdateManagers(managers));
}

/**
 * Ownership after a write by Update manager `self` (upstream managedFieldsUpdater over the
 * structured-merge updater): what changed is added to `self`'s entry, whose time becomes `now`.
 */
export function recordUpdate(
  oldObj: unknown,
  newObj: unknown,
  managers: Manager[],
  self: ManagerId,
  now: string,
  ignored: FieldSet,
  schema?: SchemaNode,
): Manager[] {
  const r = updateOwnership(oldObj, newObj, managers, () => false, true, ignored, schema);
  if (!r.ok) return managers; // unreachable: forced
  const c = r.comparison;
  const current = c.modified.union(c.added).difference(c.removed).recursiveDifference(ignored).difference(STRIPPED_FIELDS);
  if (current.isEmpty()) return r.managers;
  const previous = r.managers.find((m) => sameManager(m, self));
  const entry: Manager = { ...self, time: now, set: previous ? current.union(previous.set) : current };
  return [...r.managers.filter((m) => m !== previous), entry];
}

function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  return entries.length === 0 || (entries.length === 1 && isObject(entries[0]) && Object.keys(entries[0]).length === 0);
}

function managedFieldsOf(obj: Record<string, unknown> | undefined): unknown {
  return isObject(obj?.metadata) ? obj.metadata.managedFields : undefined;
}

/** upstream decodeManagedFields: the request's entries win unless absent, undecodable, or a subresource write. */
function baseManagers(old: Record<string, unknown> | undefined, obj: Record<string, unknown>, subresource: boolean): Manager[] {
  const live = () => {
    const d = decodeManagedFields(managedFieldsOf(old));
    return d.ok ? d.managers : [];
  };
  if (subresource) return live();
  const sent = managedFieldsOf(obj);
  if (isReset(sent)) return [];
  const d = decodeManagedFields(sent);
  return d.ok && d.managers.length ? d.managers : live();
}
