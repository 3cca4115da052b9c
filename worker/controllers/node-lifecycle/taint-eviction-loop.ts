/**
 * The taint eviction controller (`taint-eviction-controller`, separate from the node lifecycle controller
 * since 1.29; it uses the node-controller identity, as upstream): keys are node names. A node with NoExecute
 * taints has its pods evicted per planTaintEviction; a pod tolerating for a while sets a timer for the moment
 * its toleration runs out.
 *
 * Wakes: a node written with NoExecute taints, and a pod created already bound (DaemonSet-style). Pods bound
 * later or given new tolerations are seen by the cron resync within a minute (waking on every pod write
 * would poke this loop for each status update; upstream filters on a toleration or node change, which a
 * stateless `wakes` cannot see).
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser } from "../../internal-client";
import type { ControllerApi } from "../framework/api";
import type { ControllerLoop, SyncResult } from "../framework/loop";
import { updatePodCondition } from "./pod-conditions";
import { noExecuteTaints, planTaintEviction, TAINT_EVICTION_CONDITION } from "./taint-eviction";
import { timeString } from "./time";

/** emitPodDeletionEvent's reference: the pod by kind, namespace and name only. */
const podRef = (pod: KubeObject): KubeObject => ({ kind: "Pod", apiVersion: "v1", metadata: { name: pod.metadata?.name, namespace: pod.metadata?.namespace } });

/** deletePodHandler / addConditionAndDeletePod: the event, DisruptionTarget, then DELETE with default options. */
async function evict(api: ControllerApi, pod: KubeObject, now: number): Promise<void> {
  const ns = pod.metadata?.namespace as string;
  const name = pod.metadata?.name as string;
  await api.event(podRef(pod), "Normal", "TaintManagerEviction", `Marking for deletion Pod ${ns}/${name}`);
  const path = `/api/v1/namespaces/${ns}/pods/${name}`;
  const cond = updatePodCondition(pod.status?.conditions, { ...TAINT_EVICTION_CONDITION, lastProbeTime: null }, timeString(now));
  if (cond.changed) {
    const res = await api.expect(api.update(`${path}/status`, { ...pod, status: { ...pod.status, conditions: cond.conditions } }), `set DisruptionTarget on ${ns}/${name}`, [404]);
    if (res.status === 404) return;
  }
  await api.expect(api.delete(path), `delete pod ${ns}/${name}`, [404]);
}

async function syncNode(api: ControllerApi, nodeName: string): Promise<SyncResult> {
  const node = await api.get(`/api/v1/nodes/${nodeName}`);
  const taints = node ? noExecuteTaints(node) : [];
  if (taints.length === 0) return {};
  const pods = await api.list("/api/v1/pods", { fieldSelector: `spec.nodeName=${nodeName}` });
  const now = api.now().getTime();
  let next: number | undefined;
  for (const pod of pods) {
    const decision = planTaintEviction(pod, taints, now);
    if (decision.action === "evict") await evict(api, pod, now);
    else if (decision.action === "wait") next = Math.min(next ?? Infinity, decision.afterMs);
  }
  return next === undefined ? {} : { requeueAfterMs: next };
}

export const taintEvictionLoop: ControllerLoop = {
  name: "taint-eviction-controller",
  user: controllerUser("node-controller"),
  component: "taint-eviction-controller",
  wakes: (change) => {
    const obj = change.object;
    if (change.resource === "/nodes") return change.type !== "DELETED" && noExecuteTaints(obj).length ? [obj.metadata?.name as string] : [];
    if (change.resource === "/pods" && change.type === "ADDED" && obj.spec?.nodeName) return [obj.spec.nodeName as string];
    return [];
  },
  sync: syncNode,
  resyncKeys: async (api) =>
    (await api.list("/api/v1/nodes")).filter((n) => noExecuteTaints(n).length).map((n) => n.metadata?.name as string),
};
