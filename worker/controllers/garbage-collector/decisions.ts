/**
 * The garbage collector's decisions, pure (pkg/controller/garbagecollector: attemptToDeleteItem,
 * processDeletingDependentsItem, attemptToOrphanWorker, and the patches of patch.go / operations.go).
 *
 * An ownerReference is classified as upstream's classifyReferences does:
 * - solid: the owner exists (same uid) and is not waiting for its dependents,
 * - dangling: no object with that name, or one with another uid,
 * - waiting: the owner exists, is being deleted and carries `foregroundDeletion`.
 */
import type { KubeObject } from "../../../schema/types";
import type { KindIndex, KindInfo } from "./kinds";

/** metav1.FinalizerOrphanDependents and metav1.FinalizerDeleteDependents. */
export const ORPHAN_FINALIZER = "orphan";
export const FOREGROUND_FINALIZER = "foregroundDeletion";

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export type ReferenceClass = "solid" | "dangling" | "waiting";

export interface ClassifiedReference {
  ref: OwnerReference;
  class: ReferenceClass;
}

export type PropagationPolicy = "Orphan" | "Foreground" | "Background";

export function ownerReferencesOf(obj: KubeObject): OwnerReference[] {
  return (obj.metadata?.ownerReferences ?? []) as OwnerReference[];
}

export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return (obj.metadata?.finalizers ?? []).includes(finalizer);
}

export function isBeingDeleted(obj: KubeObject): boolean {
  return !!obj.metadata?.deletionTimestamp;
}

/** Being deleted in the foreground: waiting for its blocking dependents to go. */
export function isDeletingDependents(obj: KubeObject): boolean {
  return isBeingDeleted(obj) && hasFinalizer(obj, FOREGROUND_FINALIZER);
}

/** The class of a reference whose owner was found (same uid); a missing owner is "dangling". */
export function classOfOwner(owner: KubeObject | undefined, ref: OwnerReference): ReferenceClass {
  if (!owner || owner.metadata?.uid !== ref.uid) return "dangling";
  return isDeletingDependents(owner) ? "waiting" : "solid";
}

export type Resolution = { ok: true; kind: KindInfo } | { ok: false; reason: string };

/**
 * The kind an ownerReference names, as isDangling resolves it: an apiVersion/kind the cluster does not serve
 * cannot be judged (upstream retries it forever; the item is left alone), and a cluster-scoped object cannot
 * have a namespaced owner (namespacedOwnerOfClusterScopedObjectErr: the item is left alone).
 */
export function resolveReference(kinds: KindIndex, dependentNamespace: string | undefined, ref: OwnerReference): Resolution {
  const kind = kinds.ofReference(ref.apiVersion, ref.kind);
  if (!kind) return { ok: false, reason: `no kind ${ref.kind} is served in ${ref.apiVersion}` };
  if (kind.namespaced && !dependentNamespace) return { ok: false, reason: "cluster-scoped objects cannot refer to namespaced owners" };
  return { ok: true, kind };
}

/** What a sync of an object key does with the object as it is now (upstream: which queue its node is in). */
export type ObjectPlan = "none" | "attemptToDelete" | "orphanDependents" | "deleteDependents";

export function planObject(obj: KubeObject | undefined): ObjectPlan {
  if (!obj) return "none";
  if (isBeingDeleted(obj)) {
    // startsWaitingForDependentsOrphaned is checked first and wins.
    if (hasFinalizer(obj, ORPHAN_FINALIZER)) return "orphanDependents";
    if (hasFinalizer(obj, FOREGROUND_FINALIZER)) return "deleteDependents";
    // "being deleted" is a one-way trip to the final deletion: wait for it.
    return "none";
  }
  return ownerReferencesOf(obj).length ? "attemptToDelete" : "none";
}

export type AttemptPlan =
  | { action: "none"; reason: string }
  | { action: "removeOwnerReferences"; uids: string[] }
  | { action: "delete"; propagationPolicy: PropagationPolicy; unblockFirst: boolean };

/** What the item's own dependents tell attemptToDeleteItem (only asked for when some owner is waiting). */
export interface DependentFacts {
  count: number;
  /** One of them is itself deleting its dependents (the cycle guard). */
  anyDeletingDependents: boolean;
}

/** attemptToDeleteItem needs the item's dependents only when no owner is solid and one is waiting. */
export function needsDependentFacts(refs: ClassifiedReference[]): boolean {
  return !refs.some((r) => r.class === "solid") && refs.some((r) => r.class === "waiting");
}

/**
 * attemptToDeleteItem for a live, classified item: keep it while an owner is solid (patching out the dangling
 * and waiting references); delete it in the foreground when an owner waits for it and it has dependents of
 * its own (first making its references non-blocking when one of those dependents is also deleting its
 * dependents: the cycle guard); otherwise delete it with the policy its own finalizers ask for (background
 * by default).
 */
export function planAttemptToDelete(item: KubeObject, refs: ClassifiedReference[], dependents?: DependentFacts): AttemptPlan {
  // A foreground-deleting item is its own key's work (planObject → deleteDependents).
  if (isBeingDeleted(item)) return { action: "none", reason: "being deleted" };
  if (refs.length === 0) return { action: "none", reason: "no owners" };
  const solid = refs.filter((r) => r.class === "solid");
  const gone = refs.filter((r) => r.class !== "solid");
  if (solid.length) {
    if (gone.length === 0) return { action: "none", reason: "has a solid owner" };
    return { action: "removeOwnerReferences", uids: gone.map((r) => r.ref.uid) };
  }
  const waiting = refs.some((r) => r.class === "waiting");
  if (waiting && dependents && dependents.count > 0) {
    return { action: "delete", propagationPolicy: "Foreground", unblockFirst: dependents.anyDeletingDependents };
  }
  const policy: PropagationPolicy = hasFinalizer(item, ORPHAN_FINALIZER) ? "Orphan" : hasFinalizer(item, FOREGROUND_FINALIZER) ? "Foreground" : "Background";
  return { action: "delete", propagationPolicy: policy, unblockFirst: false };
}

/** The dependent's reference to `ownerUid` blocks the owner's foreground deletion. */
export function blocksOwner(dependent: KubeObject, ownerUid: string): boolean {
  return ownerReferencesOf(dependent).some((r) => r.uid === ownerUid && r.blockOwnerDeletion === true);
}

/** An object with whatever the caller carries beside it (its kind, for the shell). */
export interface HasObject {
  object: KubeObject;
}

export type DeletingDependentsPlan<T extends HasObject> =
  | { action: "removeFinalizer" }
  /** Attempt these dependents; the owner stays while `blocking` dependents remain. */
  | { action: "attemptDependents"; dependents: T[]; blocking: number };

/**
 * processDeletingDependentsItem (with the transition's attempt of every dependent, level-triggered): no
 * blocking dependent left → remove `foregroundDeletion` (the API then deletes the owner); else attempt each
 * dependent not already on its way out.
 */
export function planDeletingDependents<T extends HasObject>(owner: KubeObject, dependents: T[]): DeletingDependentsPlan<T> {
  const uid = owner.metadata?.uid as string;
  const blocking = dependents.filter((d) => blocksOwner(d.object, uid)).length;
  if (blocking === 0) return { action: "removeFinalizer" };
  return { action: "attemptDependents", dependents: dependents.filter((d) => !isBeingDeleted(d.object)), blocking };
}

export interface OrphanPlan<T extends HasObject> {
  /** Each dependent still referencing the owner, with the patch removing that reference. */
  patches: { dependent: T; body: KubeObject }[];
  /** Then the owner loses `orphan` (the API deletes it when no finalizer is left). */
  removeFinalizer: boolean;
}

/** attemptToOrphanWorker: remove the owner from its dependents' ownerReferences, then the `orphan` finalizer. */
export function planOrphan<T extends HasObject>(owner: KubeObject, dependents: T[]): OrphanPlan<T> {
  const uid = owner.metadata?.uid as string;
  const patches = dependents
    .filter((d) => ownerReferencesOf(d.object).some((r) => r.uid === uid))
    .map((dependent) => ({ dependent, body: deleteOwnerReferencesPatch(dependent.object.metadata?.uid, [uid]) }));
  return { patches, removeFinalizer: hasFinalizer(owner, ORPHAN_FINALIZER) };
}

/** deleteOwnerRefStrategicMergePatch: removes the references to `ownerUids` (merge key uid). */
export function deleteOwnerReferencesPatch(dependentUid: string, ownerUids: string[]): KubeObject {
  return { metadata: { ownerReferences: ownerUids.map((uid) => ({ $patch: "delete", uid })), uid: dependentUid } };
}

/** unblockOwnerReferencesStrategicMergePatch: every blocking reference with blockOwnerDeletion=false. */
export function unblockOwnerReferencesPatch(item: KubeObject): KubeObject | undefined {
  const blocking = ownerReferencesOf(item).filter((r) => r.blockOwnerDeletion === true);
  if (!blocking.length) return undefined;
  return { metadata: { ownerReferences: blocking.map((r) => ({ ...r, blockOwnerDeletion: false })), uid: item.metadata?.uid } };
}

/**
 * removeFinalizer's JSON merge patch: the finalizers without `finalizer`, at the resourceVersion read (a lost
 * race is a 409 and the caller reads again). Undefined when the finalizer is already gone.
 */
export function removeFinalizerPatch(obj: KubeObject, finalizer: string): KubeObject | undefined {
  if (!hasFinalizer(obj, finalizer)) return undefined;
  const rest = (obj.metadata?.finalizers as string[]).filter((f) => f !== finalizer);
  return { metadata: { resourceVersion: obj.metadata?.resourceVersion, finalizers: rest.length ? rest : null } };
}
