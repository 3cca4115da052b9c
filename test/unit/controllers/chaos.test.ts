/**
 * Controller chaos: seeded schedules of Durable Object restarts, dropped and duplicated pokes and failing
 * alarms, with the cron resync and a KWOK-style kubelet running in between. Every schedule must converge to
 * the same state (what the workloads declare), and a failing seed is reproduced from its number.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registry } from "../../../schema/registry";
import type { Env } from "../../../worker/env";
import { runCron } from "../../../worker/cron";
import { allLoops } from "../../../worker/controllers/loops";
import { loopStub } from "../../../worker/controllers/framework/wake";
import { prng, type FaultPlan } from "../../../worker/controllers/framework/faults";
import { freshNamespace, get, post } from "../api/client";
import { unique } from "../security/helpers";
import { finishTerminating, listPods, registerNode, reportPod, type Obj } from "./kwok";

const ENV = env as unknown as Env;
const SEEDS = [1, 2, 3, 4, 5];

async function setFaults(plan?: FaultPlan): Promise<void> {
  await Promise.all(allLoops().map((l) => loopStub(ENV, l.name).setFaults(plan)));
}

/** The kubelet's part: bound pods run (Ready) or, for Job pods, succeed; graceful deletions finish. */
async function kubelet(ns: string): Promise<void> {
  await finishTerminating(ns);
  for (const pod of await listPods(ns)) {
    if (!pod.spec.nodeName || pod.metadata.deletionTimestamp) continue;
    const phase = pod.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") continue;
    const job = (pod.metadata.ownerReferences ?? []).some((r: Obj) => r.kind === "Job");
    const ready = pod.status?.conditions?.some((c: Obj) => c.type === "Ready" && c.status === "True");
    if (job) await reportPod(ns, pod.metadata.name, "Succeeded").catch(() => undefined);
    else if (!ready) await reportPod(ns, pod.metadata.name, "Ready").catch(() => undefined);
  }
}

/** What the cluster looks like, in the terms the workloads declare (names of deterministic children only). */
async function digest(ns: string): Promise<Obj> {
  const d = (await get(`/apis/apps/v1/namespaces/${ns}/deployments/web`)).body;
  const s = (await get(`/apis/apps/v1/namespaces/${ns}/statefulsets/db`)).body;
  const j = (await get(`/apis/batch/v1/namespaces/${ns}/jobs/batch`)).body;
  const pods = (await listPods(ns)).filter((p) => !p.metadata.deletionTimestamp);
  const owned = (kind: string) => pods.filter((p) => p.metadata.ownerReferences?.[0]?.kind === kind);
  const ready = (p: Obj) => p.status?.conditions?.some((c: Obj) => c.type === "Ready" && c.status === "True") ?? false;
  return {
    deployment: { replicas: d.status?.replicas, available: d.status?.availableReplicas, updated: d.status?.updatedReplicas, observed: d.status?.observedGeneration === d.metadata.generation },
    replicaSetPods: owned("ReplicaSet").map((p) => ({ bound: !!p.spec.nodeName, ready: ready(p) })),
    statefulSetPods: owned("StatefulSet").map((p) => ({ name: p.metadata.name, bound: !!p.spec.nodeName, ready: ready(p) })),
    statefulSet: { ready: s.status?.readyReplicas, replicas: s.status?.replicas },
    job: { succeeded: j.status?.succeeded, complete: (j.status?.conditions ?? []).some((c: Obj) => c.type === "Complete" && c.status === "True") },
  };
}

const CONVERGED = {
  deployment: { replicas: 3, available: 3, updated: 3, observed: true },
  replicaSetPods: Array(3).fill({ bound: true, ready: true }),
  statefulSetPods: [0, 1].map((i) => ({ name: `db-${i}`, bound: true, ready: true })),
  statefulSet: { ready: 2, replicas: 2 },
  job: { succeeded: 2, complete: true },
};

async function workloads(ns: string, pool: string): Promise<void> {
  const template = (app: string, restartPolicy?: string) => ({
    metadata: { labels: { app } },
    spec: { nodeSelector: { pool }, ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: "c", image: "nginx" }] },
  });
  const created = async (path: string, body: unknown) => expect((await post(path, body)).status).toBe(201);
  await created(`/apis/apps/v1/namespaces/${ns}/deployments`, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: template("web") } });
  await created(`/apis/apps/v1/namespaces/${ns}/statefulsets`, { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db" }, spec: { replicas: 2, serviceName: "db", selector: { matchLabels: { app: "db" } }, template: template("db") } });
  await created(`/apis/batch/v1/namespaces/${ns}/jobs`, { apiVersion: "batch/v1", kind: "Job", metadata: { name: "batch" }, spec: { completions: 2, parallelism: 2, template: template("batch", "Never") } });
}

describe("controller chaos", () => {
  it.each(SEEDS)("seed %i: restarts, dropped/duplicated pokes and failing alarms converge to the declared state", async (seed) => {
    const random = prng(seed);
    const pool = unique("chaos");
    for (let i = 0; i < 3; i++) await registerNode(`${pool}-${i}`, { labels: { pool } });
    const plan = (n: number): FaultPlan => ({ seed: seed * 1000 + n, dropPoke: 0.3, duplicatePoke: 0.3, failAlarm: 0.3 });
    await setFaults(plan(0));
    const ns = await freshNamespace("chaos");
    try {
      await workloads(ns, pool);
      const loops = allLoops();
      for (let step = 1; step <= 40; step++) {
        const roll = random();
        if (roll < 0.4) await kubelet(ns);
        else if (roll < 0.6) {
          const loop = loops[Math.floor(random() * loops.length)];
          await loopStub(ENV, loop.name).restart().catch(() => undefined);
          await loopStub(ENV, loop.name).setFaults(plan(step));
        } else if (roll < 0.75) await runCron(ENV, registry);
        else await new Promise((r) => setTimeout(r, 20 + Math.floor(random() * 80)));
      }
    } finally {
      await setFaults(undefined);
    }
    // Faults off: the event-driven path and the cron safety net finish the job.
    let last: Obj = {};
    for (let round = 0; round < 40; round++) {
      await kubelet(ns);
      if (round % 5 === 4) await runCron(ENV, registry);
      last = await digest(ns);
      if (JSON.stringify(last) === JSON.stringify(CONVERGED)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(last, `seed ${seed}`).toEqual(CONVERGED);
  }, 120_000);
});
