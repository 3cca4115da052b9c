/**
 * Helpers of the Deployment tests through the real Worker: paths, the Deployment's ReplicaSets, and a kubelet
 * stand-in that reports every live pod of a ReplicaSet Ready (pods are not bound here: no nodes).
 */
import { expect } from "vitest";
import { get } from "../../api/client";
import { eventsFor, listPods, reportPod, type Obj } from "../kwok";

export const deployPath = (ns: string, name = "") => `/apis/apps/v1/namespaces/${ns}/deployments${name ? `/${name}` : ""}`;
export const rsPath = (ns: string, name = "") => `/apis/apps/v1/namespaces/${ns}/replicasets${name ? `/${name}` : ""}`;

export async function deploymentNow(ns: string, name: string): Promise<Obj> {
  const res = await get(deployPath(ns, name));
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** The ReplicaSets controlled by Deployment `name`, oldest revision first. */
export async function replicaSetsOf(ns: string, name: string): Promise<Obj[]> {
  const d = await deploymentNow(ns, name);
  const res = await get(rsPath(ns));
  expect(res.status, res.text).toBe(200);
  const owned = res.body.items.filter((rs: Obj) => (rs.metadata.ownerReferences ?? []).some((r: Obj) => r.controller && r.uid === d.metadata.uid));
  const rev = (rs: Obj) => Number(rs.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0);
  return owned.sort((a: Obj, b: Obj) => rev(a) - rev(b));
}

/** Live (not terminating) pods controlled by ReplicaSet `rsName`. */
export async function podsOf(ns: string, rsName: string): Promise<Obj[]> {
  return (await listPods(ns)).filter((p) => !p.metadata.deletionTimestamp && (p.metadata.ownerReferences ?? []).some((r: Obj) => r.controller && r.name === rsName));
}

/** Reports every live, not yet ready pod of ReplicaSet `rsName` Ready; returns how many it reported. */
export async function readyAll(ns: string, rsName: string): Promise<number> {
  let n = 0;
  for (const p of await podsOf(ns, rsName)) {
    if ((p.status?.conditions ?? []).some((c: Obj) => c.type === "Ready" && c.status === "True")) continue;
    await reportPod(ns, p.metadata.name, "Ready");
    n++;
  }
  return n;
}

export const condition = (d: Obj, type: string) => (d.status?.conditions ?? []).find((c: Obj) => c.type === type);

export async function scalingEvents(ns: string, name: string): Promise<string[]> {
  return (await eventsFor(ns, name)).filter((e) => e.reason === "ScalingReplicaSet").map((e) => e.message);
}

/** kubectl rollout status's verdict (polymorphichelpers DeploymentStatusViewer, 1.32). */
export function rolloutStatus(d: Obj): { done: boolean; message: string } {
  const st = d.status ?? {};
  const name = d.metadata.name;
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { done: false, message: "Waiting for deployment spec update to be observed..." };
  const progressing = condition(d, "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded") return { done: false, message: `deployment "${name}" exceeded its progress deadline` };
  const want = d.spec.replicas;
  const updated = st.updatedReplicas ?? 0;
  if (updated < want) return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...` };
  if ((st.replicas ?? 0) > updated) return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...` };
  if ((st.availableReplicas ?? 0) < updated) return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...` };
  return { done: true, message: `deployment "${name}" successfully rolled out` };
}
