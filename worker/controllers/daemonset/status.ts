/**
 * DaemonSet status as updateDaemonSetStatus / storeDaemonSetStatus compute it (pkg/controller/daemon, 1.32):
 * per node that should run the daemon, whether it has a pod and whether its oldest pod is ready, available and of
 * the current revision; pods on nodes that should not run it are misscheduled. Written only when a number
 * changed or observedGeneration lags.
 */
import type { KubeObject } from "../../../schema/types";
import { nodeShouldRunDaemonPod, templateGeneration } from "./daemon-pod";
import { availableAt, byCreationTimestampAndPhase, isPodAvailable, isPodReady } from "./pod-state";
import { isPodUpdated } from "./rolling-update";

export interface DaemonSetCounts {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

export const COUNT_FIELDS: readonly (keyof DaemonSetCounts)[] = [
  "desiredNumberScheduled",
  "currentNumberScheduled",
  "numberMisscheduled",
  "numberReady",
  "updatedNumberScheduled",
  "numberAvailable",
  "numberUnavailable",
];

export function computeCounts(ds: KubeObject, nodes: readonly KubeObject[], byNode: ReadonlyMap<string, KubeObject[]>, hash: string, now: Date): DaemonSetCounts {
  const c: DaemonSetCounts = {
    desiredNumberScheduled: 0,
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
    updatedNumberScheduled: 0,
    numberAvailable: 0,
    numberUnavailable: 0,
  };
  const minReady = Number(ds.spec?.minReadySeconds ?? 0);
  const generation = templateGeneration(ds);
  for (const node of nodes) {
    const pods = byNode.get(node.metadata?.name) ?? [];
    const scheduled = pods.length > 0;
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (scheduled) c.numberMisscheduled++;
      continue;
    }
    c.desiredNumberScheduled++;
    if (!scheduled) continue;
    c.currentNumberScheduled++;
    const pod = [...pods].sort(byCreationTimestampAndPhase)[0];
    if (isPodReady(pod)) {
      c.numberReady++;
      if (isPodAvailable(pod, minReady, now)) c.numberAvailable++;
    }
    if (isPodUpdated(pod, hash, generation)) c.updatedNumberScheduled++;
  }
  c.numberUnavailable = c.desiredNumberScheduled - c.numberAvailable;
  return c;
}

/** storeDaemonSetStatus's early return: every count equal and observedGeneration caught up. */
export function statusUpToDate(ds: KubeObject, counts: DaemonSetCounts): boolean {
  const status: KubeObject = ds.status ?? {};
  return COUNT_FIELDS.every((f) => Number(status[f] ?? 0) === counts[f]) && Number(status.observedGeneration ?? 0) >= Number(ds.metadata?.generation ?? 0);
}

/** The status to write over `target`'s: the counts, observedGeneration the generation that was reconciled. */
export function nextStatus(target: KubeObject, counts: DaemonSetCounts, observedGeneration: number): KubeObject {
  return { ...(target.status ?? {}), ...counts, observedGeneration };
}

/**
 * "Resync after MinReadySeconds": when some ready pod is not yet available, how long until the first one is
 * (at least 1 s; undefined when none waits).
 */
export function availabilityRequeueMs(ds: KubeObject, byNode: ReadonlyMap<string, KubeObject[]>, now: Date): number | undefined {
  const minReady = Number(ds.spec?.minReadySeconds ?? 0);
  if (!minReady) return undefined;
  let soonest: number | undefined;
  for (const pods of byNode.values()) {
    for (const pod of pods) {
      const at = availableAt(pod, minReady);
      if (at !== undefined && !isPodAvailable(pod, minReady, now)) soonest = Math.min(soonest ?? Infinity, at);
    }
  }
  return soonest === undefined ? undefined : Math.max(1_000, soonest - now.getTime() + 1);
}
