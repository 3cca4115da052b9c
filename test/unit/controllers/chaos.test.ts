/**
 * Controller chaos: seeded schedules of faults — control loop objects crashed and evicted, Store shards crashed
 * and evicted, kubelets crashed and evicted, dropped and duplicated pokes, failing alarms — with the cron resync
 * in between, while real kubelets run the pods. Every schedule must converge to the same state (what the
 * workloads declare), and a failing seed is reproduced from its number.
 *
 * Seeds: `CHAOS_SEEDS` (chaos-schedule.ts: empty → 1..5, `30` → 1..30, `7,19` → those).
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registry } from "../../../schema/registry";
import type { Env } from "../../../worker/env";
import { runCron } from "../../../worker/cron";
import { SHARDS } from "../../../schema/registry-core";
import { allLoops } from "../../../worker/controllers/loops";
import { del, freshNamespace, post } from "../api/client";
import { kubeletStub } from "../../../worker/controllers/framework/wake";
import { emptyPool, poolNodes, setPool, WAIT } from "../kubelet/agent/pool";
import { chaosSchedule, describeSchedule, faultPlan, parseChaosSeeds } from "./chaos-schedule";
import { applyStep, setLoopFaults, type StepOutcome } from "./chaos-faults";
import { CONVERGED, createWorkloads, digest, POOL_CONFIG, POOL_NODES } from "./chaos-cluster";
import type { Obj } from "./kwok";

const ENV = env as unknown as Env;
const SEEDS = parseChaosSeeds((env as { CHAOS_SEEDS?: string }).CHAOS_SEEDS);
const STEPS = 40;

beforeAll(async () => {
  await setPool(POOL_CONFIG);
  await vi.waitFor(async () => expect((await poolNodes()).map((n) => n.metadata.name).sort()).toEqual(POOL_NODES), WAIT);
}, 60_000);

afterAll(async () => {
  await setLoopFaults(undefined);
  await emptyPool();
}, 60_000);

/** Polls the digest with the faults off (the event-driven path and the cron safety net finish the job). */
async function converge(ns: string): Promise<Obj> {
  let last: Obj = {};
  for (let round = 0; round < 60; round++) {
    if (round % 10 === 9) await runCron(ENV, registry);
    last = await digest(ns);
    if (JSON.stringify(last) === JSON.stringify(CONVERGED)) break;
    await new Promise((r) => setTimeout(r, 150));
  }
  return last;
}

describe("controller chaos", () => {
  it.each(SEEDS)("seed %i: object crashes and evictions, kubelet restarts, dropped/duplicated pokes and failing alarms converge", async (seed) => {
    const schedule = chaosSchedule(seed, STEPS, { loops: allLoops().map((l) => l.name), shards: SHARDS, nodes: POOL_NODES });
    const reproduce = `seed ${seed} (${describeSchedule(schedule)}); reproduce: CHAOS_SEEDS=${seed}, npx vitest run --project workerd test/unit/controllers/chaos.test.ts`;
    const outcomes: StepOutcome[] = [];
    await setLoopFaults(faultPlan(seed, 0));
    const ns = await freshNamespace("chaos");
    try {
      await createWorkloads(ns);
      for (const step of schedule) outcomes.push(await applyStep(step));
    } finally {
      await setLoopFaults(undefined);
    }
    const disruptions = schedule.filter((s, i) => s.kind !== "sleep" && s.kind !== "cron" && outcomes[i] === "applied").length;
    expect(disruptions, `${reproduce}: no fault of the schedule took effect`).toBeGreaterThan(0);
    expect(await converge(ns), reproduce).toEqual(CONVERGED);
    // The pods leave (the garbage collector, then the kubelets) while the next seed runs.
    for (const path of [`/apis/apps/v1/namespaces/${ns}/deployments/web`, `/apis/apps/v1/namespaces/${ns}/statefulsets/db`, `/apis/batch/v1/namespaces/${ns}/jobs/batch`]) {
      await del(path, { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: "Background" });
    }
  }, 120_000);
});

describe("a restarted kubelet", () => {
  it("lists its pods again: a poke it never got and a sync a crash cut short are queued again", async () => {
    const ns = await freshNamespace("chaos-kubelet");
    const node = POOL_NODES[0];
    // A fresh stub per call: a restarted object's old stub stays broken.
    const stub = () => kubeletStub(ENV, node) as unknown as DurableObjectStub;
    // Ready only after 10 minutes: each pod's row stays due for its next stage for the whole test.
    const pod = (name: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, annotations: { "pod-ready.stage.kwok.x-k8s.io/delay": "10m" } }, spec: { nodeName: node, containers: [{ name: "c", image: "nginx" }] } });
    for (const name of ["lost-poke", "cut-sync"]) expect((await post(`/api/v1/namespaces/${ns}/pods`, pod(name))).status).toBe(201);
    const due = () =>
      runInDurableObject(stub(), (_i, state: DurableObjectState) =>
        Object.fromEntries(state.storage.sql.exec<{ key: string; due: number | null }>(`SELECT key, due FROM pods WHERE key LIKE ?`, `${ns}/%`).toArray().map((r) => [r.key.slice(ns.length + 1), r.due !== null])),
      );
    await vi.waitFor(async () => expect(await due()).toEqual({ "lost-poke": true, "cut-sync": true }), WAIT);
    // What a reset can leave behind: a poke that never arrived (no row) and a sync cut short (its row no longer due).
    await runInDurableObject(stub(), (_i, state: DurableObjectState) => {
      state.storage.sql.exec(`DELETE FROM pods WHERE key = ?`, `${ns}/lost-poke`);
      state.storage.sql.exec(`UPDATE pods SET due = NULL WHERE key = ?`, `${ns}/cut-sync`);
    });
    await kubeletStub(ENV, node).restart().catch(() => undefined);
    await runDurableObjectAlarm(stub());
    await vi.waitFor(async () => expect(await due()).toEqual({ "lost-poke": true, "cut-sync": true }), WAIT);
    for (const name of ["lost-poke", "cut-sync"]) await del(`/api/v1/namespaces/${ns}/pods/${name}`, { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0 });
  });
});
