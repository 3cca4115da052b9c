/**
 * What the DaemonSet controller reads off a pod (k8s.io/kubernetes/pkg/api/v1/pod): readiness, availability after
 * `minReadySeconds`, terminal phases, the order it keeps the oldest pod by (podByCreationTimestampAndPhase), and
 * intstr.GetScaledValueFromIntOrPercent for maxUnavailable / maxSurge.
 */
import type { KubeObject } from "../../../schema/types";

/** GetPodReadyCondition. */
export const podReadyCondition = (pod: KubeObject): KubeObject | undefined =>
  (pod.status?.conditions ?? []).find((c: KubeObject) => c?.type === "Ready");

/** IsPodReady: the Ready condition is True. */
export const isPodReady = (pod: KubeObject): boolean => podReadyCondition(pod)?.status === "True";

/** IsPodTerminal: phase Failed or Succeeded. */
export const isPodTerminal = (pod: KubeObject): boolean => pod.status?.phase === "Failed" || pod.status?.phase === "Succeeded";

const timeOf = (t: unknown): number => (typeof t === "string" ? Date.parse(t) : NaN);

/**
 * IsPodAvailable: ready, and ready for at least `minReadySeconds` (Ready's lastTransitionTime + minReadySeconds
 * strictly before now). With minReadySeconds 0 a ready pod is available at once.
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = timeOf(podReadyCondition(pod)?.lastTransitionTime);
  return !Number.isNaN(since) && since + minReadySeconds * 1000 < now.getTime();
}

/** When a ready-but-not-yet-available pod becomes available (ms), or undefined. */
export function availableAt(pod: KubeObject, minReadySeconds: number): number | undefined {
  if (!isPodReady(pod) || !minReadySeconds) return undefined;
  const since = timeOf(podReadyCondition(pod)?.lastTransitionTime);
  return Number.isNaN(since) ? undefined : since + minReadySeconds * 1000;
}

/** podByCreationTimestampAndPhase: scheduled pods first, then oldest first, then by name. */
export function byCreationTimestampAndPhase(a: KubeObject, b: KubeObject): number {
  const aBound = !!a.spec?.nodeName;
  const bBound = !!b.spec?.nodeName;
  if (aBound !== bBound) return aBound ? -1 : 1;
  const at = timeOf(a.metadata?.creationTimestamp);
  const bt = timeOf(b.metadata?.creationTimestamp);
  if (at !== bt && !(Number.isNaN(at) && Number.isNaN(bt))) {
    if (Number.isNaN(at)) return -1;
    if (Number.isNaN(bt)) return 1;
    return at - bt;
  }
  const an: string = a.metadata?.name ?? "";
  const bn: string = b.metadata?.name ?? "";
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as is, "N%" of `total` rounded up (or down); undefined for a
 * value that is neither (upstream's error).
 */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number | undefined {
  if (value === undefined || value === null) return 0;
  if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const m = /^(-?\d+)%$/.exec(value);
  if (!m) return undefined;
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}
