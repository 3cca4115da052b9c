/**
 * A pass of the `simulated` runtime over one pod: the stage engine (../simulated) decides, this applies what it
 * decided through the API as the node — status patches (strategic merge on pods/status), finalizer changes, the
 * final delete and Events — and returns the plan to keep and when it is due.
 */
import type { KubeObject } from "../../../schema/types";
import type { JsonObject } from "../../patch/json";
import { DEFAULT_POD_STAGES, step, type StagePlan } from "../simulated";
import { STRATEGIC_PATCH, MERGE_PATCH, type ControllerApi } from "../../controllers/framework/api";

export interface SimulatedDeps {
  api: ControllerApi;
  nowMs: number;
  nodeIP: string;
  podIP?: string;
  random: () => number;
  /** Records an Event about the pod as this kubelet. */
  event(pod: KubeObject, type: "Normal" | "Warning", reason: string, message: string): Promise<void>;
}

export interface SimulatedResult {
  plan?: StagePlan;
  dueMs?: number;
  /** The pod was deleted by its final stage. */
  deleted: boolean;
}

export async function syncSimulatedPod(pod: KubeObject, plan: StagePlan | undefined, deps: SimulatedDeps): Promise<SimulatedResult> {
  const path = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`;
  const result = step(pod as JsonObject, DEFAULT_POD_STAGES, {
    ctx: { nowMs: deps.nowMs, nodeIP: deps.nodeIP, podIP: deps.podIP },
    random: deps.random,
    plan,
  });
  for (const outcome of result.applied) {
    if (outcome.statusPatch) {
      const res = await deps.api.patch(`${path}/status`, { status: outcome.statusPatch }, STRATEGIC_PATCH);
      // The pod changed or went away meanwhile: its write pokes this kubelet again, which plans afresh.
      if (res.status === 404 || res.status === 409) return { deleted: res.status === 404 };
      await deps.api.expect(Promise.resolve(res), `PATCH ${path}/status`);
    }
    if (outcome.finalizers) {
      await deps.api.expect(deps.api.patch(path, { metadata: { finalizers: outcome.finalizers, resourceVersion: pod.metadata.resourceVersion } }, MERGE_PATCH), `PATCH ${path}`, [404, 409]);
    }
    if (outcome.event) await deps.event(pod, outcome.event.type, outcome.event.reason, outcome.event.message);
    if (outcome.delete) {
      await deps.api.expect(deps.api.delete(path, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } }), `DELETE ${path}`, [404, 409]);
      return { deleted: true };
    }
  }
  if (result.next.kind !== "planned") return { deleted: false };
  return { plan: { stage: result.next.stage.metadata.name, dueAtMs: result.next.dueAtMs }, dueMs: result.next.dueAtMs, deleted: false };
}
