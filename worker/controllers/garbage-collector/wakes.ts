/**
 * Which garbage-collector keys a stored write wakes (pure; runs after every write). Upstream's graph builder
 * reacts to informer events with a graph in memory; without one, a write wakes:
 * - DELETED: the scan of the object's namespace (its dependents can only be there; a cluster-scoped
 *   object's anywhere: the cluster scan), and each owner the object blocked (blockOwnerDeletion), so an owner
 *   deleting in the foreground sees its last blocking dependent go;
 * - an object being deleted with `orphan` or `foregroundDeletion`: the object (its dependents are orphaned or
 *   deleted first);
 * - any other live object with ownerReferences: the object (are its owners still there?). Objects being
 *   deleted without those finalizers are on a one-way trip and wake nothing.
 * Events (ignored resources) wake nothing. A reference removed or unblocked by an update does not wake its
 * owner (the old object is not seen here, upstream's addUnblockedOwnersToDeleteQueue): an owner waiting in the
 * foreground for that dependent is finished by the next cron scan.
 */
import type { WrittenChange } from "../framework/loop";
import { IGNORED_RESOURCES, type KindIndex } from "./kinds";
import { FOREGROUND_FINALIZER, hasFinalizer, isBeingDeleted, ORPHAN_FINALIZER, ownerReferencesOf, resolveReference } from "./decisions";
import { objectKey, scanKey } from "./keys";

export function garbageCollectorWakes(change: WrittenChange, kinds: KindIndex): string[] {
  if (IGNORED_RESOURCES.has(change.resource)) return [];
  const obj = change.object;
  const meta = obj.metadata ?? {};
  if (!meta.uid || !meta.name) return [];
  const namespace: string | undefined = meta.namespace || undefined;
  const refs = ownerReferencesOf(obj);
  if (change.type === "DELETED") {
    const keys = [scanKey(namespace)];
    for (const ref of refs) {
      if (ref.blockOwnerDeletion !== true) continue;
      const owner = resolveReference(kinds, namespace, ref);
      if (!owner.ok) continue;
      keys.push(objectKey({ group: owner.kind.group, resource: owner.kind.resource, namespace: owner.kind.namespaced ? namespace : undefined, name: ref.name, uid: ref.uid }));
    }
    return keys;
  }
  const slash = change.resource.indexOf("/");
  const self = objectKey({ group: change.resource.slice(0, slash), resource: change.resource.slice(slash + 1), namespace, name: meta.name, uid: meta.uid });
  if (isBeingDeleted(obj)) return hasFinalizer(obj, ORPHAN_FINALIZER) || hasFinalizer(obj, FOREGROUND_FINALIZER) ? [self] : [];
  return refs.length ? [self] : [];
}
