/**
 * ControllerRef adoption and orphaning, as upstream's BaseControllerRefManager.ClaimObject
 * (pkg/controller/controller_ref_manager.go): a controller owns what its controllerRef points at and its
 * selector matches, adopts matching orphans, and releases what it owns but no longer selects. The patches are
 * upstream's strategic merge patches (ownerRefControllerPatch, GenerateDeleteOwnerRefStrategicMergeBytes).
 * Used by the ReplicaSet controller for pods and by the Deployment controller for ReplicaSets.
 */
import type { KubeObject } from "../../../schema/types";

export type ClaimDecision = "owned" | "adopt" | "release" | "ignore";

/** metav1.GetControllerOfNoCopy: the ownerReference with controller=true, whatever its kind. */
export function controllerOf(obj: KubeObject): KubeObject | undefined {
  return (obj.metadata?.ownerReferences as KubeObject[] | undefined)?.find((r) => r.controller === true);
}

/** metav1.NewControllerRef. */
export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): KubeObject {
  return { apiVersion, kind, name: owner.metadata?.name, uid: owner.metadata?.uid, controller: true, blockOwnerDeletion: true };
}

/**
 * ClaimObject's decision for `obj`, given whether `controller`'s selector matches it. A controller being
 * deleted neither adopts nor releases; objects being deleted and objects of other namespaces are not adopted.
 */
export function claimDecision(controller: KubeObject, obj: KubeObject, matches: boolean): ClaimDecision {
  const ref = controllerOf(obj);
  const deleting = !!controller.metadata?.deletionTimestamp;
  if (ref) {
    if (ref.uid !== controller.metadata?.uid) return "ignore";
    if (matches) return "owned";
    return deleting ? "ignore" : "release";
  }
  if (deleting || !matches) return "ignore";
  if (obj.metadata?.deletionTimestamp) return "ignore";
  if (controller.metadata?.namespace && controller.metadata.namespace !== obj.metadata?.namespace) return "ignore";
  return "adopt";
}

/** The strategic merge patch that makes `controllerRef` the controller of the object with `uid`. */
export function adoptPatch(controllerRef: KubeObject, uid: string): KubeObject {
  return { metadata: { ownerReferences: [controllerRef], uid } };
}

/** The strategic merge patch that removes the ownerReference to `ownerUid` from the object with `uid`. */
export function releasePatch(ownerUid: string, uid: string): KubeObject {
  return { metadata: { ownerReferences: [{ $patch: "delete", uid: ownerUid }], uid } };
}

/** `obj` with `ref` as its controller, as the adoption patch leaves it. */
export function withControllerRef(obj: KubeObject, ref: KubeObject): KubeObject {
  const refs = ((obj.metadata?.ownerReferences ?? []) as KubeObject[]).filter((r) => r.uid !== ref.uid);
  return { ...obj, metadata: { ...obj.metadata, ownerReferences: [...refs, ref] } };
}
