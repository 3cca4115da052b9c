/**
 * What the StatefulSet controller reads from a pod's status, pure (stateful_set_utils.go and podutil): created
 * (the API server gave it a phase), running and Ready, available (Ready for `minReadySeconds`, podutil.
 * IsPodAvailable), terminating, failed or succeeded.
 */
import type { KubeObject } from "../../../schema/types";

export const isCreated = (pod: KubeObject): boolean => !!pod.status?.phase;
export const isPending = (pod: KubeObject): boolean => pod.status?.phase === "Pending";
export const isFailed = (pod: KubeObject): boolean => pod.status?.phase === "Failed";
export const isSucceeded = (pod: KubeObject): boolean => pod.status?.phase === "Succeeded";
export const isTerminating = (pod: KubeObject): boolean => !!pod.metadata?.deletionTimestamp;

function readyCondition(pod: KubeObject): KubeObject | undefined {
  return ((pod.status?.conditions ?? []) as KubeObject[]).find((c) => c.type === "Ready");
}

/** podutil.IsPodReady: the Ready condition is True. */
export const isPodReady = (pod: KubeObject): boolean => readyCondition(pod)?.status === "True";

/** isRunningAndReady: phase Running and Ready. */
export const isRunningAndReady = (pod: KubeObject): boolean => pod.status?.phase === "Running" && isPodReady(pod);

/**
 * When a Ready pod counts as available: `minReadySeconds` after its Ready transition (undefined when it is not
 * Ready, or has no transition time while minReadySeconds > 0).
 */
export function availableAt(pod: KubeObject, minReadySeconds: number): number | undefined {
  if (!isPodReady(pod)) return undefined;
  if (minReadySeconds <= 0) return -Infinity;
  const t = Date.parse(readyCondition(pod)?.lastTransitionTime ?? "");
  return Number.isNaN(t) ? undefined : t + minReadySeconds * 1000;
}

/** podutil.IsPodAvailable: Ready, and Ready for strictly longer than `minReadySeconds` at `now`. */
export function isRunningAndAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  const at = availableAt(pod, minReadySeconds);
  return at !== undefined && (minReadySeconds <= 0 || at < now);
}

/** isHealthy: running, Ready and not terminating. */
export const isHealthy = (pod: KubeObject): boolean => isRunningAndReady(pod) && !isTerminating(pod);

/** isUnavailable: not healthy, or not yet available. */
export const isUnavailable = (pod: KubeObject, minReadySeconds: number, now: number): boolean =>
  !isHealthy(pod) || !isRunningAndAvailable(pod, minReadySeconds, now);
