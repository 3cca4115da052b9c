#!/usr/bin/env node
/**
 * The counts behind DEPLOY.md's cost note: how many billable invocations (Worker requests, Durable Object
 * requests by class and kind, alarms) and store writes an idle cluster makes per minute, one cron pass makes,
 * and one API call or one pod's life makes. Runs the deploy bundle (dist/, scripts/build.mjs) on a local
 * workerd through Miniflare, as `npm start` does, with a tail worker attached: workerd reports every
 * invocation of the Worker and of each Durable Object (fetch, RPC method, alarm, scheduled) to it, as the edge
 * bills them (an RPC call on a stub is one Durable Object request, an alarm is one).
 *
 * Phases, each counted as the difference of two snapshots, minus the idle rate over the phase's length:
 *   1. the node pool of wrangler.toml (3 nodes) Ready and a Deployment of 3 simulated pods Running;
 *   2. an idle window (no cron) → per-minute rates;
 *   3. cron passes, fired through the local trigger route → per pass;
 *   4. API calls (ConfigMap create, GET, LIST of 50, merge PATCH, DELETE) → per call;
 *   5. pod churn (the Deployment scaled up by 10, Running, then back) → per pod started and deleted.
 * Local workerd reports no wall or CPU time, so durations are not measured here (DEPLOY.md models them).
 *
 * Usage: node scripts/cost/count-invocations.mjs [--idle-seconds N] [--out FILE]
 *   (default 120 s idle; writes bench-results/cost-counts.json)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { buildWorker } from "../build.mjs";
import { DIST_DIR, ROOT } from "../lib/paths.mjs";
import { diffCounts, perUnit, scaleCounts, subtractCounts } from "./invocation-counts.mjs";

const TOKEN = "cost-count-admin";
const TAIL_WORKER = `
const counts = {};
export default {
  tail(events) {
    for (const e of events) {
      const ev = e.event ?? {};
      const kind = "request" in ev ? "fetch" : "cron" in ev ? "scheduled" : "rpcMethod" in ev ? "rpc " + ev.rpcMethod : "scheduledTime" in ev ? "alarm" : "other";
      const key = (e.entrypoint ?? "Worker") + " " + kind;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  },
  fetch() { return Response.json(counts); },
};`;

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the bundle with a counting tail worker; returns the API, the counts and a stop function.
 * @param {string} stateDir
 */
async function startCounted(stateDir) {
  const build = await buildWorker({ log: (l) => console.error(l) });
  const { Miniflare, Log, LogLevel, convertV4MiniflareOptions } = await import("miniflare");
  const wo = /** @type {Record<string, any>} */ (build.workerOptions);
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      resourcePersistencePath: stateDir,
      log: new Log(LogLevel.WARN),
      cf: false,
      unsafeTriggerHandlers: true,
      handleStructuredLogs: () => {},
      workers: [
        {
          ...wo,
          name: "kube-edge",
          modulesRules: undefined,
          modules: build.modules.map((m) => ({ type: /** @type {any} */ (m.type), path: join(DIST_DIR, m.path) })),
          modulesRoot: DIST_DIR,
          bindings: { ...wo.bindings, ADMIN_TOKEN: TOKEN, AUDIT_LOG: "off", CLUSTER_HOSTS: "127.0.0.1" },
          tails: ["cost-tail"],
        },
        { name: "cost-tail", modules: true, script: TAIL_WORKER, compatibilityDate: wo.compatibilityDate },
      ],
    }),
  );
  await mf.ready;
  const tail = await mf.getWorker("cost-tail");
  /** @param {string} method @param {string} path @param {unknown} [body] @param {string} [type] */
  const api = async (method, path, body, type = "application/json") => {
    const res = await mf.dispatchFetch(`http://127.0.0.1${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": type },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  /** @returns {Promise<Record<string, number>>} */
  const counts = async () => {
    await sleep(500); // tail events arrive just after their invocation ends
    return /** @type {any} */ (await (await tail.fetch("http://tail/")).json());
  };
  const cron = async () => {
    const q = new URLSearchParams({ cron: "* * * * *", time: String(Date.now()), format: "json" });
    await (await mf.dispatchFetch(`http://127.0.0.1/cdn-cgi/local/scheduled?${q}`)).text();
  };
  return { api, counts, cron, stop: () => mf.dispose() };
}

/** @typedef {(method: string, path: string, body?: unknown, type?: string) => Promise<{ status: number, body: any }>} Api */

/**
 * Each store shard's head revision (one per write); read by LISTs of limit 1.
 * @param {Api} api
 */
async function revisions(api) {
  const lists = { leases: "/apis/coordination.k8s.io/v1/leases", pods: "/api/v1/pods", events: "/api/v1/events", main: "/api/v1/nodes" };
  /** @type {Record<string, number>} */
  const out = {};
  for (const [shard, path] of Object.entries(lists)) out[shard] = Number((await api("GET", `${path}?limit=1`)).body.metadata.resourceVersion);
  return out;
}

/** @param {() => Promise<boolean>} pred @param {number} timeoutMs @param {string} what */
async function until(pred, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await pred()) return;
    await sleep(1000);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** @param {number} replicas */
const deployment = (replicas) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "idle" },
  spec: {
    replicas,
    selector: { matchLabels: { app: "idle" } },
    template: { metadata: { labels: { app: "idle" } }, spec: { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "10m" } } }] } },
  },
});

async function main() {
  const { values } = parseArgs({ options: { "idle-seconds": { type: "string", default: "120" }, out: { type: "string" } } });
  const idleMs = Number(values["idle-seconds"]) * 1000;
  const out = values.out ?? join(ROOT, "bench-results", "cost-counts.json");
  const stateDir = mkdtempSync(join(tmpdir(), "kube-edge-cost-"));
  const rt = await startCounted(stateDir);
  try {
    const { api } = rt;
    let polls = 0;
    /** @returns {Promise<any[]>} the namespace's pods (one LIST: counted, so a phase can take its own polling out) */
    const pods = async () => {
      polls++;
      return (await api("GET", "/api/v1/namespaces/cost/pods")).body.items;
    };
    const runningPods = async () => (await pods()).filter((p) => p.status?.phase === "Running").length;
    const podCount = async () => (await pods()).length;
    await until(async () => ((await api("GET", "/api/v1/nodes")).body?.items ?? []).length >= 3, 120_000, "3 nodes");
    await api("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "cost" } });
    await api("POST", "/apis/apps/v1/namespaces/cost/deployments", deployment(3));
    await until(async () => (await runningPods()) === 3, 180_000, "3 pods Running");
    await sleep(30_000); // past the rollout's own writes and status updates

    console.error(`idle window: ${idleMs / 1000} s …`);
    const rev0 = await revisions(api);
    const c0 = await rt.counts();
    const t0 = Date.now();
    await sleep(idleMs);
    const c1 = await rt.counts();
    const minutes = (Date.now() - t0) / 60_000;
    const rev1 = await revisions(api);
    const idlePerMinute = scaleCounts(diffCounts(c1, c0), 1 / minutes);
    const idle = perUnit(idlePerMinute, 1);
    const writesPerMinute = Object.fromEntries(Object.keys(rev1).map((s) => [s, +((rev1[s] - rev0[s]) / minutes).toFixed(2)]));

    /**
     * Counts of `phase` minus the idle rate over its length.
     * @param {() => Promise<void>} phase
     */
    const measure = async (phase) => {
      const before = await rt.counts();
      const start = Date.now();
      await phase();
      const after = await rt.counts();
      return subtractCounts(diffCounts(after, before), scaleCounts(idlePerMinute, (Date.now() - start) / 60_000));
    };

    console.error("cron passes …");
    const passes = 3;
    const cron = perUnit(await measure(async () => {
      for (let i = 0; i < passes; i++) {
        await rt.cron();
        await sleep(10_000);
      }
    }), passes);

    console.error("API calls …");
    const n = 100;
    const cm = (/** @type {number} */ i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}` }, data: { k: "v" } });
    const base = "/api/v1/namespaces/cost/configmaps";
    const calls = {
      create: perUnit(await measure(async () => { for (let i = 0; i < n; i++) await api("POST", base, cm(i)); }), n),
      get: perUnit(await measure(async () => { for (let i = 0; i < n; i++) await api("GET", `${base}/cm-${i}`); }), n),
      list: perUnit(await measure(async () => { for (let i = 0; i < n; i++) await api("GET", `${base}?limit=50`); }), n),
      patch: perUnit(await measure(async () => {
        for (let i = 0; i < n; i++) await api("PATCH", `${base}/cm-${i}`, { data: { k: "w" } }, "application/merge-patch+json");
      }), n),
      delete: perUnit(await measure(async () => { for (let i = 0; i < n; i++) await api("DELETE", `${base}/cm-${i}`); }), n),
    };

    console.error("pod churn …");
    const churn = 10;
    const scale = (/** @type {number} */ replicas) => api("PATCH", "/apis/apps/v1/namespaces/cost/deployments/idle/scale", { spec: { replicas } }, "application/merge-patch+json");
    polls = 0;
    const revBefore = await revisions(api);
    const churnCounts = await measure(async () => {
      await scale(3 + churn);
      await until(async () => (await runningPods()) === 3 + churn, 180_000, "scaled up");
      await scale(3);
      await until(async () => (await podCount()) === 3, 180_000, "scaled down");
      await sleep(15_000);
    });
    const revAfter = await revisions(api);
    // The two scale PATCHes stay in (a user's own requests); the polling LISTs are this script's.
    const pod = perUnit(subtractCounts(churnCounts, scaleCounts(calls.list.byKind, polls)), churn);
    const podWrites = Object.values(revAfter).reduce((n, v) => n + v, 0) - Object.values(revBefore).reduce((n, v) => n + v, 0);

    const report = { date: new Date().toISOString(), nodes: 3, idleSeconds: idleMs / 1000, idlePerMinute: idle, writesPerMinute, cronPerPass: cron, calls, perPodLifecycle: { ...pod, storeWrites: podWrites / churn } };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(JSON.stringify(report, null, 2));
    console.error(`wrote ${out}`);
  } finally {
    await rt.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
