/**
 * Test helpers for the node lifecycle and taint eviction loops: a kubelet going silent (its Lease and Ready
 * heartbeat set in the past, which also wakes the loop through the node write), coming back, reporting
 * NotReady, and pods bound to a node. Each test's nodes live in a zone of their own with a healthy companion,
 * so other tests' silent nodes never make every zone look disrupted.
 */
import { expect } from "vitest";
import { get, post, put } from "../../api/client";
import { unique } from "../../security/helpers";
import { deleteNode, registerNode, renewLease, type Obj } from "../kwok";

const iso = (agoS: number) => new Date(Date.now() - agoS * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
const micro = (agoS: number) => new Date(Date.now() - agoS * 1000).toISOString().replace(/Z$/, "000Z");

export interface Zone {
  labels: Record<string, string>;
  nodes: string[];
}

/** A zone of its own with one healthy companion node. */
export async function zoneWithCompanion(): Promise<Zone> {
  const labels = { "topology.kubernetes.io/zone": unique("zone") };
  const companion = unique("companion");
  await registerNode(companion, { labels });
  return { labels, nodes: [companion] };
}

export async function nodeIn(zone: Zone, prefix: string): Promise<string> {
  const name = unique(prefix);
  await registerNode(name, { labels: zone.labels });
  zone.nodes.push(name);
  return name;
}

export async function dropZone(zone: Zone): Promise<void> {
  for (const n of zone.nodes) await deleteNode(n);
}

async function writeReady(node: string, status: string, heartbeatAgoS: number): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const cur = (await get(`/api/v1/nodes/${node}`)).body;
    const t = iso(heartbeatAgoS);
    const ready = status === "True"
      ? { type: "Ready", status, reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: t, lastTransitionTime: t }
      : { type: "Ready", status, reason: "KubeletNotReady", message: "container runtime is down", lastHeartbeatTime: t, lastTransitionTime: t };
    const others = (cur.status.conditions ?? []).filter((c: Obj) => c.type !== "Ready").map((c: Obj) => ({ ...c, status: "False", reason: "KubeletHasNoPressure", lastHeartbeatTime: t }));
    const res = await put(`/api/v1/nodes/${node}/status`, { ...cur, status: { ...cur.status, conditions: [ready, ...others] } });
    if (res.status === 409) continue;
    expect(res.status, res.text).toBe(200);
    return;
  }
  throw new Error(`node ${node}: status kept conflicting`);
}

/** The kubelet last heard from `agoS` seconds ago: Lease and Ready heartbeat both that old. */
export async function silence(node: string, agoS: number): Promise<void> {
  await renewLease(node, micro(agoS));
  const cur = (await get(`/api/v1/nodes/${node}`)).body;
  const ready = cur.status.conditions.find((c: Obj) => c.type === "Ready");
  await writeReady(node, ready.status, agoS);
}

/** The kubelet is back: Lease renewed, Ready True posted now. */
export async function kubeletBack(node: string): Promise<void> {
  await renewLease(node);
  await writeReady(node, "True", 0);
}

/** The kubelet reports its node NotReady (still heartbeating). */
export const kubeletNotReady = (node: string) => writeReady(node, "False", 0);

export async function boundPod(ns: string, name: string, node: string, tolerations: Obj[] = []): Promise<Obj> {
  const res = await post(`/api/v1/namespaces/${ns}/pods`, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app: "lifecycle" } },
    spec: { nodeName: node, containers: [{ name: "c", image: "nginx:1.27" }], tolerations },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export const podOf = async (ns: string, name: string) => get(`/api/v1/namespaces/${ns}/pods/${name}`);
export const nodeOf = async (name: string): Promise<Obj> => (await get(`/api/v1/nodes/${name}`)).body;
export const ownedTaints = (node: Obj): string[] =>
  (node.spec?.taints ?? []).filter((t: Obj) => t.key.startsWith("node.kubernetes.io/")).map((t: Obj) => `${t.key}:${t.effect}`).sort();

/** A pod being evicted: terminating (its kubelet would finish) or gone. */
export async function expectEvicted(ns: string, name: string): Promise<Obj | undefined> {
  const res = await podOf(ns, name);
  if (res.status === 404) return undefined;
  expect(res.body.metadata.deletionTimestamp, `${name} should be terminating`).toBeTruthy();
  return res.body;
}

/** The shared teardown wait (test/unit/scheduler/settle.ts). */
export { settleControllers } from "../../scheduler/settle";
