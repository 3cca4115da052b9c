/**
 * ControllerRefManager.ClaimObject (pkg/controller/controller_ref_manager.go) as a decision: which pods (or
 * ControllerRevisions) a DaemonSet owns, adopts (an orphan matching its selector) or releases (its own that no
 * longer match), and the strategic-merge patches upstream sends for adoption and release.
 */
import type { KubeObject } from "../../../schema/types";
import { labelSelectorFromObject, matchLabels } from "../../selectors";

export type Claim = "owned" | "adopt" | "release" | "ignore";

/** metav1.LabelSelectorAsSelector(...).Matches; an invalid selector matches nothing. */
export function selectorMatches(selector: KubeObject | undefined, labels: Record<string, string> | undefined): boolean {
  const parsed = labelSelectorFromObject(selector);
  return parsed.ok && matchLabels(parsed.requirements, labels ?? {});
}

/** ClaimObject for one object of the owner's namespace. */
export function claimOf(owner: KubeObject, obj: KubeObject): Claim {
  const ref = (obj.metadata?.ownerReferences ?? []).find((r: KubeObject) => r?.controller === true);
  const matches = selectorMatches(owner.spec?.selector, obj.metadata?.labels);
  const ownerDeleting = !!owner.metadata?.deletionTimestamp;
  if (ref) {
    if (ref.uid !== owner.metadata?.uid) return "ignore";
    if (matches) return "owned";
    return ownerDeleting ? "ignore" : "release";
  }
  if (ownerDeleting || !matches || obj.metadata?.deletionTimestamp) return "ignore";
  if (obj.metadata?.namespace && obj.metadata.namespace !== owner.metadata?.namespace) return "ignore";
  return "adopt";
}

/** AdoptPod / AdoptControllerRevision: add the controllerRef, guarded by the object's uid. */
export function adoptPatch(ownerRef: KubeObject, obj: KubeObject): KubeObject {
  return { metadata: { ownerReferences: [ownerRef], uid: obj.metadata?.uid } };
}

/** ReleasePod / ReleaseControllerRevision: delete the owner's reference, guarded by the object's uid. */
export function releasePatch(owner: KubeObject, obj: KubeObject): KubeObject {
  return { metadata: { ownerReferences: [{ $patch: "delete", uid: owner.metadata?.uid }], uid: obj.metadata?.uid } };
}
