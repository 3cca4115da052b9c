/**
 * Server-side apply of a configuration (`PATCH` with `application/apply-patch+yaml`, KUBECTL.md §7.8):
 * upstream FieldManager.Apply with the default manager chain of k8s.io/apimachinery/pkg/util/managedfields
 * over structured-merge-diff's Updater.Apply.
 *
 * Hand-written by necessity: no JavaScript library implements server-side apply.
 */
import type { SchemaNode } from "../patch/schema-node";
import { type ApplyConflict, conflictsFromOwnership } from "./conflicts";
import { deepEqual, isObject } from "./json";
import { allowedConflictsFromLastApplied, KUBECTL_APPLIER, syncLastApplied } from "./last-applied";
import { decodeManagedFields, encodeManagedFields, type ManagedFieldsEntry, type Manager, type ManagerId, sameManager } from "./managers";
import { applyCore, type ApplyCoreResult } from "./ownership";
import { emptyObject, resetFields, STRIPPED_FIELDS, withoutManagedFields } from "./reset-fields";
import { appliedFieldSet } from "./to-field-set";
import { recordUpdate } from "./update-managed-fields";

type KubeObject = Record<string, unknown>;

export interface ApplyOptions {
  /** `force=true` (`--force-conflicts`): take the conflicting fields from their managers. */
  force: boolean;
  /** The apiVersion of the configuration (`apps/v1`). */
  apiVersion: string;
  schema?: SchemaNode;
  /** RFC 3339 (second precision): recorded for the applier when the object changes. */
  now: string;
  subresource?: string;
  /** Whether the kind has a status subresource; defaults to "the schema declares `status`". */
  statusSubresource?: boolean;
}

export type ApplyResult =
  | {
      ok: true;
      /** The new object, `metadata.managedFields` included (omitted when empty). */
      object: KubeObject;
      managedFields: ManagedFieldsEntry[];
      /** Whether `object` differs from the live object at all (managedFields included). */
      changed: boolean;
    }
  /** 409 Conflict: render with `conflictStatus`. */
  | { ok: false; conflicts: ApplyConflict[]; error?: undefined }
  /**
   * The configuration cannot be applied (duplicate list keys, managedFields set, ...). Upstream answers
   * 500 with an empty reason and `failed to create typed patch object (<gvk>): <error>`, or 400 for
   * `metadata.managedFields must be nil`.
   */
  | { ok: false; conflicts: []; error: string; badRequest?: boolean };

/** The manager upstream records existing fields under when an untracked object is first applied to. */
export const BEFORE_FIRST_APPLY = "before-first-apply";

/**
 * Applies `config` as `manager` to `live` (`undefined`: the object does not exist yet and is created).
 * Fields the manager applied before but no longer applies are removed unless another manager owns them;
 * changing a field another manager owns is a conflict unless `force`. The returned object is a new value.
 */
export function applyConfiguration(
  live: KubeObject | undefined,
  config: KubeObject,
  manager: string,
  opts: ApplyOptions,
): ApplyResult {
  const { schema } = opts;
  if (isObject(config.metadata) && config.metadata.managedFields != null) {
    return { ok: false, conflicts: [], error: "metadata.managedFields must be nil", badRequest: true };
  }
  const applied = appliedFieldSet(config, schema);
  if (!applied.ok) return { ok: false, conflicts: [], error: applied.errors.join(", ") };
  const decoded = decodeManagedFields(isObject(live?.metadata) ? live.metadata.managedFields : undefined);
  if (!decoded.ok) return { ok: false, conflicts: [], error: `failed to decode managed fields: ${decoded.error}` };

  const liveObj: KubeObject = live ? withoutManagedFields(live) : {};
  const ignored = resetFields(opts, live, config);
  let managers = decoded.managers;
  if (live && managers.length === 0) {
    // upstream skipNonAppliedManager: an untracked object's fields go to "before-first-apply" first.
    const id: ManagerId = { manager: BEFORE_FIRST_APPLY, operation: "Update", apiVersion: opts.apiVersion };
    managers = recordUpdate(emptyObject(schema), liveObj, [], id, opts.now, ignored, schema);
  }

  const self: ManagerId = { manager, operation: "Apply", apiVersion: opts.apiVersion, ...(opts.subresource ? { subresource: opts.subresource } : {}) };
  const run = (force: boolean) => applyCore(liveObj, config, applied.set, managers, self, force, ignored, schema);
  let r: ApplyCoreResult = run(opts.force);
  if (!r.ok && manager === KUBECTL_APPLIER) {
    const allowed = allowedConflictsFromLastApplied(liveObj, opts.apiVersion, schema);
    if (allowed) {
      const remaining = r.conflicts.map((c) => ({ ...c, set: c.set.difference(allowed) })).filter((c) => !c.set.isEmpty());
      r = remaining.length ? { ok: false, conflicts: remaining } : run(true);
    }
  }
  if (!r.ok) return { ok: false, conflicts: conflictsFromOwnership(r.conflicts) };

  const noop = deepEqual(liveObj, r.object);
  const result: Manager[] = [];
  for (const m of r.managers) {
    if (!sameManager(m, self)) {
      result.push(m);
      continue;
    }
    const set = m.set.difference(STRIPPED_FIELDS);
    if (set.isEmpty()) continue;
    const { time: _, ...rest } = m;
    result.push({ ...rest, set, ...(noop ? (m.time ? { time: m.time } : {}) : { time: opts.now }) });
  }
  const managedFields = encodeManagedFields(result);

  const object = structuredClone(noop ? liveObj : (r.object as KubeObject));
  if (manager === KUBECTL_APPLIER) syncLastApplied(object, config);
  const metadata = (isObject(object.metadata) ? object.metadata : (object.metadata = {})) as KubeObject;
  if (managedFields.length) metadata.managedFields = managedFields;
  else delete metadata.managedFields;
  return { ok: true, object, managedFields, changed: !deepEqual(live, object) };
}
