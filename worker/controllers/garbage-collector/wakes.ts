/**
 * Which garbage-collector keys a stored write wakes (pure; runs after every write). Upstream's graph builder
 * reacts to informer events with a graph in memory; without one, a write wakes:
 * - DELETED: the scan of the object's namespace (its dependents can only be there; a cluster-scoped
 *   object's anywhere: the cluster scan), and each owner the object blocked (blockOwnerDeletion), so an owner
 *   deleting in the foreground sees its last blocking dependent go;
 * - an object being deleted with `orphan` or `foregroundDeletion`: the object (its dependents are orphaned or
 *   deleted first);
 * - a live object with ownerReferences, when it is new or its references changed (as upstream's graph
 *   builder, which acts on reference diffs): the object (are its owners still there?); an update that leaves
 *   the references as they were wakes nothing (a pod being bound, its status reported). Without the old
 *   object, any update of an object with references wakes it.
 * - an update that removed a blocking reference or unblocked it: that owner (upstream's
 *   addUnblockedOwnersToDeleteQueue), so an owner deleting in the foreground sees it go.
 * Objects being deleted without those finalizers are on a one-way trip and wake nothing. Events (ignored
 * resources) wake nothing.
 */
import type { WrittenChange } from "../framework/loop";
import { IGNORED_RESOURCES, type KindIndex } from "./kinds";
import { FOREGROUND_FINALIZER, hasFinalizer, isBeingDeleted, ORPHAN_FINALIZER, ownerReferencesOf, resolveReference, type OwnerReference } from "./decisions";
import { objectKey, scanKey } from "./keys";

export function garbageCollectorWakes(change: WrittenChange, kinds: KindIndex): string[] {
  if (IGNORED_RESOURCES.has(change.resource)) return [];
  const obj = change.object;
  const meta = obj.metadata ?? {};
  if (!meta.uid || !meta.name) return [];
  const namespace: string | undefined = meta.namespace || undefined;
  const refs = ownerReferencesOf(obj);
  const ownerKeys = (blocking: OwnerReference[]) => {
    const keys: string[] = [];
    for (const ref of blocking) {
      const owner = resolveReference(kinds, namespace, ref);
      if (!owner.ok) continue;
      keys.push(objectKey({ group: owner.kind.group, resource: owner.kind.resource, namespace: owner.kind.namespaced ? namespace : undefined, name: ref.name, uid: ref.uid }));
    }
    return keys;
  };
  if (change.type === "DELETED") return [scanKey(namespace), ...ownerKeys(refs.filter((r) => r.blockOwnerDeletion === true))];
  const slash = change.resource.indexOf("/");
  const self = objectKey({ group: change.resource.slice(0, slash), resource: change.resource.slice(slash + 1), namespace, name: meta.name, uid: meta.uid });
  if (isBeingDeleted(obj)) return hasFinalizer(obj, ORPHAN_FINALIZER) || hasFinalizer(obj, FOREGROUND_FINALIZER) ? [self] : [];
  const old = change.type === "MODIFIED" ? change.oldObject : undefined;
  if (!old) return refs.length ? [self] : [];
  const oldRefs = ownerReferencesOf(old);
  if (JSON.stringify(oldRefs) === JSON.stringify(refs)) return [];
  const stillBlocking = new Set(refs.filter((r) => r.blockOwnerDeletion === true).map((r) => r.uid));
  const unblocked = ownerKeys(oldRefs.filter((r) => r.blockOwnerDeletion === true && !stillBlocking.has(r.uid)));
  return [...(refs.length ? [self] : []), ...unblocked];
}
