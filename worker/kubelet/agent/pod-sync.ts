/**
 * One pass over one pod bound to this node (the kubelet's syncPod): read the pod, pick its runtime once, and
 * hand it to that runtime; a pod gone, re-created under the same name, or bound elsewhere is cleaned up first.
 * The record is what the kubelet keeps of the pod between passes (its pod status manager and runtime cache).
 */
import type { KubeObject } from "../../../schema/types";
import type { StagePlan } from "../simulated";
import { chooseRuntime, type RuntimeHandler } from "./runtime-choice";
import { admitPod } from "../node";

export interface PodRecord {
  uid: string;
  /** What admission counted of the pod (its requests and ports), while the pod may still run here. */
  admitted?: KubeObject;
  /** Refused by admission (OutOfcpu, …): the pod failed, nothing runs. */
  rejected?: boolean;
  runtime?: RuntimeHandler;
  /** The pod could not get a runtime (FailedCreatePodSandBox): the message, reported once. */
  sandboxError?: string;
  /** simulated: the stage plan kept between passes. */
  plan?: StagePlan;
  /** isolate: the pod worker's record (../pod-worker). */
  worker?: unknown;
}

export interface PodRecordRow {
  key: string;
  record?: PodRecord;
}

export type SyncOutcome = { forget: true } | { forget: false; record: PodRecord; dueMs?: number };

/** What a pass needs from the kubelet around it. */
export interface PodSyncDeps {
  nodeName: string;
  nowMs: number;
  getPod(key: string): Promise<KubeObject | undefined>;
  runtimeClassHandler(name: string): Promise<string | undefined>;
  ownHosts: readonly string[];
  simulatedAllowed: boolean;
  /** Frees what the pod held here (its IP, its isolates). */
  release(key: string, record: PodRecord): Promise<void>;
  event(pod: KubeObject, type: "Normal" | "Warning", reason: string, message: string): Promise<void>;
  simulated(pod: KubeObject, record: PodRecord): Promise<SyncOutcome>;
  isolate(pod: KubeObject, record: PodRecord): Promise<SyncOutcome>;
  /** The pods this kubelet admitted that may still run (admission's `podsOnNode`). */
  admittedPods(): KubeObject[];
  /** Stores the record now (before the pass ends). */
  remember(record: PodRecord): void;
  /** The Node as admission sees it (built when a pod is admitted, not on every pass). */
  node(): KubeObject;
  /** Writes a refused pod's Failed status and its Event. */
  reject(pod: KubeObject, result: { reason: string; message: string }): Promise<void>;
}

/** A pod whose sandbox could not be created is tried again after this long (the pod worker's resync). */
export const SANDBOX_RETRY_MS = 30_000;

export async function syncPod(key: string, record: PodRecord | undefined, deps: PodSyncDeps): Promise<SyncOutcome> {
  const pod = await deps.getPod(key);
  const mine = pod && pod.spec?.nodeName === deps.nodeName;
  if (record && (!mine || pod.metadata.uid !== record.uid)) {
    await deps.release(key, record);
    record = undefined;
  }
  if (!mine) return { forget: true };
  record ??= { uid: pod.metadata.uid };
  if (record.rejected) return { forget: false, record };
  const terminal = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
  if (!record.admitted && !terminal && !pod.metadata.deletionTimestamp) {
    const verdict = admitPod(pod, deps.admittedPods(), deps.node());
    if (!verdict.admit) {
      await deps.reject(pod, verdict);
      return { forget: false, record: { uid: record.uid, rejected: true } };
    }
    record = { ...record, admitted: admissionSlice(pod) };
    // Counted at once: the pods synced beside this one are admitted against it (upstream admits one at a time).
    deps.remember(record);
  }
  if (terminal && record.admitted) record = { ...record, admitted: undefined };
  if (!record.runtime) {
    const className: string | undefined = pod.spec.runtimeClassName || undefined;
    const choice = chooseRuntime({
      runtimeClassName: className,
      runtimeClassHandler: className ? await deps.runtimeClassHandler(className) : undefined,
      images: [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])].map((c: { image?: string }) => c.image ?? ""),
      ownHosts: deps.ownHosts,
      simulatedAllowed: deps.simulatedAllowed,
    });
    if (!choice.ok) {
      if (record.sandboxError !== choice.message) await deps.event(pod, "Warning", choice.reason, choice.message);
      return { forget: false, record: { ...record, sandboxError: choice.message }, dueMs: deps.nowMs + SANDBOX_RETRY_MS };
    }
    record = { uid: record.uid, admitted: record.admitted, runtime: choice.runtime };
  }
  return record.runtime === "simulated" ? deps.simulated(pod, record) : deps.isolate(pod, record);
}

/** What admission needs to count a pod later: its identity, requests, ports and overhead. */
function admissionSlice(pod: KubeObject): KubeObject {
  const slim = (c: KubeObject) => ({ name: c.name, resources: c.resources, ports: c.ports, restartPolicy: c.restartPolicy });
  return {
    metadata: { uid: pod.metadata.uid, name: pod.metadata.name, namespace: pod.metadata.namespace },
    spec: { nodeName: pod.spec.nodeName, containers: (pod.spec.containers ?? []).map(slim), initContainers: (pod.spec.initContainers ?? []).map(slim), overhead: pod.spec.overhead },
  };
}
