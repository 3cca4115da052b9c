/**
 * KWOK-style stand-ins for kubelets in workerd tests (until real kubelets exist): nodes registered through the
 * API with capacity, a Ready condition and a Lease, and pod status reported as a kubelet would (Running and
 * Ready, or Succeeded/Failed with container exit codes). Everything goes through the real Worker as the admin.
 */
import { expect, vi } from "vitest";
import { del, get, patch, post, put } from "../api/client";
import { kubeletStatus, nodeObject, type PodOutcome } from "../../shared/kwok-status";

export { kubeletStatus, type PodOutcome };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export const WAIT = { timeout: 15_000, interval: 50 };
export const MERGE = "application/merge-patch+json";
export const STRATEGIC = "application/strategic-merge-patch+json";

const micro = () => new Date().toISOString().replace(/Z$/, "000Z");

export type { NodeOptions } from "../../shared/kwok-status";

/** A Node as a kubelet registers it, with its Lease in kube-node-lease. */
export async function registerNode(name: string, opts: import("../../shared/kwok-status").NodeOptions = {}): Promise<Obj> {
  const node = nodeObject(name, opts);
  const res = await post("/api/v1/nodes", node);
  expect(res.status, res.text).toBe(201);
  // A Node created with status keeps it (the kubelet registers that way); make sure, as some stores reset it.
  if (!res.body.status?.conditions?.length) {
    const st = await put(`/api/v1/nodes/${name}/status`, { ...res.body, status: node.status });
    expect(st.status, st.text).toBe(200);
  }
  await renewLease(name);
  return (await get(`/api/v1/nodes/${name}`)).body;
}

/** Creates or renews the node's Lease (holderIdentity = node name), as the kubelet's heartbeat does. */
export async function renewLease(node: string, renewTime = micro()): Promise<void> {
  const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}`;
  const cur = await get(path);
  if (cur.status === 404) {
    const res = await post("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: node },
      spec: { holderIdentity: node, leaseDurationSeconds: 40, renewTime },
    });
    expect(res.status, res.text).toBe(201);
    return;
  }
  const res = await patch(path, { spec: { renewTime } }, MERGE);
  expect(res.status, res.text).toBe(200);
}

export async function deleteNode(name: string): Promise<void> {
  await del(`/api/v1/nodes/${name}`);
  await del(`/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`);
}

export async function listPods(ns: string, labelSelector?: string): Promise<Obj[]> {
  const q = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : "";
  const res = await get(`/api/v1/namespaces/${ns}/pods${q}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

/** Reports `outcome` for one pod through pods/status (retrying conflicts). */
export async function reportPod(ns: string, name: string, outcome: PodOutcome, exitCode?: number): Promise<Obj> {
  for (let i = 0; i < 10; i++) {
    const cur = await get(`/api/v1/namespaces/${ns}/pods/${name}`);
    expect(cur.status, cur.text).toBe(200);
    const res = await put(`/api/v1/namespaces/${ns}/pods/${name}/status`, { ...cur.body, status: kubeletStatus(cur.body, outcome, exitCode) });
    if (res.status === 409) continue;
    expect(res.status, res.text).toBe(200);
    return res.body;
  }
  throw new Error(`pod ${ns}/${name}: status kept conflicting`);
}

/**
 * The kubelet's part for every bound, not yet terminated pod matching `labelSelector` in `ns`: reports `outcome`
 * (default Ready). Returns the pods reported.
 */
export async function runBoundPods(ns: string, labelSelector?: string, outcome: PodOutcome = "Ready"): Promise<Obj[]> {
  const out: Obj[] = [];
  for (const pod of await listPods(ns, labelSelector)) {
    if (!pod.spec?.nodeName || pod.metadata.deletionTimestamp) continue;
    const phase = pod.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") continue;
    const isReady = pod.status?.conditions?.some((c: Obj) => c.type === "Ready" && c.status === "True");
    if (outcome === "Ready" && isReady) continue;
    out.push(await reportPod(ns, pod.metadata.name, outcome));
  }
  return out;
}

/** Finishes graceful deletions as the kubelet would: pods with a deletionTimestamp are deleted with grace 0. */
export async function finishTerminating(ns: string): Promise<void> {
  for (const pod of await listPods(ns)) {
    if (pod.metadata.deletionTimestamp) await del(`/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`, { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0 });
  }
}

/** Polls `check` (which asserts) until it passes. */
export function eventually<T>(check: () => Promise<T>, opts = WAIT): Promise<T> {
  return vi.waitFor(check, opts);
}

/** Events about an object (`involvedObject.name`) in `ns`, oldest first. */
export async function eventsFor(ns: string, name: string): Promise<Obj[]> {
  const res = await get(`/api/v1/namespaces/${ns}/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${name}`)}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}
