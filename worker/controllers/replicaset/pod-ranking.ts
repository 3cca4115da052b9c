/**
 * Which pods a ReplicaSet deletes first when it has too many: upstream's controller.ActivePodsWithRanks order
 * (pkg/controller/controller_utils.go, with the PodDeletionCost and LogarithmicScaleDown gates on, as in 1.32)
 * and getPodsToDelete / getPodsRankedByRelatedPodsOnSameNode (pkg/controller/replicaset/replica_set.go).
 * Earlier in the order = deleted first.
 */
import type { KubeObject } from "../../../schema/types";
import { creationTime, isPodActive, isPodReady, maxContainerRestarts, podDeletionCost, podReadyTime } from "./pod-state";

/** Pending < Unknown < Running; any other phase (or none) ranks as Pending, as Go's map lookup gives 0. */
const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const phaseOrdinal = (pod: KubeObject) => PHASE_ORDINAL[pod.status?.phase ?? ""] ?? 0;

/** afterOrZero: t1 after t2, a zero (undefined) time counting as after any other. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** logarithmicRankDiff: the difference of ⌊log2(age in ns)⌋ of two times (-1 for no age). */
function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  const rank = (t: number) => (now - t > 0 ? Math.trunc(Math.log2((now - t) * 1e6)) : -1);
  return rank(t1) - rank(t2);
}

/** Compares two times newer-first in log2 buckets of age, the UID breaking ties (the 1.32 behaviour). */
function newerFirst(t1: number | undefined, t2: number | undefined, a: KubeObject, b: KubeObject, now: number): boolean {
  if (t1 === undefined || t2 === undefined) return afterOrZero(t1, t2);
  const diff = logarithmicRankDiff(t1, t2, now);
  if (diff === 0) return (a.metadata?.uid ?? "") < (b.metadata?.uid ?? "");
  return diff < 0;
}

export interface RankedPod {
  pod: KubeObject;
  /** Active pods of the same owner on the pod's node (doubled-up pods go first). */
  rank: number;
}

/** ActivePodsWithRanks.Less: true when `a` should be deleted before `b`. */
export function deleteBefore(a: RankedPod, b: RankedPod, now: number): boolean {
  const [pa, pb] = [a.pod, b.pod];
  // 1. Unassigned < assigned
  const [na, nb] = [pa.spec?.nodeName ?? "", pb.spec?.nodeName ?? ""];
  if (na !== nb && (na === "" || nb === "")) return na === "";
  // 2. Pending < Unknown < Running
  if (phaseOrdinal(pa) !== phaseOrdinal(pb)) return phaseOrdinal(pa) < phaseOrdinal(pb);
  // 3. Not ready < ready
  if (isPodReady(pa) !== isPodReady(pb)) return !isPodReady(pa);
  // 4. Lower pod-deletion-cost < higher
  if (podDeletionCost(pa) !== podDeletionCost(pb)) return podDeletionCost(pa) < podDeletionCost(pb);
  // 5. Doubled up < not doubled up
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. Ready for less time < more time (log2 buckets)
  if (isPodReady(pa) && isPodReady(pb)) {
    const [ra, rb] = [podReadyTime(pa), podReadyTime(pb)];
    if (ra !== rb) return newerFirst(ra, rb, pa, pb, now);
  }
  // 7. More container restarts < fewer
  if (maxContainerRestarts(pa) !== maxContainerRestarts(pb)) return maxContainerRestarts(pa) > maxContainerRestarts(pb);
  // 8. Empty creation time < newer < older (log2 buckets)
  const [ca, cb] = [creationTime(pa), creationTime(pb)];
  if (ca !== cb) return newerFirst(ca, cb, pa, pb, now);
  return false;
}

/** Ranks each pod by the active related pods (same owner's ReplicaSets) sharing its node, "" included. */
export function rankByRelatedPodsOnSameNode(pods: KubeObject[], related: KubeObject[]): RankedPod[] {
  const onNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) onNode.set(p.spec?.nodeName ?? "", (onNode.get(p.spec?.nodeName ?? "") ?? 0) + 1);
  return pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? "") ?? 0 }));
}

/** getPodsToDelete: the first `diff` pods in deletion order (no sorting when all of them go). */
export function podsToDelete(pods: KubeObject[], related: KubeObject[], diff: number, now: number): KubeObject[] {
  if (diff >= pods.length) return pods.slice(0, diff);
  const ranked = rankByRelatedPodsOnSameNode(pods, related);
  ranked.sort((a, b) => (deleteBefore(a, b, now) ? -1 : deleteBefore(b, a, now) ? 1 : 0));
  return ranked.slice(0, diff).map((r) => r.pod);
}
