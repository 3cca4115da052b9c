/**
 * The cluster workloads of `npm run bench` (the controllers and the scheduler running in the server, nodes
 * registered through the API as KWOK does, no kubelets):
 *   - alarms fired by an idle converged cluster (3 nodes, a Deployment) over a minute (10 s with --quick);
 *   - scheduling: pods created by 32 clients onto 1,000 nodes (200 with --quick), end-to-end pods/s and
 *     create → bound latency; and the scheduler's own throughput: a backlog of pending pods created while the
 *     scheduler is paused, then resume → all bound;
 *   - a 1,000-replica Deployment (200 with --quick): create → every pod bound.
 * Node Leases are renewed every 10 s as kubelets would, so the node lifecycle controller sees live nodes.
 */

const micro = () => new Date().toISOString().replace(/Z$/, "000Z");
const LEASES = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";

function nodeBody(name, labels = {}) {
  const capacity = { cpu: "32", memory: "128Gi", pods: "110" };
  const t = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: t, lastTransitionTime: t }],
    },
  };
}

/** Registers Nodes `names` (Ready) and their Leases from 32 clients. */
export async function registerNodes(client, load, names, labels) {
  await load(names.length, 32, async (i) => {
    const r = await client.request("POST", "/api/v1/nodes", nodeBody(names[i], labels));
    if (r.status !== 201) throw new Error(`node: ${r.status} ${r.text.slice(0, 200)}`);
    await client.request("POST", LEASES, { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: names[i] }, spec: { holderIdentity: names[i], leaseDurationSeconds: 40, renewTime: micro() } });
  });
}

/** Renews every node's Lease each 10 s until stopped. */
function heartbeat(client, load, names) {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (let waited = 0; waited < 10_000 && !stopped; waited += 250) await new Promise((r) => setTimeout(r, 250));
      if (stopped) return;
      await load(names.length, 4, (i) => client.request("PATCH", `${LEASES}/${names[i]}`, { spec: { renewTime: micro() } }, { "Content-Type": "application/merge-patch+json" }));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

async function loops(client) {
  const r = await client.request("GET", "/admin/controllers");
  if (r.status !== 200) throw new Error(`/admin/controllers: ${r.status}`);
  return JSON.parse(r.text).loops;
}

async function settle(client, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ls = await loops(client);
    if (ls.every((l) => l.paused || l.nextDue === null || l.nextDue > Date.now() + 60_000)) return ls;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`controllers did not settle: ${JSON.stringify(await loops(client))}`);
}

/** Watches pods of `ns` and resolves bind times (performance.now) by pod name. */
async function watchBinds(client, ns) {
  const list = JSON.parse((await client.request("GET", `/api/v1/namespaces/${ns}/pods`)).text);
  const bound = new Map();
  const close = await client.watch(`/api/v1/namespaces/${ns}/pods?watch=true&resourceVersion=${list.metadata.resourceVersion}`, (ev, at) => {
    const name = ev.object?.metadata?.name;
    if (ev.object?.spec?.nodeName && !bound.has(name)) bound.set(name, at);
  });
  return { bound, close };
}

async function until(pred, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function clusterWorkloads({ client, load, summarize, quick, expectStatus, memory }) {
  const results = [];
  const ns = async (name) => expectStatus(await client.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } }), 201, "ns");

  // Idle: a small converged cluster, then a quiet minute with the cron resync firing inside it.
  const small = ["idle-1", "idle-2", "idle-3"];
  await registerNodes(client, load, small);
  const stopSmall = heartbeat(client, load, small);
  await ns("idle");
  const deploy = (name, replicas) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "10m" } } }] } } },
  });
  expectStatus(await client.request("POST", "/apis/apps/v1/namespaces/idle/deployments", deploy("idle", 3)), 201, "deployment");
  const before = await settle(client);
  const idleMs = quick ? 10_000 : 61_000;
  await new Promise((r) => setTimeout(r, idleMs));
  const after = await loops(client);
  const fired = after.reduce((n, l) => n + l.alarmsFired, 0) - before.reduce((n, l) => n + l.alarmsFired, 0);
  results.push({ name: `alarms fired by an idle converged cluster in ${Math.round(idleMs / 1000)} s`, count: fired, p50Ms: NaN, p99Ms: NaN });

  // Scheduling onto many nodes.
  const nodeCount = quick ? 200 : 1000;
  const names = Array.from({ length: nodeCount }, (_, i) => `sched-${String(i).padStart(4, "0")}`);
  const mem = await memory?.start();
  const t0 = performance.now();
  await registerNodes(client, load, names, { pool: "bench" });
  results.push({ name: `register ${nodeCount} nodes with Leases (32 clients)`, count: nodeCount, perSecond: Math.round((nodeCount / (performance.now() - t0)) * 1000), p50Ms: NaN, p99Ms: NaN });
  await mem?.stop("Nodes registered with their Leases", nodeCount, 1);
  const stopBig = heartbeat(client, load, names);
  try {
    await ns("sched");
    const pods = quick ? 300 : 1000;
    const podBody = (name) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { nodeSelector: { pool: "bench" }, containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] } });
    const watch = await watchBinds(client, "sched");
    const created = new Map();
    const start = performance.now();
    await load(pods, 32, async (i) => {
      const name = `p-${i}`;
      created.set(name, performance.now());
      expectStatus(await client.request("POST", "/api/v1/namespaces/sched/pods", podBody(name)), 201, "pod");
    });
    await until(() => watch.bound.size >= pods, 120_000, `${pods} pods bound (${watch.bound.size})`);
    const elapsed = Math.max(...watch.bound.values()) - start;
    watch.close();
    const latencies = [...watch.bound].map(([name, at]) => at - created.get(name));
    results.push(summarize(`schedule ${pods} pods on ${nodeCount} nodes (create → bound, 32 clients)`, latencies, elapsed));

    // The scheduler's own throughput (upstream's scheduler_perf measure): a backlog of pending pods, created while
    // the scheduler is paused (as a scheduler starting with work waiting), then resumed: resume → last pod bound.
    await ns("sched-backlog");
    const backlog = await watchBinds(client, "sched-backlog");
    expectStatus(await client.request("POST", "/admin/controllers/scheduler/pause", {}), 200, "pause the scheduler");
    try {
      await load(pods, 32, async (i) => expectStatus(await client.request("POST", "/api/v1/namespaces/sched-backlog/pods", podBody(`b-${i}`)), 201, "pod"));
    } finally {
      expectStatus(await client.request("POST", "/admin/controllers/scheduler/resume", {}), 200, "resume the scheduler");
    }
    const resumed = performance.now();
    await until(() => backlog.bound.size >= pods, 120_000, `${pods} backlog pods bound (${backlog.bound.size})`);
    const backlogMs = Math.max(...backlog.bound.values()) - resumed;
    backlog.close();
    results.push({ name: `scheduler throughput: ${pods} pending pods onto ${nodeCount} nodes (resume → all bound)`, count: pods, perSecond: Math.round((pods / backlogMs) * 1000), p50Ms: NaN, p99Ms: NaN, elapsedMs: Math.round(backlogMs) });

    // A 1,000-replica Deployment, create → every pod bound.
    await ns("big-deploy");
    const replicas = quick ? 200 : 1000;
    const dw = await watchBinds(client, "big-deploy");
    const d0 = performance.now();
    expectStatus(await client.request("POST", "/apis/apps/v1/namespaces/big-deploy/deployments", { ...deploy("big", replicas), spec: { ...deploy("big", replicas).spec, template: { ...deploy("big", replicas).spec.template, spec: { nodeSelector: { pool: "bench" }, containers: [{ name: "app", image: "nginx" }] } } } }), 201, "deployment");
    await until(() => dw.bound.size >= replicas, 180_000, `${replicas} replicas bound (${dw.bound.size})`);
    const dElapsed = Math.max(...dw.bound.values()) - d0;
    dw.close();
    results.push({ name: `Deployment of ${replicas} replicas: create → all pods bound in ${(dElapsed / 1000).toFixed(2)} s`, count: replicas, perSecond: Math.round((replicas / dElapsed) * 1000), p50Ms: NaN, p99Ms: NaN, elapsedMs: Math.round(dElapsed) });
  } finally {
    await stopBig();
    await stopSmall();
  }
  return results;
}
