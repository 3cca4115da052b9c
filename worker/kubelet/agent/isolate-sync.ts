/**
 * The `isolate` runtime's pass over one pod: the pod worker plans (worker/kubelet/pod-worker), the executor
 * acts on real isolates (./isolate/executor.ts) and feeds the results back, until nothing is left to do now;
 * then the pod's status is computed (worker/kubelet/status) and written only if it changed, and the pass asks
 * to run again when the plan's next due time comes.
 */
import type { KubeObject } from "../../../schema/types";
import { STRATEGIC_PATCH } from "../../controllers/framework/api";
import { allContainersStopped, containerFacts, newPodRecord, planPodSync, podIsTerminal, type PodRecord as WorkerRecord, type PodWorkerPod } from "../pod-worker";
import { computePodStatus, statusChanged, type PodStatusLike } from "../status";
import type { KubeletAgent } from "./agent";
import { collectExits, drainLogs, killAction, preStopAction, probeAction, pullAction, startAction } from "./isolate/executor";
import type { IsolateHost } from "./isolate/host";
import { forgetPodInstances, podInstances } from "./isolate/instances";
import type { PodRecord, SyncOutcome } from "./pod-sync";

/** Plan → act rounds in one pass (each round's results may make the next action due at once). */
const MAX_ROUNDS = 8;

export async function syncIsolatePod(agent: KubeletAgent, key: string, pod: KubeObject, record: PodRecord, nowMs: number): Promise<SyncOutcome> {
  const terminal = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
  const podIP = pod.spec.hostNetwork ? agent.config.nodeIP : terminal ? pod.status?.podIP : agent.allocateIP(key);
  const host = agent.isolateHost(key, podIP);
  let worker = collectExits((record.worker as WorkerRecord | undefined) ?? newPodRecord(pod as PodWorkerPod));
  let wakeAtMs: number | undefined;
  let deleted = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const plan = planPodSync({ pod: pod as PodWorkerPod, record: worker, nowMs: Date.now(), images: agent.nodeImages(), podIP });
    worker = plan.record;
    wakeAtMs = plan.wakeAtMs;
    if (plan.actions.length === 0) break;
    for (const a of plan.actions) {
      switch (a.kind) {
        case "event":
          await agent.event(pod, a.eventType, a.reason, a.message, a.fieldPath);
          break;
        case "pullImage":
          worker = await pullAction(host, pod, worker, a);
          break;
        case "startContainer":
          worker = await startAction(host, pod, worker, a);
          break;
        case "killContainer":
          worker = killAction(worker, a);
          break;
        case "runPreStop":
          worker = await preStopAction(host, worker, a);
          break;
        case "probe":
          worker = await probeAction(host, worker, a);
          break;
        case "deletePod":
          deleted = true;
          break;
      }
    }
    if (deleted) break;
  }
  await drainLogs(host, podInstances(pod.metadata.uid));
  await writeStatus(agent, pod, worker, podIP, nowMs);
  if (deleted) {
    const path = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`;
    await agent.api.expect(agent.api.delete(path, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } }), `DELETE ${path}`, [404, 409]);
    await releaseIsolatePod(agent, key, { ...record, worker });
    return { forget: true };
  }
  if (podIsTerminal(pod as PodWorkerPod, worker) && allContainersStopped(worker)) agent.releaseIP(key);
  return { forget: false, record: { ...record, worker }, dueMs: wakeAtMs };
}

async function writeStatus(agent: KubeletAgent, pod: KubeObject, worker: WorkerRecord, podIP: string | undefined, nowMs: number): Promise<void> {
  const status = computePodStatus({
    pod: pod as never,
    facts: containerFacts(pod as PodWorkerPod, worker, nowMs),
    hostIPs: [agent.config.nodeIP],
    podIPs: podIP ? [podIP] : [],
    podIsTerminal: podIsTerminal(pod as PodWorkerPod, worker),
    couldHaveRunningContainers: !allContainersStopped(worker),
    sandboxReady: true,
    nowMs,
  });
  if (!statusChanged(pod.status as PodStatusLike | undefined, status)) return;
  const path = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`;
  // Lists of container statuses are replaced whole (they are atomic); conditions merge by type.
  await agent.api.expect(agent.api.patch(path, { status }, STRATEGIC_PATCH), `PATCH ${path}`, [404, 409]);
}

/** The pod is gone from this node: its isolates stop, its logs and IP go. */
export async function releaseIsolatePod(agent: KubeletAgent, key: string, record: PodRecord): Promise<void> {
  const emptyDirs = new Set<string>();
  for (const i of podInstances(record.uid)) {
    i.stopped = true;
    for (const m of Object.values(i.spec.volumes?.mounts ?? {})) if (m.handle.startsWith("emptydir/")) emptyDirs.add(m.handle);
  }
  // An emptyDir lives as long as its pod.
  await Promise.all([...emptyDirs].map((h) => agent.env.VOLUMES.getByName(h).destroy().catch((e: unknown) => console.error(`emptyDir ${h} not removed`, e))));
  forgetPodInstances(record.uid);
  agent.forgetPodLogs(record.uid);
  agent.releaseIP(key);
}

export type { IsolateHost };
