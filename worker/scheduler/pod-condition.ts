/**
 * Pod conditions as the scheduler and the binding subresource write them: podutil.UpdatePodCondition (a
 * condition keeps its lastTransitionTime while its status stays; an identical condition is no change) and the
 * conditions upstream sets (PodScheduled, and DisruptionTarget on preemption victims).
 */
import type { KubeObject } from "../../schema/types";
import { rfc3339 } from "../handlers/context";

export interface PodCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

/** v1.PodReasonUnschedulable: the reason of PodScheduled=False when no node fits. */
export const POD_REASON_UNSCHEDULABLE = "Unschedulable";
/** v1.PodReasonPreemptionByScheduler: DisruptionTarget's reason on a preemption victim. */
export const POD_REASON_PREEMPTION_BY_SCHEDULER = "PreemptionByScheduler";

export function findPodCondition(pod: KubeObject, type: string): PodCondition | undefined {
  return (pod?.status?.conditions ?? []).find((c: PodCondition) => c?.type === type);
}

/**
 * UpdatePodCondition: the conditions with `condition` set (lastTransitionTime = now, or the old one while the
 * status is unchanged), and whether anything changed. `conditions` is not modified.
 */
export function updatePodCondition(
  conditions: PodCondition[] | undefined,
  condition: PodCondition,
  now: Date,
): { changed: boolean; conditions: PodCondition[] } {
  const list = [...(conditions ?? [])];
  const next: PodCondition = { ...condition, lastProbeTime: condition.lastProbeTime ?? null, lastTransitionTime: rfc3339(now) };
  const i = list.findIndex((c) => c?.type === condition.type);
  if (i < 0) return { changed: true, conditions: [...list, next] };
  const old = list[i];
  if (next.status === old.status) next.lastTransitionTime = old.lastTransitionTime;
  const equal =
    next.status === old.status &&
    (next.reason ?? "") === (old.reason ?? "") &&
    (next.message ?? "") === (old.message ?? "") &&
    (next.lastProbeTime ?? null) === (old.lastProbeTime ?? null) &&
    next.lastTransitionTime === old.lastTransitionTime;
  list[i] = next;
  return { changed: !equal, conditions: list };
}

/** PodScheduled=False, reason Unschedulable, with the FailedScheduling message (handleSchedulingFailure). */
export const unschedulableCondition = (message: string): PodCondition => ({
  type: "PodScheduled",
  status: "False",
  reason: POD_REASON_UNSCHEDULABLE,
  message,
});

/** DisruptionTarget=True on a victim (prepareCandidate): `<schedulerName>: preempting to accommodate a higher priority pod`. */
export const preemptionDisruptionCondition = (schedulerName: string): PodCondition => ({
  type: "DisruptionTarget",
  status: "True",
  reason: POD_REASON_PREEMPTION_BY_SCHEDULER,
  message: `${schedulerName}: preempting to accommodate a higher priority pod`,
});
