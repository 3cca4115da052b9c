/**
 * Field ownership across writes (structured-merge-diff merge/update.go, the `Updater`).
 *
 * - Every write compares the old and new object. Fields another manager owns that the write added or
 *   modified are conflicts: an apply without `force` fails on them; otherwise (force, or any non-apply
 *   write) the other managers lose them. Removed fields are dropped from every other manager.
 * - An apply merges the configuration into the live object, makes the configuration's field set the
 *   applier's, then prunes what the applier owned before but no longer applies, unless another manager
 *   still owns it.
 */
import type { SchemaNode } from "../patch/schema-node";
import { type Comparison, compareObjects, excludeFields } from "./compare";
import { FieldSet } from "./field-set";
import { type Manager, type ManagerId, sameManager } from "./managers";
import { mergeObjects } from "./merge";
import { removeItems } from "./remove-items";
import { ensureNamedFieldsAreMembers, fieldSetOf } from "./to-field-set";

export interface OwnershipConflict {
  manager: Manager;
  /** The fields of `manager` the write would change. */
  set: FieldSet;
}

export type OwnershipResult =
  | { ok: true; managers: Manager[]; comparison: Comparison }
  | { ok: false; conflicts: OwnershipConflict[] };

/**
 * Updates the other managers' sets for a write from `oldObj` to `newObj` (upstream Updater.update).
 * `isSelf` marks the writing manager, which is left untouched.
 */
export function updateOwnership(
  oldObj: unknown,
  newObj: unknown,
  managers: Manager[],
  isSelf: (m: Manager) => boolean,
  force: boolean,
  ignored: FieldSet,
  schema?: SchemaNode,
): OwnershipResult {
  const comparison = excludeFields(compareObjects(oldObj, newObj, schema), ignored);
  const changed = comparison.modified.union(comparison.added);
  const conflicts: OwnershipConflict[] = [];
  for (const m of managers) {
    if (isSelf(m)) continue;
    const set = m.set.intersection(changed);
    if (!set.isEmpty()) conflicts.push({ manager: m, set });
  }
  if (!force && conflicts.length) return { ok: false, conflicts };
  const out = managers
    .map((m) => (isSelf(m) ? m : { ...m, set: m.set.difference(changed).difference(comparison.removed) }))
    .filter((m) => !m.set.isEmpty());
  return { ok: true, managers: out, comparison };
}

/**
 * Removes what the applier owned before (`lastSet`) but no longer applies, unless another manager (or
 * the new configuration) owns it (upstream Updater.prune, addBackOwnedItems, addBackDanglingItems).
 */
export function prune(merged: unknown, managers: Manager[], lastSet: FieldSet | undefined, schema?: SchemaNode): unknown {
  if (!lastSet || lastSet.isEmpty()) return merged;
  const named = (s: FieldSet) => ensureNamedFieldsAreMembers(s, schema);
  const last = named(lastSet);
  const mergedSet = named(fieldSetOf(merged, schema));
  // Everything below what was applied last time, minus whatever some manager still owns.
  const removedOnce = removeItems(merged, last, schema);
  const owned = named(managers.reduce((acc, m) => acc.union(m.set), new FieldSet()));
  const unowned = mergedSet.difference(named(fieldSetOf(removedOnce, schema)).union(owned));
  const addedBack = removeItems(merged, unowned, schema);
  // ...but only remove what the applier itself owned.
  const dangling = mergedSet.difference(named(fieldSetOf(addedBack, schema))).intersection(last);
  return removeItems(merged, dangling, schema);
}

export type ApplyCoreResult = { ok: true; object: unknown; managers: Manager[] } | { ok: false; conflicts: OwnershipConflict[] };

/**
 * Applies `config` (whose field set is `configSet`) to `liveObj` for manager `self` (upstream
 * Updater.Apply): merge, take ownership of the configuration's fields, prune, resolve conflicts.
 */
export function applyCore(
  liveObj: unknown,
  config: unknown,
  configSet: FieldSet,
  managers: Manager[],
  self: ManagerId,
  force: boolean,
  ignored: FieldSet,
  schema?: SchemaNode,
): ApplyCoreResult {
  const merged = mergeObjects(liveObj, config, schema);
  const previous = managers.find((m) => sameManager(m, self));
  const mine: Manager = { ...self, ...(previous?.time ? { time: previous.time } : {}), set: configSet.recursiveDifference(ignored) };
  const withMine = [...managers.filter((m) => m !== previous), mine];
  const pruned = prune(merged, withMine, previous?.set, schema);
  const r = updateOwnership(liveObj, pruned, withMine, (m) => m === mine, force, ignored, schema);
  if (!r.ok) return r;
  return { ok: true, object: pruned, managers: r.managers };
}
