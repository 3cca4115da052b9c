/** Job and pod objects for the Job controller's pure table tests. */
import type { KubeObject } from "../../../../schema/types";
import { JOB_COMPLETION_INDEX, JOB_TRACKING_FINALIZER } from "../../../../worker/controllers/job/constants";

export const T0 = Date.parse("2025-01-01T00:00:00Z");
export const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

export function job(spec: KubeObject = {}, status: KubeObject = {}, meta: KubeObject = {}): KubeObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "pi", namespace: "ns", uid: "job-uid", resourceVersion: "1", ...meta },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: "NonIndexed",
      suspend: false,
      podReplacementPolicy: spec.podFailurePolicy ? "Failed" : "TerminatingOrFailed",
      template: { metadata: { labels: { "batch.kubernetes.io/controller-uid": "job-uid" } }, spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox" }] } },
      ...spec,
    },
    status,
  };
}

export interface PodOpts {
  phase?: "Pending" | "Running" | "Succeeded" | "Failed";
  ready?: boolean;
  /** Seconds after T0 the containers finished. */
  finished?: number;
  exitCode?: number;
  index?: number;
  tracked?: boolean;
  deleting?: boolean;
  node?: string;
  created?: number;
  conditions?: KubeObject[];
  annotations?: Record<string, string>;
}

export function pod(uid: string, o: PodOpts = {}): KubeObject {
  const phase = o.phase ?? "Running";
  const terminated = phase === "Succeeded" || phase === "Failed";
  const annotations: Record<string, string> = { ...(o.annotations ?? {}) };
  if (o.index !== undefined) annotations[JOB_COMPLETION_INDEX] = String(o.index);
  const metadata: KubeObject = {
    name: `pi-${uid}`,
    namespace: "ns",
    uid,
    creationTimestamp: at(o.created ?? 0),
    ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "pi", uid: "job-uid", controller: true }],
    finalizers: o.tracked === false ? [] : [JOB_TRACKING_FINALIZER],
    annotations,
  };
  if (o.deleting) metadata.deletionTimestamp = at(o.finished ?? 0);
  const exitCode = o.exitCode ?? (phase === "Failed" ? 1 : 0);
  return {
    metadata,
    spec: { nodeName: o.node ?? "", containers: [{ name: "c", image: "busybox" }] },
    status: {
      phase,
      conditions: o.conditions ?? [{ type: "Ready", status: o.ready ? "True" : "False", lastTransitionTime: at(o.finished ?? 0) }],
      containerStatuses: [
        {
          name: "c",
          restartCount: 0,
          state: terminated ? { terminated: { exitCode, finishedAt: at(o.finished ?? 0) } } : { running: { startedAt: at(0) } },
        },
      ],
    },
  };
}
