/**
 * The kubelet workloads of `npm run bench` (`--only kubelets`), each on a fresh runtime whose NODE_POOL starts
 * real kubelets (one KubeletDO per node, worker/kubelet/README.md):
 *   1. pod startup latency as upstream's SLO measures it (pods already bound: `spec.nodeName` set at creation,
 *      so scheduling is excluded; clock from the create request to a WATCH delivering phase Running with
 *      Ready=True), 200 pods (10 with --quick) created in waves of 10 — each wave once the previous one is
 *      Running — on 3 nodes: isolate pods of a cached tiny server image (one warm-up pod per node pulls it
 *      first), simulated pods with KWOK's default delays (1–5 s; 100 pods: each wave waits out the delays), and
 *      simulated pods with those delays at 0 s;
 *   2. 10,000 simulated pods Running on 1,000 nodes (KWOK's CI bar: 60 s): the nodes' registration, then one
 *      Deployment (KWOK delays 0 s in the template), create → all Running counted through a watch
 *      (--quick: 20 nodes, 200 pods);
 *   3. 1,000 isolate pods (a Deployment of the tiny server image) on 10 nodes: create → all Running and Ready,
 *      the workerd process's RSS, pods that failed (--quick: 20).
 *   For 2 and 3 the watch's figure is what a client sees; since the whole API answers late while the cluster
 *   works through such a burst, the rows also give the server's own timestamps (creationTimestamp, the
 *   PodScheduled and Ready conditions' lastTransitionTime, 1 s resolution, read after the fact) and when the
 *   Deployment's status (`kubectl rollout status`) first said all ready;
 *   4. the heartbeat's idle cost: 3 nodes, no pods, over 60 s (10 s with --quick): alarms and heartbeats per
 *      node per minute (GET /admin/kubelets), store writes (the shards' revisions), the controllers' alarms.
 * A workload that fails or times out leaves a `FAILED:` row with the reason and the Worker's first errors.
 * `BENCH_KUBELETS=<words,…>` runs only the workloads whose name contains one of them (e.g. `idle,isolate`).
 */
import { failureRow, expectStatus, sleep, summarize, until } from "./lib/bench-client.mjs";
import { withRuntime } from "./lib/bench-runtime.mjs";
import { NO_KWOK_DELAY, boundPod, createNamespace, deployment, pollDeploymentReady, pool, serverPodTimeline, poolNodesReady, pushServerImage, runningAndReady, shardRevisions } from "./lib/bench-pods.mjs";

const say = (line) => process.stderr.write(`bench: ${line}\n`);
const WAVE = 10;
const BACKOFF_REASONS = new Set(["ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff", "CreateContainerError", "CreateContainerConfigError", "RunContainerError", "InvalidImageName"]);

/** @param {{ quick: boolean }} options */
export async function kubeletWorkloads({ quick }) {
  const results = [];
  const only = process.env.BENCH_KUBELETS?.split(",");
  const run = async (name, fn) => {
    if (only && !only.some((w) => name.includes(w))) return;
    say(`${name}…`);
    try {
      results.push(...(await fn()));
    } catch (err) {
      say(`${name} failed: ${err instanceof Error ? err.message : err}`);
      results.push(failureRow(name, err));
    }
  };
  const pods = quick ? 10 : 200;
  await run("pod startup latency, isolate", () => startupLatency({ key: "isolate", isolate: true, pods, label: "isolate pods, cached image" }));
  await run("pod startup latency, simulated", () => startupLatency({ key: "simulated", pods: Math.min(pods, 100), label: "simulated pods, KWOK default delays 1–5 s" }));
  await run("pod startup latency, simulated 0 s", () => startupLatency({ key: "simulated-0s", pods, annotations: NO_KWOK_DELAY, label: "simulated pods, KWOK delays 0 s" }));
  await run("simulated pods at scale", () => simulatedAtScale(quick ? 20 : 1000, quick ? 200 : 10000));
  await run("isolate pods in one cluster", () => isolateDeployment(10, quick ? 20 : 1000));
  await run("heartbeat idle cost", () => heartbeatIdle(3, quick ? 10_000 : 60_000));
  return results;
}

/**
 * Workload 1: create → Running+Ready seen by a watch, for pods bound at creation, in waves of WAVE.
 * @param {{ key: string, pods: number, label: string, isolate?: boolean, annotations?: Record<string, string> }} v
 */
function startupLatency(v) {
  const NODES = 3;
  const nodes = Array.from({ length: NODES }, (_, i) => `bench-node-${i}`);
  return withRuntime(`kubelets-startup-${v.key}`, pool(NODES, "bench-node-"), 15 * 60_000, async (rt) => {
    await poolNodesReady(rt, NODES, 120_000);
    await createNamespace(rt.client, "startup");
    const image = v.isolate ? await pushServerImage(rt) : "nginx";
    const created = new Map();
    const latency = new Map();
    await rt.informer("/api/v1/namespaces/startup/pods", (type, pod, at) => {
      const name = pod.metadata.name;
      if (type !== "DELETED" && created.has(name) && !latency.has(name) && runningAndReady(pod)) latency.set(name, at - created.get(name));
    });
    const createAll = async (names, nodeOf) => {
      await Promise.all(
        names.map(async (name, i) => {
          created.set(name, performance.now());
          expectStatus(await rt.client.request("POST", "/api/v1/namespaces/startup/pods", boundPod(name, nodeOf(i), image, v.annotations)), 201, `pod ${name}`);
        }),
      );
      await until(() => names.every((n) => latency.has(n)), 90_000, () => `${names.filter((n) => !latency.has(n)).join(", ")} Running and Ready`);
    };
    // The image is pulled and unpacked once per node before the clock runs (imagePullPolicy IfNotPresent).
    if (v.isolate) await createAll(nodes.map((n) => `warm-${n}`), (i) => nodes[i]);
    const names = Array.from({ length: v.pods }, (_, i) => `p-${String(i).padStart(4, "0")}`);
    const started = performance.now();
    for (let w = 0; w < names.length; w += WAVE) await createAll(names.slice(w, w + WAVE), (i) => nodes[(w + i) % NODES]);
    const elapsed = performance.now() - started;
    return [
      summarize(`pod startup latency, ${v.label} (create → watch sees Running+Ready; ${v.pods} bound pods on ${NODES} nodes, ${WAVE} at a time)`, names.map((n) => latency.get(n)), elapsed, {
        workerErrors: rt.errors.count,
        ...(v.isolate ? { targetP99Ms: 1000 } : {}),
      }),
    ];
  });
}

/** Workload 2: `nodeCount` simulated nodes register; a Deployment of `podCount` simulated pods runs on them. */
function simulatedAtScale(nodeCount, podCount) {
  return withRuntime(`kubelets-scale-simulated`, pool(nodeCount, "sim-"), 25 * 60_000, async (rt) => {
    const results = [];
    const lastReady = await poolNodesReady(rt, nodeCount, 10 * 60_000);
    const registerMs = lastReady - rt.readyAt;
    results.push({ name: `${nodeCount} kubelets register their Nodes: runtime ready → all Ready in ${(registerMs / 1000).toFixed(1)} s`, count: nodeCount, perSecond: Math.round((nodeCount / registerMs) * 1000), p50Ms: NaN, p99Ms: NaN, elapsedMs: Math.round(registerMs) });
    await createNamespace(rt.client, "scale");
    const seen = new Set();
    const bound = new Set();
    const running = new Set();
    let lastBound = 0;
    let lastRunning = 0;
    await rt.informer("/api/v1/namespaces/scale/pods", (type, pod, at) => {
      if (type === "DELETED") return;
      const name = pod.metadata.name;
      seen.add(name);
      if (pod.spec?.nodeName && !bound.has(name)) {
        bound.add(name);
        lastBound = at;
      }
      if (pod.status?.phase === "Running" && !running.has(name)) {
        running.add(name);
        lastRunning = at;
      }
    });
    const t0 = performance.now();
    const created = await rt.client.request("POST", "/apis/apps/v1/namespaces/scale/deployments", deployment("scale", podCount, "nginx", NO_KWOK_DELAY));
    expectStatus(created, 201, "deployment");
    const rollout = pollDeploymentReady(rt.client, "scale", "scale", podCount);
    const secs = (at) => (at === undefined ? "—" : ((at - t0) / 1000).toFixed(1));
    const progress = setInterval(() => say(`  ${secs(performance.now())} s: watch saw ${seen.size} created, ${bound.size} bound, ${running.size} Running; Deployment status ${rollout.last()?.readyReplicas ?? 0} ready; workerd ${rt.rss()} MiB`), 5_000);
    try {
      await until(() => running.size >= podCount || rollout.readyAt() !== undefined, 12 * 60_000, () => `the watch or the Deployment status to see ${podCount} pods Running (it saw ${seen.size} created, ${bound.size} bound, ${running.size} Running after ${secs(performance.now())} s; Deployment status: ${rollout.last()?.readyReplicas ?? 0} ready${rollout.readyAt() ? ` at ${secs(rollout.readyAt())} s` : ""})`);
      await until(() => rollout.readyAt() !== undefined, 120_000, "").catch(() => {});
      await until(() => running.size >= podCount, 120_000, "").catch(() => {});
    } catch (err) {
      results.push(failureRow(`${podCount} simulated pods Running on ${nodeCount} nodes`, err));
      return results;
    } finally {
      clearInterval(progress);
      await rollout.stop();
    }
    const server = timelineSummary(await serverPodTimeline(rt.client, "scale", JSON.parse(created.text).metadata.creationTimestamp));
    const ms = lastRunning - t0;
    results.push({
      name: `${podCount} simulated pods (KWOK delays 0 s) on ${nodeCount} nodes: Deployment created → ${server.text}; a watch saw ${watchLast(bound.size, podCount, lastBound, secs)} bound, ${watchLast(running.size, podCount, lastRunning, secs)} Running; Deployment status all ready at ${secs(rollout.readyAt())} s (KWOK's bar: 60 s)`,
      count: podCount,
      perSecond: Math.round((podCount / (running.size >= podCount ? ms : server.lastReadyMs)) * 1000),
      server,
      p50Ms: NaN,
      p99Ms: NaN,
      watchMs: Math.round(ms),
      boundMs: Math.round(lastBound - t0),
      deploymentReadyMs: rollout.readyAt() === undefined ? undefined : Math.round(rollout.readyAt() - t0),
      peakRssMiB: rt.peakRss(),
      workerErrors: rt.errors.count,
    });
    return results;
  });
}

/** Workload 3: a Deployment of `podCount` isolate pods of the tiny server image on `nodeCount` nodes. */
function isolateDeployment(nodeCount, podCount) {
  return withRuntime(`kubelets-isolate-deployment`, pool(nodeCount, "iso-"), 20 * 60_000, async (rt) => {
    await poolNodesReady(rt, nodeCount, 120_000);
    await createNamespace(rt.client, "iso");
    const image = await pushServerImage(rt);
    const rssBefore = rt.rss();
    const state = new Map();
    const ready = new Set();
    let lastReady = 0;
    await rt.informer("/api/v1/namespaces/iso/pods", (type, pod, at) => {
      const name = pod.metadata.name;
      if (type === "DELETED") {
        state.delete(name);
        return;
      }
      const waiting = (pod.status?.containerStatuses ?? []).map((c) => c.state?.waiting?.reason).find((r) => BACKOFF_REASONS.has(r));
      state.set(name, { phase: pod.status?.phase, waiting, restarts: (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0) });
      if (runningAndReady(pod) && !ready.has(name)) {
        ready.add(name);
        lastReady = at;
      }
    });
    const failed = () => [...state.values()].filter((s) => s.phase === "Failed" || s.waiting).length;
    const restarts = () => [...state.values()].reduce((n, s) => n + s.restarts, 0);
    const t0 = performance.now();
    const created = await rt.client.request("POST", "/apis/apps/v1/namespaces/iso/deployments", deployment("iso", podCount, image));
    expectStatus(created, 201, "deployment");
    const rollout = pollDeploymentReady(rt.client, "iso", "iso", podCount);
    const secs = (at) => (at === undefined ? "—" : ((at - t0) / 1000).toFixed(1));
    const progress = setInterval(() => say(`  ${secs(performance.now())} s: watch saw ${state.size} pods, ${ready.size} Ready, ${failed()} failing; Deployment status ${rollout.last()?.readyReplicas ?? 0} ready; workerd ${rt.rss()} MiB`), 5_000);
    try {
      await until(() => ready.size >= podCount || rollout.readyAt() !== undefined, 12 * 60_000, () => `the watch or the Deployment status to see ${podCount} isolate pods Running and Ready (it saw ${ready.size}, ${failed()} failing, ${restarts()} restarts; Deployment status: ${rollout.last()?.readyReplicas ?? 0} ready${rollout.readyAt() ? ` at ${secs(rollout.readyAt())} s` : ""})`);
      await until(() => rollout.readyAt() !== undefined, 120_000, "").catch(() => {});
      await until(() => ready.size >= podCount, 120_000, "").catch(() => {});
    } finally {
      clearInterval(progress);
      await rollout.stop();
    }
    const ms = lastReady - t0;
    const server = timelineSummary(await serverPodTimeline(rt.client, "iso", JSON.parse(created.text).metadata.creationTimestamp));
    await sleep(2000);
    const rssAfter = rt.rss();
    return [
      {
        name: `${podCount} isolate pods on ${nodeCount} nodes: Deployment created → ${server.text}; a watch saw ${watchLast(ready.size, podCount, lastReady, secs)} Running+Ready; Deployment status all ready at ${secs(rollout.readyAt())} s (workerd RSS ${rssBefore} → ${rssAfter} MiB, peak ${rt.peakRss()}; ${failed()} failed, ${restarts()} restarts)`,
        count: podCount,
        perSecond: Math.round((podCount / (ready.size >= podCount ? ms : server.lastReadyMs)) * 1000),
        server,
        p50Ms: NaN,
        p99Ms: NaN,
        watchMs: Math.round(ms),
        deploymentReadyMs: rollout.readyAt() === undefined ? undefined : Math.round(rollout.readyAt() - t0),
        rssBeforeMiB: rssBefore,
        rssAfterMiB: rssAfter,
        peakRssMiB: rt.peakRss(),
        failed: failed(),
        restarts: restarts(),
        workerErrors: rt.errors.count,
      },
    ];
  });
}

/** "the last at 12.3 s", or how many a watch that never caught up had delivered. */
const watchLast = (seen, total, at, secs) => (seen >= total ? `the last at ${secs(at)} s` : `only ${seen} of ${total}`);

/** The server's timestamps (1 s resolution) of a Deployment's pods, as the row's text and figures. */
function timelineSummary(t) {
  const last = (xs) => (xs.length ? Math.max(...xs) : NaN);
  const r = { lastCreatedMs: last(t.created), lastScheduledMs: last(t.scheduled), lastReadyMs: last(t.ready), ready: t.ready.length };
  return { ...r, text: `by the server's timestamps (±1 s) all created at ${r.lastCreatedMs / 1000} s, scheduled at ${r.lastScheduledMs / 1000} s, Ready at ${r.lastReadyMs / 1000} s` };
}

/** Workload 4: what `nodeCount` idle kubelets (no pods) cost over `windowMs`. */
function heartbeatIdle(nodeCount, windowMs) {
  return withRuntime(`kubelets-idle`, pool(nodeCount, "idle-"), windowMs + 5 * 60_000, async (rt) => {
    await poolNodesReady(rt, nodeCount, 120_000);
    // Past registration's own writes (the first Node status, the pod CIDR) before the window opens.
    await sleep(Math.min(15_000, windowMs));
    const snapshot = async () => ({
      at: performance.now(),
      kubelets: (await rt.client.json("/admin/kubelets")).kubelets,
      controllers: (await rt.client.json("/admin/controllers")).loops,
      revisions: await shardRevisions(rt.client),
    });
    const before = await snapshot();
    await sleep(windowMs);
    const after = await snapshot();
    const minutes = (after.at - before.at) / 60_000;
    const sum = (ks, field) => ks.reduce((n, k) => n + k[field], 0);
    const perNodeMinute = (field) => +((sum(after.kubelets, field) - sum(before.kubelets, field)) / nodeCount / minutes).toFixed(2);
    const writes = Object.fromEntries(Object.keys(after.revisions).map((s) => [s, after.revisions[s] - before.revisions[s]]));
    const totalWrites = Object.values(writes).reduce((a, b) => a + b, 0);
    const controllerAlarms = sum(after.controllers, "alarmsFired") - sum(before.controllers, "alarmsFired");
    const window = `${nodeCount} idle nodes, no pods, ${Math.round(windowMs / 1000)} s`;
    const row = (name, count, extra = {}) => ({ name, count, p50Ms: NaN, p99Ms: NaN, ...extra });
    return [
      row(`kubelet alarms fired per node per minute (${window})`, perNodeMinute("alarmsFired")),
      row(`kubelet heartbeats per node per minute (${window})`, perNodeMinute("heartbeats")),
      row(`store writes per minute, whole cluster (${window}; by shard ${JSON.stringify(writes)})`, +(totalWrites / minutes).toFixed(1), { writesByShard: writes }),
      row(`controller alarms fired (${window})`, controllerAlarms),
    ];
  });
}
