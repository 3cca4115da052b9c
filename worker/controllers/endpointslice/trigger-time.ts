/**
 * TriggerTimeTracker (pkg/controller/endpoint and k8s.io/endpointslice/util, 1.32) as a pure step: the
 * `endpoints.kubernetes.io/last-change-trigger-time` to publish is the earliest pod or Service trigger time that
 * changed since the last sync of that Service (a pod's trigger is its Ready condition's lastTransitionTime, the
 * Service's its creationTimestamp); a Service seen for the first time publishes its creationTimestamp. The state
 * lives in each controller's memory, as upstream's does.
 */
import type { KubeObject } from "../../../schema/types";
import { podReadyCondition } from "../daemonset/pod-state";

export interface TriggerState {
  /** Unix ms of the Service trigger time last seen. */
  service: number;
  /** Unix ms of each pod's trigger time last seen, by pod name. */
  pods: Record<string, number>;
}

const ms = (t: unknown): number | undefined => {
  const v = typeof t === "string" ? Date.parse(t) : NaN;
  return Number.isNaN(v) ? undefined : v;
};

/** getPodTriggerTime. */
export const podTriggerTime = (pod: KubeObject): number | undefined => ms(podReadyCondition(pod)?.lastTransitionTime);

/** ComputeEndpointLastChangeTriggerTime: the time to publish (undefined: clear the annotation) and the new state. */
export function computeTriggerTime(
  state: TriggerState | undefined,
  service: KubeObject,
  pods: readonly KubeObject[],
): { time: number | undefined; state: TriggerState } {
  let min: number | undefined;
  const seen: Record<string, number> = {};
  for (const pod of pods) {
    const t = podTriggerTime(pod);
    if (t === undefined) continue;
    seen[pod.metadata?.name] = t;
    if (t > (state?.pods[pod.metadata?.name] ?? -Infinity)) min = Math.min(min ?? Infinity, t);
  }
  const serviceTime = ms(service.metadata?.creationTimestamp) ?? 0;
  if (serviceTime > (state?.service ?? -Infinity)) min = Math.min(min ?? Infinity, serviceTime);
  const next = { service: serviceTime, pods: seen };
  if (!state) return { time: ms(service.metadata?.creationTimestamp), state: next };
  return { time: min, state: next };
}

/** time.Time.UTC().Format(time.RFC3339Nano): fractional seconds without trailing zeros. */
export function formatRFC3339Nano(t: number): string {
  return new Date(t).toISOString().replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : "Z"));
}
