#!/usr/bin/env node
/**
 * `npm run bench`: measures the API through the real local runtime (one workerd process, HTTPS, the
 * cluster-admin token, full validation and storage path) with concurrent clients on keep-alive
 * connections. Reports medians and p99s as a table on stdout and as JSON in bench-results/latest.json.
 *
 *   --quick        smaller counts (well under a minute)
 *   --clients N    concurrency for the create/get workloads (default 16)
 *   --only api|cluster|kubelets|services   just the API, cluster, kubelet or Service workloads
 *                  (BENCH_KUBELETS=startup,idle,… picks kubelet workloads by name, bench-kubelets.mjs)
 *
 * Workloads: creates/s (ConfigMaps), GET latency, small LIST latency, watch event delivery latency (write
 * acknowledged → event received), LIST of 10,000 ConfigMaps, the cluster workloads of bench-cluster.mjs
 * (idle alarms, scheduling onto 1,000 nodes, a 1,000-replica Deployment), all on one runtime without
 * kubelets; then the kubelet workloads of bench-kubelets.mjs (pod startup latency, 10,000 simulated pods on
 * 1,000 nodes, 1,000 isolate pods, the heartbeat's idle cost), each on a fresh runtime with its node pool;
 * then the Service workload of bench-services.mjs (requests through a LoadBalancer Service vs the pod proxy).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startRuntime } from "./start.mjs";
import { ensureCerts } from "./certs.mjs";
import { clusterWorkloads } from "./bench-cluster.mjs";
import { kubeletWorkloads } from "./bench-kubelets.mjs";
import { serviceWorkloads } from "./bench-services.mjs";
import { Client, expectStatus, load, machineInfo, summarize, timed } from "./lib/bench-client.mjs";

const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, clients: { type: "string", default: "16" }, only: { type: "string" } },
});
if (values.only !== undefined && !["api", "cluster", "kubelets", "services"].includes(values.only)) throw new Error("--only is api, cluster, kubelets or services");
const QUICK = values.quick;
const CLIENTS = Number(values.clients);

async function main() {
  const results = [];
  const wanted = (what) => values.only === undefined || values.only === what;
  if (wanted("api") || values.only === "cluster") results.push(...(await apiAndClusterWorkloads()));
  if (wanted("kubelets")) results.push(...(await kubeletWorkloads({ quick: QUICK })));
  if (wanted("services")) results.push(...(await serviceWorkloads({ quick: QUICK, clients: CLIENTS })));

  const report = { date: new Date().toISOString(), quick: QUICK, machine: machineInfo(), results };
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/latest.json", JSON.stringify(report, null, 2));
  console.log(`\nkube-edge benchmark (${QUICK ? "quick" : "full"}) — ${report.machine}`);
  console.table(results.map((r) => ({ workload: r.name, count: r.count, "ops/s": r.perSecond ?? "", "p50 ms": r.p50Ms, "p99 ms": r.p99Ms })));
  for (const r of results.filter((r) => r.error)) console.log(`${r.name}: ${r.error}`);
  console.log("JSON: bench-results/latest.json");
}

/** The API and cluster workloads, on one runtime without kubelets. */
async function apiAndClusterWorkloads() {
  const state = mkdtempSync(join(tmpdir(), "kube-edge-bench-"));
  // No node pool: the cluster workloads register their own 1,000 nodes (the kubelets have bench-kubelets.mjs).
  const runtime = await startRuntime({ port: 0, stateDir: state, log: () => {}, vars: { NODE_POOL: "" } });
  const certs = await ensureCerts();
  const ca = readFileSync(certs.caPath, "utf8");
  const client = new Client(runtime.url, runtime.token, ca, CLIENTS * 2);
  const results = [];
  try {
    const ns = "bench";
    expectStatus(await client.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }), 201, "namespace");
    const cm = (name) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels: { app: "bench" } }, data: { key: "value", n: name } });
    // Warm up the isolate and the Durable Objects.
    await load(200, 4, (i) => client.request("POST", `/api/v1/namespaces/${ns}/configmaps`, cm(`warm-${i}`)));
    if (values.only !== "cluster") results.push(...(await apiWorkloads(client, ns, cm)));
    if (values.only !== "api") results.push(...(await clusterWorkloads({ client, load, summarize, quick: QUICK, expectStatus })));
  } finally {
    client.agent.destroy();
    await runtime.stop();
    rmSync(state, { recursive: true, force: true });
  }
  return results;
}

/** Creates, GETs, LISTs and watch delivery through the API (ConfigMaps). */
async function apiWorkloads(client, ns, cm) {
  const results = [];
  {

    const creates = QUICK ? 1000 : 5000;
    for (const c of [1, CLIENTS]) {
      const r = await load(c === 1 ? Math.min(creates / 5, 500) : creates, c, async (i) =>
        expectStatus(await client.request("POST", `/api/v1/namespaces/${ns}/configmaps`, cm(`c${c}-${i}`)), 201, "create"),
      );
      results.push(summarize(`create ConfigMap (${c} client${c > 1 ? "s" : ""})`, r.latencies, r.elapsed));
    }

    const gets = QUICK ? 2000 : 10000;
    for (const c of [1, CLIENTS]) {
      const g = await load(c === 1 ? gets / 4 : gets, c, async (i) =>
        expectStatus(await client.request("GET", `/api/v1/namespaces/${ns}/configmaps/c${CLIENTS}-${i % 500}`), 200, "get"),
      );
      results.push(summarize(`GET ConfigMap (${c} client${c > 1 ? "s" : ""})`, g.latencies, g.elapsed));
    }

    expectStatus(await client.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "small" } }), 201, "ns");
    for (let i = 0; i < 10; i++) await client.request("POST", `/api/v1/namespaces/small/configmaps`, cm(`s-${i}`));
    const lists = QUICK ? 500 : 2000;
    const l = await load(lists, CLIENTS, async () => expectStatus(await client.request("GET", `/api/v1/namespaces/small/configmaps`), 200, "list"));
    results.push(summarize(`LIST 10 ConfigMaps (${CLIENTS} clients)`, l.latencies, l.elapsed));

    // Watch delivery: from the start of a write to the event's arrival on each of WATCHERS open watches, with
    // one writer issuing writes back to back (a delivery latency, not a saturation test).
    const WATCHERS = 10;
    expectStatus(await client.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "watched" } }), 201, "ns");
    const sent = new Map();
    const delivered = [];
    const list = JSON.parse((await client.request("GET", `/api/v1/namespaces/watched/configmaps`)).text);
    const closers = await Promise.all(
      Array.from({ length: WATCHERS }, () =>
        client.watch(`/api/v1/namespaces/watched/configmaps?watch=true&resourceVersion=${list.metadata.resourceVersion}`, (ev, at) => {
          const t = sent.get(ev.object?.metadata?.name);
          if (t !== undefined) delivered.push(at - t);
        }),
      ),
    );
    const events = QUICK ? 300 : 1000;
    await load(events, 1, async (i) => {
      sent.set(`w-${i}`, performance.now());
      expectStatus(await client.request("POST", `/api/v1/namespaces/watched/configmaps`, cm(`w-${i}`)), 201, "create");
    });
    await new Promise((r) => setTimeout(r, 500));
    for (const close of closers) close();
    results.push(summarize(`watch event delivery (write start → event, ${WATCHERS} watchers)`, delivered, 0, { expected: events * WATCHERS }));

    // LIST of 10,000 ConfigMaps.
    const bigCount = 10000;
    expectStatus(await client.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "big" } }), 201, "ns");
    await load(bigCount, CLIENTS, async (i) =>
      expectStatus(await client.request("POST", `/api/v1/namespaces/big/configmaps`, cm(`b-${String(i).padStart(5, "0")}`)), 201, "create"),
    );
    const bigLat = [];
    let items = 0;
    for (let i = 0; i < (QUICK ? 3 : 7); i++) {
      bigLat.push(
        await timed(async () => {
          const res = await client.request("GET", `/api/v1/namespaces/big/configmaps`);
          expectStatus(res, 200, "big list");
          items = JSON.parse(res.text).items.length;
        }),
      );
    }
    results.push(summarize(`LIST ${items} ConfigMaps (1 client)`, bigLat, 0));
  }
  return results;
}

await main();
