/**
 * The node lifecycle controller (kube-controller-manager's `node-lifecycle-controller`, identity
 * node-controller): keys are node names, reconciled in batches (one read of every Node and node Lease per
 * pass, as upstream's monitorNodeHealth reads its informers; the zones need the whole cluster anyway).
 *
 * Timing: node writes wake the loop and the cron resync (every minute) visits every node, setting each one not
 * stale yet a timer for the moment its grace period would end (a node not heard from for two heartbeats gets
 * one on any pass), so a silent kubelet is marked at renewTime + 50 s, within 60 s of its last beat; a
 * healthy node costs at most one timer a minute (upstream polls every node every 5 s). Lease renewals do not wake the loop (that would be an alarm per node
 * every 10 s); a node coming back is seen when its kubelet posts its status (a node write), as upstream,
 * where a renewed Lease alone does not clear an Unknown Ready condition either.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser } from "../../internal-client";
import type { ControllerApi } from "../framework/api";
import type { ControllerLoop, PassInfo, SyncResult } from "../framework/loop";
import { nodeHealth } from "./health";
import { planNode, podNotReadyConditions, type NodePlan } from "./plan";
import { informerList } from "./shared-informers";
import { noExecuteGate, summarizeZones } from "./zones";

const NODE_LEASES = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";

const nodeRef = (node: KubeObject): KubeObject => ({ kind: "Node", apiVersion: "v1", metadata: { name: node.metadata?.name, uid: node.metadata?.uid } });
const podRef = (pod: KubeObject): KubeObject => ({ ...pod, kind: "Pod", apiVersion: "v1" });

async function applyPlan(api: ControllerApi, node: KubeObject, plan: NodePlan, now: number): Promise<void> {
  const name = node.metadata?.name as string;
  let current = node;
  // A node deleted meanwhile (404) needs nothing more.
  if (plan.conditions) {
    const res = await api.expect(api.update(`/api/v1/nodes/${name}/status`, { ...current, status: { ...current.status, conditions: plan.conditions } }), `update status of node ${name}`, [404]);
    if (res.status === 404) return;
    current = res.body;
  }
  if (plan.nodeNotReadyEvent) await api.event(nodeRef(current), "Normal", "NodeNotReady", `Node ${name} status is now: NodeNotReady`);
  if (plan.taints) {
    const res = await api.expect(api.update(`/api/v1/nodes/${name}`, { ...current, spec: { ...current.spec, taints: plan.taints } }), `taint node ${name}`, [404]);
    if (res.status === 404) return;
  }
  if (plan.markPodsNotReady) await markPodsNotReady(api, name, now);
}

/** MarkPodsNotReady: every pod bound to the node whose Ready condition is not yet False. */
async function markPodsNotReady(api: ControllerApi, nodeName: string, now: number): Promise<void> {
  const pods = await api.list("/api/v1/pods", { fieldSelector: `spec.nodeName=${nodeName}` });
  for (const pod of pods) {
    const conditions = podNotReadyConditions(pod, now);
    if (!conditions) continue;
    const path = `/api/v1/namespaces/${pod.metadata?.namespace}/pods/${pod.metadata?.name}/status`;
    const res = await api.expect(api.update(path, { ...pod, status: { ...pod.status, conditions } }), `mark pod ${pod.metadata?.name} not ready`, [404]);
    if (res.status !== 404) await api.event(podRef(res.body), "Warning", "NodeNotReady", "Node is not ready");
  }
}

async function syncNodes(api: ControllerApi, keys: string[], pass?: PassInfo): Promise<Map<string, SyncResult>> {
  const [nodes, leases] = await Promise.all([api.list("/api/v1/nodes"), informerList(api, NODE_LEASES)]);
  const now = api.now().getTime();
  const leaseOf = new Map(leases.map((l) => [l.metadata?.name as string, l]));
  const judged = nodes.map((node) => ({ node, health: nodeHealth(node, leaseOf.get(node.metadata?.name), now) }));
  const zones = summarizeZones(judged.map(({ node, health }) => ({ node, ready: health.ready })));
  const byName = new Map(judged.map((j) => [j.node.metadata?.name as string, j]));
  const results = new Map<string, SyncResult>();
  const failures: unknown[] = [];
  for (const key of keys) {
    const j = byName.get(key);
    if (!j) continue;
    const plan = planNode(j.node, j.health, noExecuteGate(zones, j.node), now, pass?.resync);
    try {
      await applyPlan(api, j.node, plan, now);
      if (plan.requeueAfterMs !== undefined) results.set(key, { requeueAfterMs: plan.requeueAfterMs });
    } catch (e) {
      failures.push(e);
    }
  }
  // A failed node is retried with back-off (and the others, converged by now, find nothing to do).
  if (failures.length) throw failures[0];
  return results;
}

export const nodeLifecycleLoop: ControllerLoop = {
  name: "node-lifecycle",
  user: controllerUser("node-controller"),
  component: "node-controller",
  wakes: (change) => (change.resource === "/nodes" && change.type !== "DELETED" ? [change.object.metadata?.name as string] : []),
  syncBatch: syncNodes,
  resyncKeys: async (api) => (await api.list("/api/v1/nodes")).map((n) => n.metadata?.name as string),
};
