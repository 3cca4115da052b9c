/**
 * Which pods a StatefulSet owns, pure (ControllerRefManager.ClaimPods with the isMemberOf filter, as
 * getPodsForStatefulSet): its controlled pods that still match are kept, controlled pods that no longer match
 * (selector or name) are released, and orphans that match are adopted — never while the set is being deleted,
 * and never a pod that is itself being deleted.
 */
import type { KubeObject } from "../../../schema/types";
import { matchLabels, type LabelRequirement } from "../../selectors";
import { isMemberOf } from "./identity";

export interface PodClaims {
  owned: KubeObject[];
  adopt: KubeObject[];
  release: KubeObject[];
}

const controllerRef = (obj: KubeObject): KubeObject | undefined =>
  (obj.metadata?.ownerReferences ?? []).find((r: KubeObject) => r.controller === true);

export function claimPods(set: KubeObject, selector: LabelRequirement[] | null, pods: KubeObject[]): PodClaims {
  const out: PodClaims = { owned: [], adopt: [], release: [] };
  const deleting = !!set.metadata?.deletionTimestamp;
  for (const pod of pods) {
    const matches = matchLabels(selector, pod.metadata?.labels ?? {}) && isMemberOf(set, pod);
    const ref = controllerRef(pod);
    if (ref) {
      if (ref.uid !== set.metadata?.uid) continue;
      if (matches) out.owned.push(pod);
      else if (!deleting) out.release.push(pod);
      continue;
    }
    if (deleting || !matches || pod.metadata?.deletionTimestamp) continue;
    out.adopt.push(pod);
  }
  return out;
}
