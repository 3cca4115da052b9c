/**
 * persistentVolumeClaimRetentionPolicy through owner references on the claims, pure, as stateful_set_utils.go
 * (1.32, StatefulSetAutoDeletePVC GA): the garbage collector deletes a claim when its owner goes, so
 *   Retain/Retain (whenScaled/whenDeleted): no reference from the set or the pod;
 *   Retain/Delete: a controller reference to the set;
 *   Delete/Retain: a controller reference to the pod once it is scaled down (out of the ordinal range);
 *   Delete/Delete: the set while the pod is in range, the pod once it is scaled down.
 * Stale references (our name, another UID) and other controllers are left alone.
 */
import type { KubeObject } from "../../../schema/types";
import { newControllerRef, type ParentKind } from "../history";
import { inOrdinalRange, POD_KIND, STATEFULSET_KIND } from "./identity";

type Policy = "Retain" | "Delete";

export function retentionPolicy(set: KubeObject): { whenDeleted: Policy; whenScaled: Policy } {
  const p: KubeObject = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: p.whenDeleted === "Delete" ? "Delete" : "Retain", whenScaled: p.whenScaled === "Delete" ? "Delete" : "Retain" };
}

const refs = (claim: KubeObject): KubeObject[] => claim.metadata?.ownerReferences ?? [];

/** matchesRef: the reference names `obj` by group/version, kind and name (any UID). */
const matchesRef = (ref: KubeObject, obj: KubeObject, kind: ParentKind): boolean =>
  ref.apiVersion === kind.apiVersion && ref.kind === kind.kind && ref.name === obj.metadata?.name;

const uidOf = (obj: KubeObject): string => obj.metadata?.uid ?? "";

/** hasOwnerRef: a reference with `owner`'s UID. */
export const hasOwnerRef = (claim: KubeObject, owner: KubeObject): boolean => refs(claim).some((r) => r.uid === uidOf(owner));

/** hasStaleOwnerRef: the first reference naming `obj` carries another UID. */
export function hasStaleOwnerRef(claim: KubeObject, obj: KubeObject, kind: ParentKind): boolean {
  const ref = refs(claim).find((r) => matchesRef(r, obj, kind));
  return ref !== undefined && (ref.uid ?? "") !== uidOf(obj);
}

/** hasUnexpectedController: with a Delete policy, a controller other than this set or pod (or a stale one of ours). */
export function hasUnexpectedController(claim: KubeObject, set: KubeObject, pod: KubeObject): boolean {
  const policy = retentionPolicy(set);
  if (policy.whenScaled === "Retain" && policy.whenDeleted === "Retain") return false;
  for (const ref of refs(claim)) {
    if (matchesRef(ref, set, STATEFULSET_KIND)) {
      if (ref.uid !== uidOf(set)) return true;
      continue;
    }
    if (matchesRef(ref, pod, POD_KIND)) {
      if (ref.uid !== uidOf(pod)) return true;
      continue;
    }
    if (ref.controller === true) return true;
  }
  return false;
}

/** hasNonControllerOwner: the set or pod owns the claim without being its controller. */
const hasNonControllerOwner = (claim: KubeObject, set: KubeObject, pod: KubeObject): boolean =>
  refs(claim).some((r) => (r.uid === uidOf(set) || r.uid === uidOf(pod)) && r.controller !== true);

/** isClaimOwnerUpToDate: the claim's references already say what the policy wants (or must not be touched). */
export function isClaimOwnerUpToDate(claim: KubeObject, set: KubeObject, pod: KubeObject): boolean {
  if (hasStaleOwnerRef(claim, set, STATEFULSET_KIND) || hasStaleOwnerRef(claim, pod, POD_KIND)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const want = wantedOwners(set, pod);
  return hasOwnerRef(claim, set) === want.set && hasOwnerRef(claim, pod) === want.pod;
}

function wantedOwners(set: KubeObject, pod: KubeObject): { set: boolean; pod: boolean } {
  const { whenScaled, whenDeleted } = retentionPolicy(set);
  const scaledDown = !inOrdinalRange(pod, set);
  if (whenScaled === "Retain") return { set: whenDeleted === "Delete", pod: false };
  if (whenDeleted === "Retain") return { set: false, pod: scaledDown };
  return { set: !scaledDown, pod: scaledDown };
}

/**
 * updateClaimOwnerRefForSetAndPod: the claim's references with ours scrubbed and re-added as the policy wants
 * (none when another controller manages the claim). Returns a new claim.
 */
export function withPolicyOwnerRefs(claim: KubeObject, set: KubeObject, pod: KubeObject): KubeObject {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let next = refs(claim).filter((r) => !matchesRef(r, set, STATEFULSET_KIND) && !matchesRef(r, pod, POD_KIND));
  if (!unexpected) {
    const want = wantedOwners(set, pod);
    if (want.set) next = addControllerRef(next, set, STATEFULSET_KIND);
    if (want.pod) next = addControllerRef(next, pod, POD_KIND);
  }
  const metadata: KubeObject = { ...claim.metadata };
  if (next.length) metadata.ownerReferences = next;
  else delete metadata.ownerReferences;
  return { ...claim, metadata };
}

function addControllerRef(list: KubeObject[], owner: KubeObject, kind: ParentKind): KubeObject[] {
  return list.some((r) => r.uid === uidOf(owner)) ? list : [...list, newControllerRef(owner, kind)];
}

/** PodClaimIsStale: with whenScaled Delete, a claim of the pod still references an older pod of that name. */
export function podClaimIsStale(set: KubeObject, pod: KubeObject, claims: (KubeObject | undefined)[]): boolean {
  if (retentionPolicy(set).whenScaled === "Retain") return false;
  return claims.some((c) => c !== undefined && hasStaleOwnerRef(c, pod, POD_KIND));
}
