/**
 * One scheduling pass, planned (pure): the pods to try in queue order, each scheduled against a snapshot that
 * already holds the pods placed before it (the scheduler cache's assume), with DefaultPreemption for those that
 * fit nowhere. The plan is what the pass would write: bindings, preemptions (victims to delete), and pod status
 * updates — PodScheduled=False with the FailedScheduling message, status.nominatedNodeName — only where they
 * change something, so a converged cluster plans nothing.
 */
import type { KubeObject } from "../../schema/types";
import type { SpreadWorkloads } from "./common";
import { keyOf } from "../controllers/framework/loop";
import { fitErrorMessage } from "./filters";
import type { RandomInt } from "./scores";
import { rfc3339 } from "../handlers/context";
import { unschedulableCondition, updatePodCondition, type PodCondition } from "./pod-condition";
import { preempt } from "./preemption";
import { podsToSchedule } from "./queue";
import { ERR_NO_NODES_AVAILABLE, schedulePod, type ScheduleResult } from "./schedule-one";
import { assumePod, buildSnapshot, forgetNomination, markTerminating, nominatePod, type Snapshot } from "./snapshot";

/** v1.PodReasonSchedulerError: PodScheduled=False after an error that is not a fit failure. */
export const POD_REASON_SCHEDULER_ERROR = "SchedulerError";

export interface PassInput {
  nodes: KubeObject[];
  /** Every pod of the cluster (assigned ones fill the nodes; pending ones are the queue). */
  pods: KubeObject[];
  /** PodDisruptionBudgets, for the preemption victims' order. */
  pdbs?: KubeObject[];
  /** Namespaces (their labels, for affinity terms' namespaceSelector). */
  namespaces?: KubeObject[];
  /** Services and workloads, for PodTopologySpread's system default constraints. */
  workloads?: SpreadWorkloads;
  /** The woken keys: `namespace/name` of pending pods, or RETRY_ALL. */
  keys: readonly string[];
  randomInt: RandomInt;
  now: Date;
}

export interface PlannedBinding {
  pod: KubeObject;
  node: string;
}

export interface PlannedPreemption {
  preemptor: KubeObject;
  node: string;
  victims: KubeObject[];
}

/** One status patch of a pod: a condition to set and/or nominatedNodeName to set (a name) or clear (null). */
export interface PlannedStatus {
  pod: KubeObject;
  condition?: PodCondition;
  nominatedNodeName?: string | null;
  /** The FailedScheduling event's message, when the pass failed the pod. */
  failedSchedulingMessage?: string;
}

export interface SchedulingPlan {
  bindings: PlannedBinding[];
  preemptions: PlannedPreemption[];
  statusUpdates: PlannedStatus[];
  /** Keys of the pods this pass left unscheduled. */
  unschedulable: string[];
}

/** What handleSchedulingFailure records for one failed pod. */
interface Failure {
  reason: string;
  message: string;
  /** ModeOverride: the nomination to write (null clears it); undefined leaves it (ModeNoop). */
  nominate?: string | null;
}

/**
 * scheduleOne for each queued pod in turn: bind (and assume) on success; on failure run preemption and plan the
 * status handleSchedulingFailure would write. Nominations changed earlier in the pass are seen by later pods.
 */
export function planSchedulingPass(input: PassInput): SchedulingPlan {
  const snapshot = buildSnapshot(input.nodes, input.pods, input.namespaces, input.workloads);
  const pdbs = input.pdbs ?? [];
  const now = input.now.getTime();
  const plan: SchedulingPlan = { bindings: [], preemptions: [], statusUpdates: [], unschedulable: [] };
  const updates = new Map<string, PlannedStatus>();
  /** Nominations this pass changed, by uid (a later pod's view of an earlier one's status). */
  const nominations = new Map<string, string | null>();
  const uidOf = (pod: KubeObject) => String(pod.metadata?.uid ?? keyOf(pod));
  const update = (pod: KubeObject, change: Omit<PlannedStatus, "pod">) => {
    const merged = { ...(updates.get(uidOf(pod)) ?? { pod }), ...change };
    updates.set(uidOf(pod), merged);
  };

  for (const queued of podsToSchedule(input.pods, input.keys)) {
    const pod = withNomination(queued, nominations.get(uidOf(queued)));
    const result = schedulePod(pod, snapshot, input.randomInt);
    if (result.ok) {
      plan.bindings.push({ pod, node: result.host });
      assumePod(snapshot, pod, result.host);
      continue;
    }
    plan.unschedulable.push(keyOf(pod));
    const failure = failureOf(pod, result, snapshot, pdbs, now, plan, (p) => {
      update(p, { nominatedNodeName: null });
      nominations.set(uidOf(p), null);
    });
    if (failure.nominate !== undefined) {
      nominations.set(uidOf(pod), failure.nominate);
      if (failure.nominate === null) forgetNomination(snapshot, pod);
    }
    const status = failureStatus(pod, failure, input.now);
    if (status) update(pod, status);
  }
  plan.statusUpdates = [...updates.values()];
  return plan;
}

function withNomination(pod: KubeObject, nomination: string | null | undefined): KubeObject {
  if (nomination === undefined) return pod;
  const status = { ...pod.status };
  if (nomination === null) delete status.nominatedNodeName;
  else status.nominatedNodeName = nomination;
  return { ...pod, status };
}

/** The failure's reason and message; a fit failure runs preemption (planned into `plan`) first. */
function failureOf(
  pod: KubeObject,
  result: Exclude<ScheduleResult, { ok: true }>,
  snapshot: Snapshot,
  pdbs: KubeObject[],
  now: number,
  plan: SchedulingPlan,
  clearNomination: (pod: KubeObject) => void,
): Failure {
  if ("noNodes" in result) return { reason: "Unschedulable", message: ERR_NO_NODES_AVAILABLE, nominate: null };
  if ("error" in result) return { reason: POD_REASON_SCHEDULER_ERROR, message: result.error, nominate: null };
  const diagnosis = result.fit;
  const post = preempt(pod, snapshot, diagnosis, pdbs, now);
  const message = fitErrorMessage({
    numAllNodes: diagnosis.numAllNodes,
    nodeReasons: [...diagnosis.nodeStatuses.values()].map((s) => s.reasons),
    preFilterMsg: diagnosis.preFilterMsg,
    postFilterMsg: post.kind === "candidate" ? undefined : post.message,
  });
  if (post.kind === "ineligible") return { reason: "Unschedulable", message };
  if (post.kind === "none") return { reason: "Unschedulable", message, nominate: null };
  plan.preemptions.push({ preemptor: pod, node: post.node, victims: post.victims });
  markTerminating(snapshot, post.node, post.victims, rfc3339(new Date(now)));
  for (const lower of post.lowerNominated) {
    forgetNomination(snapshot, lower);
    clearNomination(lower);
  }
  nominatePod(snapshot, pod, post.node);
  return { reason: "Unschedulable", message, nominate: post.node };
}

/** updatePod: the condition and nomination to write, or undefined when both are as stored. */
export function failureStatus(pod: KubeObject, failure: Failure, now: Date): Omit<PlannedStatus, "pod"> | undefined {
  const condition = { ...unschedulableCondition(failure.message), reason: failure.reason };
  const updated = updatePodCondition(pod.status?.conditions, condition, now);
  const current = pod.status?.nominatedNodeName ?? "";
  const nominationChanges = failure.nominate !== undefined && current !== (failure.nominate ?? "");
  if (!updated.changed && !nominationChanges) return undefined;
  const out: Omit<PlannedStatus, "pod"> = { failedSchedulingMessage: failure.message };
  if (updated.changed) out.condition = updated.conditions.find((c) => c.type === "PodScheduled");
  if (nominationChanges) out.nominatedNodeName = failure.nominate ?? null;
  return out;
}
