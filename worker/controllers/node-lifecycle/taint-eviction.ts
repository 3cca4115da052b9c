/**
 * NoExecute taint eviction as pure decisions (pkg/controller/tainteviction): a pod on a node with NoExecute
 * taints it does not all tolerate is deleted now; one tolerating them all is deleted after the smallest
 * tolerationSeconds of the tolerations used (v1helper.GetMatchingTolerations, getMinTolerationTime), never
 * when none of them is bounded. Before deleting, the pod gets DisruptionTarget=True
 * (DeletionByTaintManager).
 *
 * Upstream counts tolerationSeconds from the moment its in-memory timer was created (when it first saw the
 * pod on the tainted node); being stateless, this counts from the later of the earliest NoExecute taint's
 * timeAdded (the node controller stamps its taints) and the pod's binding (its PodScheduled transition, or
 * creation). A taint without timeAdded counts from the binding.
 */
import type { KubeObject } from "../../../schema/types";
import { toleratesTaint, type Toleration } from "../../scheduler/common/tolerations";
import { DISRUPTION_TARGET, podCondition, type PodCondition } from "./pod-conditions";
import type { Taint } from "./taints";
import { parseTime } from "./time";

export const TAINT_EVICTION_CONDITION: PodCondition = {
  type: DISRUPTION_TARGET,
  status: "True",
  reason: "DeletionByTaintManager",
  message: "Taint manager: deleting due to NoExecute taint",
};

export const noExecuteTaints = (node: KubeObject): Taint[] => ((node.spec?.taints ?? []) as Taint[]).filter((t) => t?.effect === "NoExecute");

/** GetMatchingTolerations: whether every taint is tolerated, and the first toleration matching each. */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): { tolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((tol) => toleratesTaint(tol, taint));
    if (!t) return { tolerated: false, used: [] };
    used.push(t);
  }
  return { tolerated: true, used };
}

/** getMinTolerationTime in ms: 0 when any is ≤ 0 (or none used), -1 when none is bounded (forever). */
export function minTolerationMs(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (typeof t.tolerationSeconds !== "number") continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

/** When the pod came to the node: its PodScheduled transition, else its creation (Unix ms). */
function boundAt(pod: KubeObject): number | undefined {
  return parseTime(podCondition(pod, "PodScheduled")?.lastTransitionTime) ?? parseTime(pod.metadata?.creationTimestamp);
}

export type TaintEvictionDecision = { action: "none" } | { action: "evict" } | { action: "wait"; afterMs: number };

/** What to do with `pod` on a node with NoExecute `taints` at `now` (Unix ms). */
export function planTaintEviction(pod: KubeObject, taints: readonly Taint[], now: number): TaintEvictionDecision {
  if (taints.length === 0 || pod.metadata?.deletionTimestamp) return { action: "none" };
  const { tolerated, used } = matchingTolerations(taints, pod.spec?.tolerations ?? []);
  if (!tolerated) return { action: "evict" };
  const min = minTolerationMs(used);
  if (min < 0) return { action: "none" };
  const added = taints.map((t) => parseTime(t.timeAdded)).filter((t): t is number => t !== undefined);
  const start = Math.max(added.length ? Math.min(...added) : -Infinity, boundAt(pod) ?? now);
  const at = start + min;
  return now >= at ? { action: "evict" } : { action: "wait", afterMs: at - now };
}
