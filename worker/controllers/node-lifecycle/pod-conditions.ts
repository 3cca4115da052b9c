/**
 * Pod conditions as the controllers change them: k8s.io/kubernetes/pkg/api/v1/pod UpdatePodCondition (the
 * transition time moves only when the status does; "changed" when any field differs) and IsPodReady.
 */
import type { KubeObject } from "../../../schema/types";
import type { PodCondition } from "../../kubelet/status/types";

export type { PodCondition };

/** DisruptionTarget: the condition the taint manager, the Eviction API and preemption set before deleting. */
export const DISRUPTION_TARGET = "DisruptionTarget";

export function podCondition(pod: KubeObject, type: string): PodCondition | undefined {
  const conditions: PodCondition[] = pod.status?.conditions ?? [];
  return conditions.find((c) => c?.type === type);
}

/** podutil.IsPodReady: the Ready condition is True. */
export const isPodReady = (pod: KubeObject): boolean => podCondition(pod, "Ready")?.status === "True";

const same = (a: unknown, b: unknown) => (a ?? "") === (b ?? "");

/**
 * UpdatePodCondition: `condition` (its lastTransitionTime ignored) replaces the condition of its type, or is
 * appended. Its lastTransitionTime is `now` unless the status is unchanged. Returns the new list and whether
 * anything changed; `conditions` is not modified.
 */
export function updatePodCondition(
  conditions: readonly PodCondition[] | undefined,
  condition: PodCondition,
  now: string,
): { conditions: PodCondition[]; changed: boolean } {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c?.type === condition.type);
  if (i < 0) return { conditions: [...list, { ...condition, lastTransitionTime: now }], changed: true };
  const old = list[i];
  const next: PodCondition = { ...condition, lastTransitionTime: condition.status === old.status ? old.lastTransitionTime : now };
  const equal =
    next.status === old.status &&
    same(next.reason, old.reason) &&
    same(next.message, old.message) &&
    same(next.lastProbeTime, old.lastProbeTime) &&
    same(next.lastTransitionTime, old.lastTransitionTime);
  list[i] = next;
  return { conditions: list, changed: !equal };
}
