/**
 * The scheduling queue as pure rules (pkg/scheduler/internal/queue, 1.32): which pods the default scheduler is
 * responsible for, which stored changes put pods back in line, and the order pods are tried in. The queue
 * itself is the scheduler loop's durable work queue: a pending pod is queued under its `namespace/name`, and
 * RETRY_ALL ("*") stands for upstream's unschedulable pods moved back by a cluster event (a node added or
 * changed, an assigned pod added, deleted or finished), so nothing is held only in memory.
 */
import type { KubeObject } from "../../schema/types";
import { keyOf, type WrittenChange } from "../controllers/framework/loop";

/** The profile this scheduler runs (v1.DefaultSchedulerName). */
export const DEFAULT_SCHEDULER_NAME = "default-scheduler";

/** The key that retries every pending pod (MoveAllToActiveOrBackoffQueue). */
export const RETRY_ALL = "*";

/** podMaxInUnschedulablePodsDuration: an unschedulable pod is retried after at most this long. */
export const POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS = 5 * 60_000;

/** corev1helpers.PodPriority: spec.priority, 0 when unset. */
export const podPriority = (pod: KubeObject): number => pod?.spec?.priority ?? 0;

const isTerminal = (pod: KubeObject): boolean => pod?.status?.phase === "Succeeded" || pod?.status?.phase === "Failed";

/** responsibleForPod: the pod names this scheduler's profile (an unset schedulerName is defaulted to it). */
export const responsibleForPod = (pod: KubeObject): boolean => (pod?.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME) === DEFAULT_SCHEDULER_NAME;

/**
 * A pod waiting for this scheduler: not bound, not being deleted, not finished, ours, and without scheduling
 * gates (the SchedulingGates PreEnqueue plugin keeps gated pods out of the active queue).
 */
export function isPendingPod(pod: KubeObject): boolean {
  if (!pod?.metadata || pod.spec?.nodeName || pod.metadata.deletionTimestamp || isTerminal(pod)) return false;
  if ((pod.spec?.schedulingGates ?? []).length > 0) return false;
  return responsibleForPod(pod);
}

/**
 * The keys a stored change wakes. A pending pod is queued itself; cluster events that can make an
 * unschedulable pod fit (upstream's queueing hints, coarsened: the change's previous state is not known here)
 * wake RETRY_ALL: any Node write but its deletion, an assigned pod that is added, freshly bound (not yet
 * running: InterPodAffinity and PodTopologySpread count it), finished or deleted, and a nominated pod deleted.
 */
export function schedulerWakes(change: WrittenChange): string[] {
  if (change.resource === "/nodes") return change.type === "DELETED" ? [] : [RETRY_ALL];
  if (change.resource !== "/pods") return [];
  const pod = change.object;
  if (!pod?.spec?.nodeName) {
    // A nominated pod that goes away frees the room it held for itself on its node.
    if (change.type === "DELETED") return pod?.status?.nominatedNodeName ? [RETRY_ALL] : [];
    return isPendingPod(pod) ? [keyOf(pod)] : [];
  }
  if (change.type !== "MODIFIED" || isTerminal(pod)) return [RETRY_ALL];
  const phase = pod.status?.phase;
  return !pod.metadata?.deletionTimestamp && (phase === undefined || phase === "Pending") ? [RETRY_ALL] : [];
}

const created = (pod: KubeObject): number => Date.parse(pod?.metadata?.creationTimestamp ?? "") || 0;

/**
 * The active queue's order (PrioritySort.Less): higher priority first, then the earlier queued (creation time
 * stands for the time the pod entered the queue); namespace/name breaks the remaining ties deterministically.
 */
export function queueOrder(a: KubeObject, b: KubeObject): number {
  const byPriority = podPriority(b) - podPriority(a);
  if (byPriority !== 0) return byPriority;
  const byAge = created(a) - created(b);
  if (byAge !== 0) return byAge;
  const ka = keyOf(a);
  const kb = keyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The pods one pass tries, in queue order: every pending pod for RETRY_ALL, else the pending pods among `keys`
 * (a key whose pod is gone, bound or no longer ours is simply dropped, as the queue's delete/update handlers do).
 */
export function podsToSchedule(pods: KubeObject[], keys: readonly string[]): KubeObject[] {
  const all = keys.includes(RETRY_ALL);
  const wanted = new Set(keys);
  return pods.filter((p) => isPendingPod(p) && (all || wanted.has(keyOf(p)))).sort(queueOrder);
}
