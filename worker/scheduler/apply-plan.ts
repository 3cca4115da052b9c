/**
 * A planned scheduling pass written through the API as kube-scheduler writes it: bindings (POST pods/binding,
 * then the `Scheduled` event), preemption (the victim's DisruptionTarget condition, its deletion and the
 * `Preempted` event), and pod status patches (PodScheduled=False, nominatedNodeName) with their
 * `FailedScheduling` events. Writes run in parallel with bounded concurrency. A pod that is gone or was bound
 * meanwhile (404/409) is skipped; any other failure is returned so the pass is retried with back-off.
 */
import type { KubeObject } from "../../schema/types";
import { STRATEGIC_PATCH, type ControllerApi } from "../controllers/framework/api";
import { mapLimit } from "../controllers/framework/queue";
import type { InternalResponse } from "../internal-client";
import type { PlannedBinding, PlannedPreemption, PlannedStatus, SchedulingPlan } from "./pass";
import { preemptionDisruptionCondition, updatePodCondition } from "./pod-condition";
import { DEFAULT_SCHEDULER_NAME } from "./queue";

/** Binding goroutines in flight (upstream binds asynchronously, one goroutine per pod): bounded here. */
export const BIND_CONCURRENCY = 32;

/** validation.NoteLengthLimit: event messages are cut to 1024 characters with " ..." (truncateMessage). */
const NOTE_LENGTH_LIMIT = 1024;

export function truncateMessage(message: string): string {
  if (message.length <= NOTE_LENGTH_LIMIT) return message;
  const suffix = " ...";
  return message.slice(0, NOTE_LENGTH_LIMIT - suffix.length) + suffix;
}

const podPath = (pod: KubeObject): string => `/api/v1/namespaces/${pod.metadata?.namespace}/pods/${pod.metadata?.name}`;

/** Writes `plan`; returns the failures (empty when every write landed or no longer applied). */
export async function applySchedulingPlan(api: ControllerApi, plan: SchedulingPlan): Promise<string[]> {
  const errors: string[] = [];
  const check = (what: string, res: InternalResponse, skip: number[] = [404]): boolean => {
    if (res.status >= 200 && res.status < 300) return true;
    if (!skip.includes(res.status)) errors.push(`${what}: ${res.status} ${res.body?.message ?? ""}`);
    return false;
  };
  const bound = await mapLimit(plan.bindings, BIND_CONCURRENCY, (b) => bind(api, b, check));
  // The `Scheduled` events once the pass's pods are bound (upstream's recorder writes them in the background).
  await mapLimit(plan.bindings.filter((_, i) => bound[i]), BIND_CONCURRENCY, ({ pod, node }) =>
    api.event(pod, "Normal", "Scheduled", `Successfully assigned ${pod.metadata?.namespace}/${pod.metadata?.name} to ${node}`),
  );
  for (const p of plan.preemptions) await mapLimit(p.victims, BIND_CONCURRENCY, (v) => preemptVictim(api, p, v, check));
  await mapLimit(plan.statusUpdates, BIND_CONCURRENCY, (s) => writeStatus(api, s, check));
  return errors;
}

type Check = (what: string, res: InternalResponse, skip?: number[]) => boolean;

/** DefaultBinder.Bind: whether the pod is bound. A 409 is a pod bound or recreated meanwhile. */
async function bind(api: ControllerApi, { pod, node }: PlannedBinding, check: Check): Promise<boolean> {
  const { namespace, name, uid } = pod.metadata ?? {};
  const binding = { apiVersion: "v1", kind: "Binding", metadata: { name, namespace, uid }, target: { kind: "Node", name: node } };
  const res = await api.create(`${podPath(pod)}/binding`, binding);
  return check(`bind ${namespace}/${name} to ${node}`, res, [404, 409]);
}

/** prepareCandidate for one victim: DisruptionTarget=True, the deletion, the `Preempted` event. */
async function preemptVictim(api: ControllerApi, p: PlannedPreemption, victim: KubeObject, check: Check): Promise<void> {
  const what = `preempt ${victim.metadata?.namespace}/${victim.metadata?.name}`;
  const condition = updatePodCondition(victim.status?.conditions, preemptionDisruptionCondition(DEFAULT_SCHEDULER_NAME), api.now());
  if (condition.changed) {
    const target = condition.conditions.find((c) => c.type === "DisruptionTarget");
    const res = await api.patch(`${podPath(victim)}/status`, { status: { conditions: [target] } }, STRATEGIC_PATCH);
    if (!check(what, res)) return;
  }
  const res = await api.delete(podPath(victim), { preconditions: { uid: victim.metadata?.uid } });
  if (!check(what, res, [404, 409])) return;
  await api.event(victim, "Normal", "Preempted", `Preempted by pod ${p.preemptor.metadata?.uid} on node ${p.node}`);
}

/** updatePod (PatchPodStatus), then the `FailedScheduling` event for a failed pod. */
async function writeStatus(api: ControllerApi, s: PlannedStatus, check: Check): Promise<void> {
  const status: KubeObject = {};
  if (s.condition) status.conditions = [s.condition];
  if (s.nominatedNodeName !== undefined) status.nominatedNodeName = s.nominatedNodeName;
  const res = await api.patch(`${podPath(s.pod)}/status`, { status }, STRATEGIC_PATCH);
  if (!check(`status of ${s.pod.metadata?.namespace}/${s.pod.metadata?.name}`, res)) return;
  if (s.failedSchedulingMessage !== undefined) {
    await api.event(s.pod, "Warning", "FailedScheduling", truncateMessage(s.failedSchedulingMessage));
  }
}
