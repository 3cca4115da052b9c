/**
 * The Service workload of `npm run bench` (`--only services`), on a fresh runtime with two real kubelets: a
 * Deployment of three isolate pods of the tiny server image behind a LoadBalancer Service, and one client pod.
 *   1. From outside, one client: requests to the Service's edge hostname (edge router → kube-proxy: Service
 *      lookup, endpoint choice, NetworkPolicy gate → pod isolate) interleaved with a baseline into the same
 *      Worker that the edge answers itself (an unheld LoadBalancer hostname: no endpoint, no isolate); the
 *      difference is what the Service path adds including the isolate's own answer (target: p99 under 2 ms).
 *      Then the same path at 16 clients (requests/s).
 *   2. Inside the cluster, against calling the same isolates directly in the same run: the client pod fetches,
 *      in interleaved rounds, the Service by its cluster DNS name and a backend pod by its pod IP; an isolate's
 *      clock resolves only milliseconds, so it reports the mean of each batch of 50 fetches.
 */
import { expectStatus, load, summarize, until } from "./lib/bench-client.mjs";
import { withRuntime } from "./lib/bench-runtime.mjs";
import { createNamespace, deployment, pool, poolNodesReady, pushModuleImage, pushServerImage, runningAndReady } from "./lib/bench-pods.mjs";

const NS = "svc";
const ROUNDS = 10;

/** A pod that fetches `url` `n` times in a row and answers the latencies (ms) it measured. */
const CLIENT = `export default {
  async fetch(req) {
    const u = new URL(req.url);
    const n = Number(u.searchParams.get("n") ?? "100");
    const ms = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const r = await fetch(u.searchParams.get("url"));
      await r.arrayBuffer();
      if (r.status !== 200) return new Response("fetch answered " + r.status, { status: 502 });
      ms.push(performance.now() - t);
    }
    return Response.json(ms);
  },
};
`;

/** @param {{ quick: boolean, clients: number }} options */
export function serviceWorkloads({ quick, clients }) {
  const perRound = quick ? 200 : 1000;
  return withRuntime("services", pool(2, "bench-node-"), 10 * 60_000, async (rt) => {
    await poolNodesReady(rt, 2, 120_000);
    await createNamespace(rt.client, NS);
    const [server, clientImage] = await Promise.all([pushServerImage(rt), pushModuleImage(rt, "bench/client", CLIENT)]);
    const deploy = deployment("echo", 3, server);
    deploy.spec.template.spec.containers[0].ports = [{ containerPort: 8080 }];
    expectStatus(await rt.client.request("POST", `/apis/apps/v1/namespaces/${NS}/deployments`, deploy), 201, "deployment");
    const client = deployment("client", 1, clientImage);
    client.spec.template.spec.containers[0].ports = [{ containerPort: 8080 }];
    expectStatus(await rt.client.request("POST", `/apis/apps/v1/namespaces/${NS}/deployments`, client), 201, "client deployment");
    const manifest = { apiVersion: "v1", kind: "Service", metadata: { name: "echo" }, spec: { type: "LoadBalancer", selector: { app: "echo" }, ports: [{ port: 80, targetPort: 8080 }] } };
    expectStatus(await rt.client.request("POST", `/api/v1/namespaces/${NS}/services`, manifest), 201, "service");
    let host = "";
    await until(async () => {
      host = (await rt.client.json(`/api/v1/namespaces/${NS}/services/echo`)).status?.loadBalancer?.ingress?.[0]?.hostname ?? "";
      return host !== "";
    }, 60_000, "the LoadBalancer hostname");
    const viaLoadBalancer = () => rt.client.request("GET", "/ping", undefined, { Host: host });
    await until(async () => (await readyEndpoints(rt)) === 3 && (await viaLoadBalancer()).status === 200, 120_000, "three ready endpoints answering");
    const pods = (await rt.client.json(`/api/v1/namespaces/${NS}/pods`)).items;
    await until(async () => (await rt.client.json(`/api/v1/namespaces/${NS}/pods?labelSelector=app%3Dclient`)).items.some(runningAndReady), 120_000, "the client pod Ready");
    const clientPod = (await rt.client.json(`/api/v1/namespaces/${NS}/pods?labelSelector=app%3Dclient`)).items.find(runningAndReady).metadata.name;
    const backendIP = pods.find((p) => p.metadata.labels?.app === "echo" && p.status?.podIP).status.podIP;

    const rows = [];
    // The baseline: the same HTTPS round trip into the same Worker and its edge router, answered there (a
    // LoadBalancer hostname no Service holds: 404) — no endpoint, no isolate.
    const baseline = () => rt.client.request("GET", "/ping", undefined, { Host: `nobody.${host.split(".").slice(1).join(".")}` });
    for (let i = 0; i < 100; i++) {
      expectStatus(await viaLoadBalancer(), 200, "warm-up");
      expectStatus(await baseline(), 404, "warm-up baseline");
    }
    const one = { service: [], baseline: [] };
    const elapsed = { service: 0, baseline: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      for (const [key, call, code] of /** @type {const} */ ([["service", viaLoadBalancer, 200], ["baseline", baseline, 404]])) {
        const run = await load(perRound / ROUNDS * 2, 1, async () => expectStatus(await call(), code, key));
        one[key].push(...run.latencies);
        elapsed[key] += run.elapsed;
      }
    }
    const lb1 = summarize("LoadBalancer Service → pod isolate, 1 client", one.service, elapsed.service);
    const base1 = summarize("baseline: the edge answering itself (no endpoint, no isolate), 1 client", one.baseline, elapsed.baseline);
    rows.push(lb1, base1, {
      name: "Service path incl. the isolate's own answer, over the baseline (ms; target p99 < 2 added)",
      count: one.service.length,
      perSecond: +(lb1.perSecond / base1.perSecond).toFixed(2),
      p50Ms: +(lb1.p50Ms - base1.p50Ms).toFixed(2),
      p99Ms: +(lb1.p99Ms - base1.p99Ms).toFixed(2),
    });
    const many = await load(perRound * 5, clients, async () => expectStatus(await viaLoadBalancer(), 200, "via the LoadBalancer"));
    rows.push(summarize(`LoadBalancer Service → pod isolate, ${clients} clients`, many.latencies, many.elapsed));

    // Inside the cluster, a fetch takes well under the millisecond an isolate's clock resolves: the client pod
    // times batches of BATCH fetches and reports the mean of each (same rounds, interleaved).
    const BATCH = 50;
    const measure = async (url) => {
      const res = await rt.client.request("GET", `/api/v1/namespaces/${NS}/pods/${clientPod}:8080/proxy/measure?n=${BATCH}&url=${encodeURIComponent(url)}`);
      expectStatus(res, 200, `measuring ${url}`);
      return JSON.parse(res.text);
    };
    const targets = { service: `http://echo.${NS}.svc.cluster.local/ping`, direct: `http://${backendIP}:8080/ping` };
    await measure(targets.service);
    await measure(targets.direct);
    const inPod = { service: [], direct: [] };
    for (let r = 0; r < ROUNDS * 4; r++) {
      for (const key of /** @type {const} */ (["service", "direct"])) inPod[key].push((await measure(targets[key])).reduce((a, b) => a + b, 0) / BATCH);
    }
    const service = summarize(`pod → Service name → pod isolate, mean of ${BATCH} fetches`, inPod.service, 0);
    const direct = summarize(`pod → pod IP → pod isolate (direct), mean of ${BATCH} fetches`, inPod.direct, 0);
    rows.push(service, direct, {
      name: "Service over direct, inside the cluster (ms added; perSecond column = ratio of p50s)",
      count: inPod.service.length * BATCH,
      perSecond: +(service.p50Ms / direct.p50Ms).toFixed(2),
      p50Ms: +(service.p50Ms - direct.p50Ms).toFixed(2),
      p99Ms: +(service.p99Ms - direct.p99Ms).toFixed(2),
    });
    return rows;
  });
}

async function readyEndpoints(rt) {
  const slices = await rt.client.json(`/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Decho`);
  return slices.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready).length;
}
