/**
 * Pod facts the workload controllers decide on, read as upstream reads them (k8s.io/kubernetes/pkg/api/v1/pod
 * podutil and pkg/controller/controller_utils.go): active, ready and since when, available after
 * minReadySeconds, container restarts, and the `controller.kubernetes.io/pod-deletion-cost` annotation.
 * Times are Unix milliseconds; `undefined` stands for Go's zero time.
 */
import type { KubeObject } from "../../../schema/types";

export const POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

/** controller.IsPodActive: not Succeeded, not Failed, no deletionTimestamp. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata?.deletionTimestamp;
}

function readyCondition(pod: KubeObject): KubeObject | undefined {
  return (pod.status?.conditions as KubeObject[] | undefined)?.find((c) => c.type === "Ready");
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === "True";
}

const time = (s: unknown): number | undefined => {
  if (typeof s !== "string" || !s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};

/** The Ready condition's lastTransitionTime of a ready pod (undefined when not ready or unset). */
export function podReadyTime(pod: KubeObject): number | undefined {
  return isPodReady(pod) ? time(readyCondition(pod)?.lastTransitionTime) : undefined;
}

export function creationTime(obj: KubeObject): number | undefined {
  return time(obj.metadata?.creationTimestamp);
}

/**
 * When a ready pod counts as available (podutil.IsPodAvailable: ready for more than minReadySeconds, strictly):
 * the first millisecond at which it is; `undefined` when it is not ready.
 */
export function podAvailableAt(pod: KubeObject, minReadySeconds: number): number | undefined {
  if (!isPodReady(pod)) return undefined;
  if (!minReadySeconds) return -Infinity;
  const since = podReadyTime(pod);
  return since === undefined ? undefined : since + minReadySeconds * 1000 + 1;
}

/** podutil.IsPodAvailable at `now`. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  const at = podAvailableAt(pod, minReadySeconds);
  return at !== undefined && at <= now;
}

export function maxContainerRestarts(pod: KubeObject): number {
  let max = 0;
  for (const c of (pod.status?.containerStatuses ?? []) as KubeObject[]) max = Math.max(max, c.restartCount ?? 0);
  return max;
}

/**
 * helper.GetDeletionCostFromPodAnnotations: an int32 without a plus sign or leading zeros; anything else is 0.
 */
export function podDeletionCost(pod: KubeObject): number {
  const value = pod.metadata?.annotations?.[POD_DELETION_COST];
  if (typeof value !== "string" || !/^(0|-\d+|[1-9]\d*)$/.test(value)) return 0;
  const n = Number(value);
  return n >= -(2 ** 31) && n <= 2 ** 31 - 1 ? n : 0;
}

/**
 * What a ReplicaSet's (and a StatefulSet's) reconcile reads of a pod, as one comparable string: labels
 * (selection, revision), ownerReferences (ownership), deletionTimestamp and phase (active, failed, succeeded),
 * the Ready condition (ready, available). An update that leaves it as it was — a pod being bound, container
 * statuses reported — cannot change the reconcile's outcome (which pod to delete when scaling down is ranked on
 * the pods read then; a pod's spec does not change).
 */
export function replicaSetView(pod: KubeObject): string {
  const ready = readyCondition(pod);
  const meta = pod.metadata ?? {};
  return JSON.stringify([meta.labels ?? {}, meta.ownerReferences ?? [], meta.deletionTimestamp ?? "", pod.status?.phase ?? "", ready?.status ?? "", ready?.lastTransitionTime ?? ""]);
}
