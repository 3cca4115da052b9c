/**
 * StatefulSet status, pure (stateful_set_control.go computeReplicaStatus / updateStatefulSetStatus and
 * stateful_set_utils.go completeRollingUpdate / inconsistentStatus): counts over the pods, the revisions, and
 * whether the stored status differs enough to be written. Written as Go encodes StatefulSetStatus (zero counts
 * omitted, except `replicas` and `availableReplicas`).
 */
import type { KubeObject } from "../../../schema/types";
import { podRevision } from "./identity";
import { isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating } from "./pod-state";

export interface StatefulSetStatusCounts {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
}

/** computeReplicaStatus over `pods` (pods not yet created count for nothing). */
export function computeStatus(
  set: KubeObject,
  pods: KubeObject[],
  revisions: { current: string; update: string; collisionCount: number },
  now: number,
): StatefulSetStatusCounts {
  const minReady = set.spec?.minReadySeconds ?? 0;
  const s: StatefulSetStatusCounts = {
    observedGeneration: set.metadata?.generation ?? 0,
    replicas: 0,
    readyReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    availableReplicas: 0,
    currentRevision: revisions.current,
    updateRevision: revisions.update,
    collisionCount: revisions.collisionCount,
  };
  for (const pod of pods) {
    if (isCreated(pod)) s.replicas++;
    if (isRunningAndReady(pod)) {
      s.readyReplicas++;
      if (isRunningAndAvailable(pod, minReady, now)) s.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      const rev = podRevision(pod);
      if (rev === revisions.current) s.currentReplicas++;
      if (rev === revisions.update) s.updatedReplicas++;
    }
  }
  return s;
}

/** completeRollingUpdate: every replica updated and Ready makes the update revision current. */
export function completeRollingUpdate(set: KubeObject, s: StatefulSetStatusCounts): StatefulSetStatusCounts {
  const want = set.spec?.replicas ?? 1;
  if (set.spec?.updateStrategy?.type === "RollingUpdate" && s.updatedReplicas === want && s.readyReplicas === want && s.replicas === want) {
    return { ...s, currentReplicas: s.updatedReplicas, currentRevision: s.updateRevision };
  }
  return s;
}

/** inconsistentStatus: a newer generation or any count or revision differs from the stored status. */
export function inconsistentStatus(set: KubeObject, s: StatefulSetStatusCounts): boolean {
  const cur: KubeObject = set.status ?? {};
  const n = (v: unknown) => (typeof v === "number" ? v : 0);
  return (
    s.observedGeneration > n(cur.observedGeneration) ||
    s.replicas !== n(cur.replicas) ||
    s.currentReplicas !== n(cur.currentReplicas) ||
    s.readyReplicas !== n(cur.readyReplicas) ||
    s.updatedReplicas !== n(cur.updatedReplicas) ||
    s.currentRevision !== (cur.currentRevision ?? "") ||
    s.availableReplicas !== n(cur.availableReplicas) ||
    s.updateRevision !== (cur.updateRevision ?? "")
  );
}

/** The status object as Go's encoding of apps/v1 StatefulSetStatus writes it. */
export function statusObject(s: StatefulSetStatusCounts): KubeObject {
  const out: KubeObject = {};
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  out.replicas = s.replicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.currentReplicas) out.currentReplicas = s.currentReplicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.currentRevision) out.currentRevision = s.currentRevision;
  if (s.updateRevision) out.updateRevision = s.updateRevision;
  out.collisionCount = s.collisionCount;
  out.availableReplicas = s.availableReplicas;
  return out;
}
