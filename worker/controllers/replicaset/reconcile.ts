/**
 * The ReplicaSet controller's decisions for one sync (pkg/controller/replicaset/replica_set.go syncReplicaSet
 * and manageReplicas), pure: which pods to adopt and release, how many pods to create or which to delete (at
 * most burstReplicas per sync), and when to look again for pods that become available after minReadySeconds.
 */
import type { KubeObject } from "../../../schema/types";
import { labelSelectorFromObject, matchLabels } from "../../selectors";
import { claimDecision } from "./claim";
import { isPodActive, podAvailableAt } from "./pod-state";

/** BurstReplicas: the most pods one sync creates or deletes. */
export const BURST_REPLICAS = 500;

export interface PodClaims {
  /** Active pods the ReplicaSet owns and selects. */
  owned: KubeObject[];
  /** Matching orphans to adopt (owned once the patch succeeds). */
  adopt: KubeObject[];
  /** Pods it owns but no longer selects. */
  release: KubeObject[];
}

/** FilterActivePods then ClaimPods over every pod of the namespace. An invalid selector claims nothing. */
export function claimPods(rs: KubeObject, pods: KubeObject[]): PodClaims {
  const selector = labelSelectorFromObject(rs.spec?.selector);
  const requirements = selector.ok ? selector.requirements : null;
  const out: PodClaims = { owned: [], adopt: [], release: [] };
  for (const pod of pods) {
    if (!isPodActive(pod)) continue;
    const decision = claimDecision(rs, pod, matchLabels(requirements, pod.metadata?.labels));
    if (decision === "owned") out.owned.push(pod);
    else if (decision === "adopt") out.adopt.push(pod);
    else if (decision === "release") out.release.push(pod);
  }
  return out;
}

export type ManageReplicas = { action: "none" } | { action: "create"; count: number } | { action: "delete"; count: number };

/** manageReplicas: nothing for a ReplicaSet being deleted; else the difference to spec.replicas, capped. */
export function manageReplicas(rs: KubeObject, owned: KubeObject[]): ManageReplicas {
  if (rs.metadata?.deletionTimestamp) return { action: "none" };
  const diff = owned.length - (rs.spec?.replicas ?? 1);
  if (diff < 0) return { action: "create", count: Math.min(-diff, BURST_REPLICAS) };
  if (diff > 0) return { action: "delete", count: Math.min(diff, BURST_REPLICAS) };
  return { action: "none" };
}

/**
 * When to sync again for availability: the earliest moment an owned, ready pod passes minReadySeconds, plus a
 * second of slack (upstream enqueues after minReadySeconds + 1 s when a pod turns ready, and again after
 * minReadySeconds while ready != available). Undefined when no pod is waiting.
 */
export function availabilityRequeueMs(rs: KubeObject, owned: KubeObject[], now: number): number | undefined {
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  if (!minReadySeconds) return undefined;
  let next: number | undefined;
  for (const pod of owned) {
    const at = podAvailableAt(pod, minReadySeconds);
    if (at === undefined || at <= now) continue;
    next = next === undefined ? at : Math.min(next, at);
  }
  return next === undefined ? undefined : next - now + 1000;
}

/** The ReplicaSets controlled by `controllerUid` (a ReplicaSet's siblings, itself included); none for an orphan. */
export function replicaSetsWithSameController(all: KubeObject[], controllerUid: string | undefined): KubeObject[] {
  if (!controllerUid) return [];
  return all.filter((other) => (other.metadata?.ownerReferences as KubeObject[] | undefined)?.some((r) => r.controller === true && r.uid === controllerUid));
}

/** getIndirectlyRelatedPods: pods selected by any of `related`, each once. */
export function indirectlyRelatedPods(related: KubeObject[], pods: KubeObject[]): KubeObject[] {
  const seen = new Set<string>();
  const out: KubeObject[] = [];
  for (const rs of related) {
    const selector = labelSelectorFromObject(rs.spec?.selector);
    if (!selector.ok) continue;
    for (const pod of pods) {
      const uid = pod.metadata?.uid ?? "";
      if (seen.has(uid) || !matchLabels(selector.requirements, pod.metadata?.labels)) continue;
      seen.add(uid);
      out.push(pod);
    }
  }
  return out;
}
