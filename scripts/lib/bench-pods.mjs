/**
 * Pods, nodes and images for the kubelet benchmarks (scripts/bench-kubelets.mjs): the tiny server image pushed
 * to the built-in registry, pod and Deployment bodies, readiness as the pod startup SLO reads it, waiting for
 * the pool's Nodes to be Ready, and the store's write counters (each shard's head revision).
 */
import { registryClient, pushImage } from "../image.mjs";
import { buildImage } from "./oci-image.mjs";
import { expectStatus, until } from "./bench-client.mjs";

/** KWOK's per-pod stage delay overrides: the pod is Running as soon as the kubelet gets to it. */
export const NO_KWOK_DELAY = {
  "pod-ready.stage.kwok.x-k8s.io/delay": "0s",
  "pod-ready.stage.kwok.x-k8s.io/jitter-delay": "0s",
};

/** The label every pool node carries (worker/kubelet/node). */
export const POOL_NODES = "/api/v1/nodes?labelSelector=kube-edge.dev%2Fnode-pool";

/** A node pool of `count` nodes `<prefix><i>` with the default capacity (110 pods each). */
export const pool = (count, prefix) => ({ pools: [{ name: "bench", count, namePrefix: prefix }] });

/**
 * Pushes one ES module as the image `<registryHost>/<name>:v1` and returns that name.
 * @param {import("./bench-runtime.mjs").BenchRuntime} rt
 * @param {string} name
 * @param {string} source
 */
export async function pushModuleImage(rt, name, source) {
  const image = buildImage([{ path: "server.js", type: "file", mode: 0o644, data: Buffer.from(source) }], "server.js");
  const client = registryClient({ server: rt.url, token: rt.token, ca: [rt.ca] });
  await pushImage(client, image, name, "v1", () => {});
  return `${rt.registryHost}/${name}:v1`;
}

/**
 * Pushes the tiny HTTP server (one ES module) as `<registryHost>/bench/server:v1` and returns that name.
 * @param {import("./bench-runtime.mjs").BenchRuntime} rt
 */
export const pushServerImage = (rt) => pushModuleImage(rt, "bench/server", "export default { fetch(request) { return new Response('ok ' + new URL(request.url).pathname); } };\n");

export async function createNamespace(client, name) {
  expectStatus(await client.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } }), 201, `namespace ${name}`);
}

/** A pod already bound to `nodeName` (the scheduler is not involved). */
export const boundPod = (name, nodeName, image, annotations = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, annotations },
  spec: { nodeName, containers: [{ name: "c", image, imagePullPolicy: "IfNotPresent" }] },
});

export const deployment = (name, replicas, image, annotations = {}) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name }, annotations }, spec: { containers: [{ name: "c", image, imagePullPolicy: "IfNotPresent" }] } },
  },
});

/** Running with condition Ready=True: the moment upstream's pod startup SLO stops its clock. */
export const runningAndReady = (pod) =>
  pod?.status?.phase === "Running" && pod.status.conditions?.some((c) => c.type === "Ready" && c.status === "True");

const nodeReady = (node) => node?.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True");

/**
 * Waits until `count` pool Nodes are Ready (a watch of Nodes); resolves performance.now() of the last one.
 * @param {import("./bench-runtime.mjs").BenchRuntime} rt
 */
export async function poolNodesReady(rt, count, timeoutMs) {
  const ready = new Map();
  await rt.informer(POOL_NODES, (type, node, at) => {
    if (type !== "DELETED" && nodeReady(node) && !ready.has(node.metadata.name)) ready.set(node.metadata.name, at);
  });
  await until(() => ready.size >= count, timeoutMs, () => `${count} pool Nodes Ready (${ready.size} are)`);
  return Math.max(...ready.values());
}

/** Where each shard's revision is read: an empty-ish LIST answers with the shard's head revision. */
const SHARD_LISTS = {
  leases: "/apis/coordination.k8s.io/v1/leases?limit=1",
  pods: "/api/v1/pods?limit=1",
  events: "/api/v1/events?limit=1",
  main: "/api/v1/nodes?limit=1",
};

/**
 * Each store shard's head revision: one per write (the store is kine's revision log), so the difference of two
 * readings is the number of writes between them (the four LISTs are writes of nothing).
 */
export async function shardRevisions(client) {
  const out = {};
  for (const [shard, path] of Object.entries(SHARD_LISTS)) out[shard] = Number((await client.json(path)).metadata.resourceVersion);
  return out;
}

/**
 * Polls a Deployment's status every 2 s (what `kubectl rollout status` reads) and records when
 * `status.readyReplicas` first reached `replicas`: a cross-check of the watch, which lags under load.
 * @param {import("./bench-client.mjs").Client} client
 * @returns {{ readyAt: () => number | undefined, last: () => any, stop: () => Promise<void> }}
 */
export function pollDeploymentReady(client, namespace, name, replicas) {
  let readyAt;
  let last;
  let stopped = false;
  const loop = (async () => {
    while (!stopped && readyAt === undefined) {
      const res = await client.request("GET", `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`).catch(() => undefined);
      if (res?.status === 200) {
        last = JSON.parse(res.text).status;
        if ((last?.readyReplicas ?? 0) >= replicas) readyAt = performance.now();
      }
      for (let waited = 0; waited < 2000 && !stopped; waited += 100) await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    readyAt: () => readyAt,
    last: () => last,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/**
 * The pods of `namespace` as the server timestamped them (1 s resolution): when each was created, scheduled
 * (PodScheduled) and became Ready, in ms after `originIso` (the Deployment's creationTimestamp), read after
 * the fact in pages of 500 — independent of how late a watch delivered the changes.
 * @param {import("./bench-client.mjs").Client} client
 */
export async function serverPodTimeline(client, namespace, originIso) {
  const origin = Date.parse(originIso);
  const out = { created: [], scheduled: [], ready: [] };
  const at = (pod, type) => pod.status?.conditions?.find((c) => c.type === type && c.status === "True")?.lastTransitionTime;
  let cont = "";
  do {
    const page = await client.json(`/api/v1/namespaces/${namespace}/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`);
    for (const pod of page.items) {
      out.created.push(Date.parse(pod.metadata.creationTimestamp) - origin);
      const scheduled = at(pod, "PodScheduled");
      if (scheduled) out.scheduled.push(Date.parse(scheduled) - origin);
      const ready = at(pod, "Ready");
      if (ready) out.ready.push(Date.parse(ready) - origin);
    }
    cont = page.metadata.continue ?? "";
  } while (cont);
  return out;
}
