/**
 * One node's reconcile as a value: the health check, the conditions to write, the taints the result calls
 * for, the NodeNotReady event on the node's Ready → not-Ready transition (RecordNodeStatusChange) and whether
 * its pods are to be marked not Ready (MarkPodsNotReady, for a node whose kubelet went silent), plus when to
 * look again. The loop applies it in that order.
 */
import type { KubeObject } from "../../../schema/types";
import { nodeHealth, recheckAfterMs, type NodeCondition, type NodeHealth } from "./health";
import { updatePodCondition, type PodCondition } from "./pod-conditions";
import { reconcileNodeTaints, type NoExecuteGate, type Taint } from "./taints";
import { timeString } from "./time";

export interface NodePlan {
  /** New status.conditions (write first). */
  conditions?: NodeCondition[];
  /** New spec.taints. */
  taints?: Taint[];
  /** Record NodeNotReady ("Node <name> status is now: NodeNotReady"). */
  nodeNotReadyEvent: boolean;
  /** List the node's pods and mark the Ready ones not Ready. */
  markPodsNotReady: boolean;
  requeueAfterMs?: number;
}

/** The plan for `node` at `now` (Unix ms), its health already judged (`health`, from nodeHealth). */
export function planNode(node: KubeObject, health: NodeHealth, gate: NoExecuteGate, now: number, resync = false): NodePlan {
  const conditions = health.conditions ?? node.status?.conditions ?? [];
  return {
    conditions: health.conditions,
    taints: reconcileNodeTaints(node, conditions, health.ready, gate, timeString(now)),
    nodeNotReadyEvent: health.observedReady === "True" && health.ready !== "True",
    markPodsNotReady: health.ready === "Unknown",
    requeueAfterMs: recheckAfterMs(health, now, resync),
  };
}

/** planNode with the health judged here (tests, single nodes). */
export function planNodeAt(node: KubeObject, lease: KubeObject | undefined, gate: NoExecuteGate, now: number): NodePlan {
  return planNode(node, nodeHealth(node, lease, now), gate, now);
}

/**
 * MarkPodsNotReady for one pod: its conditions with Ready set to False (other fields kept), or undefined when
 * it has no Ready condition or it is already False.
 */
export function podNotReadyConditions(pod: KubeObject, now: number): PodCondition[] | undefined {
  const conditions: PodCondition[] = pod.status?.conditions ?? [];
  const ready = conditions.find((c) => c?.type === "Ready");
  if (!ready) return undefined;
  const { lastTransitionTime: _ignored, ...rest } = ready;
  const res = updatePodCondition(conditions, { ...rest, status: "False" }, timeString(now));
  return res.changed ? res.conditions : undefined;
}
