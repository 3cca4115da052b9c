/**
 * The Service workload of `npm run bench` (`--only services`), on a fresh runtime with two real kubelets: a
 * Deployment of three isolate pods of the tiny server image behind a LoadBalancer Service. The same requests
 * go, interleaved in rounds so both see the same machine, (a) through the Service's edge hostname (edge router
 * → kube-proxy: Service index, endpoint choice, NetworkPolicy gate → pod isolate) and (b) to one of the same
 * pods through the API's pod proxy (`pods/<name>:8080/proxy`: authentication, RBAC → pod isolate), the
 * nearest thing to calling the isolate directly a client has. Rows: requests/s with p50/p99 for each, and
 * the Service path's added p50/p99 over the pod proxy's (negative: the Service path is the cheaper one).
 */
import { expectStatus, load, sleep, summarize, until } from "./lib/bench-client.mjs";
import { withRuntime } from "./lib/bench-runtime.mjs";
import { createNamespace, deployment, pool, poolNodesReady, pushServerImage } from "./lib/bench-pods.mjs";

const NS = "svc";
const ROUNDS = 10;

/** @param {{ quick: boolean, clients: number }} options */
export function serviceWorkloads({ quick, clients }) {
  const perRound = quick ? 100 : 500;
  return withRuntime("services", pool(2, "bench-node-"), 10 * 60_000, async (rt) => {
    await poolNodesReady(rt, 2, 120_000);
    await createNamespace(rt.client, NS);
    const image = await pushServerImage(rt);
    const deploy = deployment("echo", 3, image);
    deploy.spec.template.spec.containers[0].ports = [{ containerPort: 8080 }];
    expectStatus(await rt.client.request("POST", `/apis/apps/v1/namespaces/${NS}/deployments`, deploy), 201, "deployment");
    const service = { apiVersion: "v1", kind: "Service", metadata: { name: "echo" }, spec: { type: "LoadBalancer", selector: { app: "echo" }, ports: [{ port: 80, targetPort: 8080 }] } };
    expectStatus(await rt.client.request("POST", `/api/v1/namespaces/${NS}/services`, service), 201, "service");
    let host = "";
    await until(async () => {
      host = (await rt.client.json(`/api/v1/namespaces/${NS}/services/echo`)).status?.loadBalancer?.ingress?.[0]?.hostname ?? "";
      return host !== "";
    }, 60_000, "the LoadBalancer hostname");
    const viaService = () => rt.client.request("GET", "/ping", undefined, { Host: host });
    await until(async () => (await readyEndpoints(rt)) === 3 && (await viaService()).status === 200, 120_000, "three ready endpoints answering");
    const pod = (await rt.client.json(`/api/v1/namespaces/${NS}/pods?labelSelector=app%3Decho`)).items[0].metadata.name;
    const direct = () => rt.client.request("GET", `/api/v1/namespaces/${NS}/pods/${pod}:8080/proxy/ping`);
    const check = (res, what) => expectStatus(res, 200, what);
    for (let i = 0; i < 100; i++) {
      check(await viaService(), "warm-up via the Service");
      check(await direct(), "warm-up via the pod proxy");
    }
    const lat = { service: [], direct: [] };
    const ms = { service: 0, direct: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      for (const [key, call] of /** @type {const} */ ([["service", viaService], ["direct", direct]])) {
        const { latencies, elapsed } = await load(perRound, clients, async () => check(await call(), key));
        lat[key].push(...latencies);
        ms[key] += elapsed;
      }
      await sleep(50);
    }
    const service = summarize("LoadBalancer Service → pod isolate", lat.service, ms.service);
    const podProxy = summarize("pod proxy (API) → the same pod isolates' one", lat.direct, ms.direct);
    return [
      service,
      podProxy,
      {
        name: "Service path added latency vs the pod proxy (ms; p99 target < 2)",
        count: lat.service.length,
        perSecond: +(service.perSecond / podProxy.perSecond).toFixed(2),
        p50Ms: +(service.p50Ms - podProxy.p50Ms).toFixed(2),
        p99Ms: +(service.p99Ms - podProxy.p99Ms).toFixed(2),
      },
    ];
  });
}

async function readyEndpoints(rt) {
  const slices = await rt.client.json(`/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Decho`);
  return slices.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready).length;
}
