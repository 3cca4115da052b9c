/**
 * The cluster a chaos run drives: a Deployment, a StatefulSet and a Job whose pods run on real kubelets (a node
 * pool of KubeletDOs, simulated runtime with short KWOK stage delays), and the digest every run must end at.
 */
import { expect } from "vitest";
import { get, post } from "../api/client";
import { listPods, type Obj } from "./kwok";

/** The pool's name: its nodes carry `kube-edge.dev/node-pool=<POOL>`, which every chaos pod selects. */
export const POOL = "chaos";
export const POOL_NODES = ["chaos-0", "chaos-1", "chaos-2"];
/** Room for the pods of many runs (each run's namespace is deleted after it, in the background). */
export const POOL_CONFIG = JSON.stringify({ pools: [{ name: POOL, count: POOL_NODES.length, namePrefix: "chaos-", capacity: { pods: "1000" } }] });

/** KWOK stage delays of the simulated runtime, shortened (upstream's defaults are 1 s + up to 5 s jitter). */
const FAST = {
  "pod-ready.stage.kwok.x-k8s.io/delay": "50ms",
  "pod-ready.stage.kwok.x-k8s.io/jitter-delay": "100ms",
  "pod-complete.stage.kwok.x-k8s.io/delay": "50ms",
  "pod-complete.stage.kwok.x-k8s.io/jitter-delay": "100ms",
  "pod-delete.stage.kwok.x-k8s.io/delay": "50ms",
};

/** Creates the three workloads in `ns`. */
export async function createWorkloads(ns: string): Promise<void> {
  const template = (app: string, restartPolicy?: string) => ({
    metadata: { labels: { app }, annotations: FAST },
    spec: { nodeSelector: { "kube-edge.dev/node-pool": POOL }, ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: "c", image: "nginx" }] },
  });
  const created = async (path: string, body: unknown) => {
    const res = await post(path, body);
    expect(res.status, res.text).toBe(201);
  };
  await created(`/apis/apps/v1/namespaces/${ns}/deployments`, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: template("web") } });
  await created(`/apis/apps/v1/namespaces/${ns}/statefulsets`, { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db" }, spec: { replicas: 2, serviceName: "db", selector: { matchLabels: { app: "db" } }, template: template("db") } });
  await created(`/apis/batch/v1/namespaces/${ns}/jobs`, { apiVersion: "batch/v1", kind: "Job", metadata: { name: "batch" }, spec: { completions: 2, parallelism: 2, template: template("batch", "Never") } });
}

const isReady = (p: Obj): boolean => p.status?.conditions?.some((c: Obj) => c.type === "Ready" && c.status === "True") ?? false;

/** The cluster in the terms the workloads declare (names of deterministic children only). */
export async function digest(ns: string): Promise<Obj> {
  const d = (await get(`/apis/apps/v1/namespaces/${ns}/deployments/web`)).body;
  const s = (await get(`/apis/apps/v1/namespaces/${ns}/statefulsets/db`)).body;
  const j = (await get(`/apis/batch/v1/namespaces/${ns}/jobs/batch`)).body;
  const pods = (await listPods(ns)).filter((p) => !p.metadata.deletionTimestamp);
  const owned = (kind: string) => pods.filter((p) => p.metadata.ownerReferences?.[0]?.kind === kind);
  const onPool = (p: Obj) => POOL_NODES.includes(p.spec.nodeName);
  return {
    deployment: { replicas: d.status?.replicas, available: d.status?.availableReplicas, updated: d.status?.updatedReplicas, observed: d.status?.observedGeneration === d.metadata.generation },
    replicaSetPods: owned("ReplicaSet").map((p) => ({ bound: onPool(p), running: p.status?.phase === "Running", ready: isReady(p) })),
    statefulSetPods: owned("StatefulSet").map((p) => ({ name: p.metadata.name, bound: onPool(p), running: p.status?.phase === "Running", ready: isReady(p) })),
    statefulSet: { ready: s.status?.readyReplicas, replicas: s.status?.replicas },
    jobPods: owned("Job").filter((p) => p.status?.phase === "Succeeded").length,
    job: { succeeded: j.status?.succeeded, complete: (j.status?.conditions ?? []).some((c: Obj) => c.type === "Complete" && c.status === "True") },
  };
}

/** What every run converges to, whatever its faults. */
export const CONVERGED = {
  deployment: { replicas: 3, available: 3, updated: 3, observed: true },
  replicaSetPods: Array(3).fill({ bound: true, running: true, ready: true }),
  statefulSetPods: [0, 1].map((i) => ({ name: `db-${i}`, bound: true, running: true, ready: true })),
  statefulSet: { ready: 2, replicas: 2 },
  jobPods: 2,
  job: { succeeded: 2, complete: true },
};
