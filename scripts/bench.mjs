#!/usr/bin/env node
/**
 * `npm run bench`: every benchmark of the project in one command and one report — a table on stdout and
 * `bench-results/latest.json` (the machine, its load, the wall time, every row). Each workload goes through
 * the real API of a freshly started local runtime (scripts/start.mjs: one workerd process, HTTPS, the
 * cluster-admin token, the full authentication, admission, validation and storage path).
 *
 *   --quick               small counts: a smoke run of every workload (under 2 minutes on a quiet 2-core machine)
 *   --clients 1,16,64     the concurrencies of the API workloads and of etcd's (default 1,16,64)
 *   --only a,b            some of: api, etcd, memory, cluster, kubelets, services
 *                         (BENCH_KUBELETS=startup,idle,… picks kubelet workloads by name, bench-kubelets.mjs);
 *                         `--only etcd` without --quick also measures what etcd's JSON gateway costs it (a minute)
 *
 * Groups, in order:
 *   api + cluster  one runtime without kubelets: the API workloads (bench-api.mjs), then the cluster workloads
 *                  (bench-cluster.mjs: idle alarms, scheduling onto 1,000 nodes, a 1,000-replica Deployment);
 *                  the memory rows (bench-memory.mjs) measure the API's 10,000 ConfigMaps and the cluster's
 *                  1,000 Nodes as they are stored; `--only memory` stores just those on a runtime of its own;
 *   etcd           the same creates as puts into a local etcd, and our rate ÷ etcd's (bench-etcd.mjs);
 *   kubelets       pod startup, 10,000 simulated pods, 1,000 isolate pods, idle heartbeats (bench-kubelets.mjs);
 *   services       a LoadBalancer Service against direct calls (bench-services.mjs).
 * A group that fails leaves a row marked ✗ with the reason; the process then exits with status 1.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { apiWorkloads } from "./bench-api.mjs";
import { clusterWorkloads } from "./bench-cluster.mjs";
import { etcdWorkloads, ratioRows } from "./bench-etcd.mjs";
import { kubeletWorkloads } from "./bench-kubelets.mjs";
import { memoryMeter, memoryWorkloads } from "./bench-memory.mjs";
import { serviceWorkloads } from "./bench-services.mjs";
import { expectStatus, failureRow, load, machineDetails, renderTable, summarize } from "./lib/bench-client.mjs";
import { withRuntime } from "./lib/bench-runtime.mjs";
import { isMainModule } from "./lib/paths.mjs";

const GROUPS = ["api", "etcd", "memory", "cluster", "kubelets", "services"];

/**
 * The run's options from the command line.
 * @param {string[]} args
 */
export function benchOptions(args) {
  const { values } = parseArgs({ args, options: { quick: { type: "boolean", default: false }, clients: { type: "string", default: "1,16,64" }, only: { type: "string" } } });
  const concurrencies = values.clients.split(",").map(Number);
  if (concurrencies.some((c) => !Number.isInteger(c) || c < 1 || c > 256)) throw new Error(`--clients is a list of concurrencies from 1 to 256, e.g. 1,16,64 (got ${values.clients})`);
  const only = values.only?.split(",").map((s) => s.trim());
  const unknown = only?.filter((g) => !GROUPS.includes(g));
  if (unknown?.length) throw new Error(`--only takes ${GROUPS.join(", ")} (got ${unknown.join(", ")})`);
  return { quick: values.quick, concurrencies, only, wanted: (/** @type {string} */ group) => !only || only.includes(group) };
}

/** Runs `fn`; a throw becomes a failure row named `name`. */
async function group(name, fn) {
  try {
    return await fn();
  } catch (err) {
    process.stderr.write(`bench: ${name} failed: ${err instanceof Error ? err.message : err}\n`);
    return [failureRow(name, err)];
  }
}

/** The API, memory and cluster workloads, on one runtime without kubelets. */
function runtimeWorkloads({ quick, concurrencies, wanted }) {
  const timeout = (quick ? 10 : 30) * 60_000;
  return withRuntime("api", { pools: [] }, timeout, async (rt) => {
    const memory = memoryMeter(rt);
    const results = [];
    // Warm up the isolate and the Durable Objects.
    expectStatus(await rt.client.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "warm" } }), 201, "namespace");
    await load(200, 4, async (i) => expectStatus(await rt.client.request("POST", "/api/v1/namespaces/warm/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `warm-${i}` } }), 201, "warm-up"));
    if (wanted("api")) results.push(...(await group("API workloads", () => apiWorkloads({ rt, quick, concurrencies, memory }))));
    else if (wanted("memory")) results.push(...(await group("memory workloads", async () => (await memoryWorkloads({ rt, quick, memory }), []))));
    if (wanted("cluster")) results.push(...(await group("cluster workloads", () => clusterWorkloads({ client: rt.client, load, summarize, quick, expectStatus, memory }))));
    return [...results, ...memory.rows];
  });
}

async function main() {
  const options = benchOptions(process.argv.slice(2));
  const { quick, concurrencies, wanted } = options;
  const started = performance.now();
  const machine = machineDetails();
  const results = [];
  /** @type {Record<string, number>} */
  const groupSeconds = {};
  const timed = async (name, fn) => {
    const t = performance.now();
    results.push(...(await group(name, fn)));
    groupSeconds[name] = Math.round((performance.now() - t) / 1000);
  };
  if (wanted("api") || wanted("memory") || wanted("cluster")) await timed("api, memory and cluster workloads", () => runtimeWorkloads(options));
  if (wanted("etcd")) {
    await timed("etcd side by side", async () => {
      const etcd = await etcdWorkloads({ quick, concurrencies, grpc: !quick && !!options.only?.includes("etcd") });
      return [...etcd, ...ratioRows([...results, ...etcd])];
    });
  }
  if (wanted("kubelets")) await timed("kubelet workloads", () => kubeletWorkloads({ quick }));
  if (wanted("services")) await timed("services", () => serviceWorkloads({ quick, clients: 16 }));

  const wallSeconds = Math.round((performance.now() - started) / 1000);
  const report = { date: new Date().toISOString(), quick, concurrencies, machine, loadavgAtEnd: machineDetails().loadavg, wallSeconds, groupSeconds, results };
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/latest.json", JSON.stringify(report, null, 2));
  const m = machine;
  console.log(`\nkube-edge benchmark (${quick ? "quick" : "full"}, ${wallSeconds} s) — ${m.cores} cores ${m.model}, ${m.memoryGiB} GiB, ${m.os}, node ${m.node}; load average ${m.loadavg.join(" ")} at the start, ${report.loadavgAtEnd.join(" ")} at the end\n`);
  console.log(renderTable(results));
  console.log(`\nwall time by group: ${Object.entries(groupSeconds).map(([g, s]) => `${g} ${s} s`).join(", ")}`);
  console.log("\nJSON: bench-results/latest.json");
  if (results.some((r) => r.error)) process.exitCode = 1;
}

if (isMainModule(import.meta.url)) await main();
