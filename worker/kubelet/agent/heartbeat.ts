/**
 * The node's heartbeat (kubelet_node_status.go and nodelease): register the Node (or adopt the one already
 * there: kubelet-owned labels and a missing pod CIDR are put back), renew the Lease in kube-node-lease every
 * 10 s, and write the Node's status only when it changed or the report frequency (5 min) passed. The Node is
 * read once a minute, not on every beat: the Lease is what says the node is alive.
 */
import type { KubeObject } from "../../../schema/types";
import { ControllerApi, MERGE_PATCH, STRATEGIC_PATCH } from "../../controllers/framework/api";
import { controllerUser } from "../../internal-client";
import {
  LEASE_RENEW_INTERVAL_MS,
  NODE_LEASE_NAMESPACE,
  drainPlan,
  leaseObject,
  nodeMetadataPatch,
  nodeObject,
  nodeStatusUpdate,
  podCidrPatch,
  renewedLease,
} from "../node";
import type { KubeletConfig } from "./config";

/** How often the Node itself is read back and its status compared. */
export const NODE_STATUS_CHECK_MS = 60_000;

export interface HeartbeatState {
  /** When the next beat is due. */
  nextMs: number;
  nodeUid?: string;
  /** The Lease as last written (its resourceVersion makes the renewal a compare-and-swap). */
  lease?: KubeObject;
  /** When the Node's status was last compared. */
  statusCheckedMs?: number;
}

const nodePath = (name: string) => `/api/v1/nodes/${name}`;
const leasePath = (name: string) => `/apis/coordination.k8s.io/v1/namespaces/${NODE_LEASE_NAMESPACE}/leases/${name}`;

export async function heartbeat(api: ControllerApi, config: KubeletConfig, state: HeartbeatState | undefined, nowMs: number, force: boolean): Promise<HeartbeatState> {
  let next: HeartbeatState = { ...state, nextMs: nowMs + LEASE_RENEW_INTERVAL_MS };
  if (force || !next.nodeUid || (next.statusCheckedMs ?? 0) + NODE_STATUS_CHECK_MS <= nowMs) {
    next = { ...next, nodeUid: await syncNode(api, config, nowMs), statusCheckedMs: nowMs };
  }
  return { ...next, lease: await renewLease(api, config.node.name, next.nodeUid, next.lease, nowMs) };
}

/** Registers or updates the Node; returns its uid. */
async function syncNode(api: ControllerApi, config: KubeletConfig, nowMs: number): Promise<string | undefined> {
  const name = config.node.name;
  const desired = nodeObject(config.node, { index: config.index, nowMs, runtimeVersion: config.runtimeVersion });
  let stored = await api.get(nodePath(name));
  if (!stored) {
    const res = await api.create("/api/v1/nodes", desired);
    if (res.status === 201) return res.body.metadata.uid;
    if (res.status !== 409) throw new Error(`register node ${name}: ${res.status} ${res.body?.message ?? ""}`);
    stored = await api.get(nodePath(name));
    if (!stored) return undefined;
  }
  const meta = mergePatches(nodeMetadataPatch(stored, config.node), podCidrPatch(stored, config.index));
  if (meta) {
    const res = await api.expect(api.patch(nodePath(name), meta, MERGE_PATCH), `PATCH node ${name}`);
    stored = res.body as KubeObject;
  }
  const update = nodeStatusUpdate(stored, desired, nowMs);
  if (update.changed) await api.expect(api.patch(`${nodePath(name)}/status`, { status: update.status }, STRATEGIC_PATCH), `PATCH node ${name} status`);
  return stored.metadata.uid;
}

function mergePatches(a: KubeObject | undefined, b: KubeObject | undefined): KubeObject | undefined {
  if (!a) return b;
  if (!b) return a;
  return { ...a, ...b };
}

/** Renews (compare-and-swap on the cached Lease), re-reading on a conflict and creating it when missing. */
async function renewLease(api: ControllerApi, name: string, nodeUid: string | undefined, cached: KubeObject | undefined, nowMs: number): Promise<KubeObject | undefined> {
  let lease = cached ?? (await api.get(leasePath(name)));
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!lease) {
      const res = await api.create(`/apis/coordination.k8s.io/v1/namespaces/${NODE_LEASE_NAMESPACE}/leases`, leaseObject(name, nodeUid, nowMs));
      if (res.status === 201) return res.body;
      if (res.status !== 409) throw new Error(`create lease ${name}: ${res.status} ${res.body?.message ?? ""}`);
    } else {
      const res = await api.update(leasePath(name), renewedLease(lease, nowMs, nodeUid));
      if (res.status === 200) return res.body;
      if (res.status !== 409 && res.status !== 404) throw new Error(`renew lease ${name}: ${res.status} ${res.body?.message ?? ""}`);
    }
    lease = await api.get(leasePath(name));
  }
  return undefined;
}

/**
 * One step of leaving the cluster: cordon the Node, delete its pods (graceful, as a drain), and once none is
 * left delete the Lease and the Node. Returns true when the node is gone.
 */
export async function drainStep(api: ControllerApi, config: KubeletConfig): Promise<boolean> {
  const name = config.node.name;
  const node = await api.get(nodePath(name));
  if (node && !node.spec?.unschedulable) await api.expect(api.patch(nodePath(name), { spec: { unschedulable: true } }, MERGE_PATCH), `cordon ${name}`, [404]);
  const pods = await api.list("/api/v1/pods", { fieldSelector: `spec.nodeName=${name}` });
  const plan = drainPlan(pods);
  for (const pod of plan.evict) {
    const path = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`;
    await api.expect(api.delete(path, { preconditions: { uid: pod.metadata.uid } }), `DELETE ${path}`, [404, 409]);
  }
  if (!plan.done) return false;
  await api.expect(api.delete(leasePath(name)), `DELETE lease ${name}`, [404]);
  // A kubelet may not delete its Node: the Node of a machine that is gone is deleted by the node controller
  // (the cloud node lifecycle's job upstream), whose role allows it.
  const nodeController = new ControllerApi(api.env, api.registry, controllerUser("node-controller"), "node-controller");
  await nodeController.expect(nodeController.delete(nodePath(name), { preconditions: node ? { uid: node.metadata.uid } : undefined }), `DELETE node ${name}`, [404, 409]);
  return true;
}
