/**
 * Deployment status as sync.go's calculateStatus and progress.go's syncRolloutStatus compute it: the replica
 * counts over all ReplicaSets, Available (MinimumReplicasAvailable / MinimumReplicasUnavailable), Progressing
 * (NewReplicaSetAvailable, ReplicaSetUpdated, ProgressDeadlineExceeded), ReplicaFailure copied from the
 * ReplicaSets, and when to look again for a rollout that may pass its progress deadline (requeueStuckDeployment).
 */
import type { KubeObject } from "../../../schema/types";
import { deepEqual } from "../../admission/lifecycle";
import {
  AVAILABLE,
  fromReplicaSetCondition,
  getCondition,
  newCondition,
  PROGRESSING,
  REASONS,
  removeCondition,
  REPLICA_FAILURE,
  setCondition,
} from "./conditions";
import { maxUnavailable, specReplicas } from "./fenceposts";
import { actualReplicaCount, availableReplicaCount, readyReplicaCount, replicaCount } from "./replica-sets";

const MAX_INT32 = 2 ** 31 - 1;

export const hasProgressDeadline = (d: KubeObject) => typeof d.spec?.progressDeadlineSeconds === "number" && d.spec.progressDeadlineSeconds !== MAX_INT32;
export const hasRevisionHistoryLimit = (d: KubeObject) => typeof d.spec?.revisionHistoryLimit === "number" && d.spec.revisionHistoryLimit !== MAX_INT32;

const COUNTS = ["observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas"] as const;

/** DeploymentStatus as Go serializes it: zero counts and empty conditions omitted, collisionCount kept when set. */
export function normalizeDeploymentStatus(s: KubeObject | undefined): KubeObject {
  const out: KubeObject = {};
  for (const k of COUNTS) if (s?.[k]) out[k] = s[k];
  if (s?.conditions?.length) out.conditions = s.conditions;
  if (s?.collisionCount !== undefined && s.collisionCount !== null) out.collisionCount = s.collisionCount;
  return out;
}

export const sameStatus = (a: KubeObject | undefined, b: KubeObject | undefined) => deepEqual(normalizeDeploymentStatus(a), normalizeDeploymentStatus(b));

/** calculateStatus: counts over `allRSs` (the new one may be missing), Available against maxUnavailable. */
export function calculateStatus(allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined, d: KubeObject, now: Date): KubeObject {
  const available = availableReplicaCount(allRSs);
  const status: KubeObject = {
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, replicaCount(allRSs) - available),
    collisionCount: d.status?.collisionCount,
    conditions: [...((d.status?.conditions ?? []) as KubeObject[])],
  };
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition(AVAILABLE, "True", REASONS.minimumReplicasAvailable, "Deployment has minimum availability.", now));
  } else {
    setCondition(status, newCondition(AVAILABLE, "False", REASONS.minimumReplicasUnavailable, "Deployment does not have minimum availability.", now));
  }
  return normalizeDeploymentStatus(status);
}

/** DeploymentComplete: every replica updated and available, the generation observed. */
export function deploymentComplete(d: KubeObject, status: KubeObject | undefined): boolean {
  const want = specReplicas(d);
  return (
    (status?.updatedReplicas ?? 0) === want &&
    (status?.replicas ?? 0) === want &&
    (status?.availableReplicas ?? 0) === want &&
    (status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, ready or available replicas, or fewer old ones, than the stored status. */
export function deploymentProgressing(d: KubeObject, next: KubeObject): boolean {
  const old = d.status ?? {};
  const n = (s: KubeObject, k: string): number => s[k] ?? 0;
  return (
    n(next, "updatedReplicas") > n(old, "updatedReplicas") ||
    n(next, "replicas") - n(next, "updatedReplicas") < n(old, "replicas") - n(old, "updatedReplicas") ||
    n(next, "readyReplicas") > n(old, "readyReplicas") ||
    n(next, "availableReplicas") > n(old, "availableReplicas")
  );
}

/** DeploymentTimedOut: the Progressing condition was last updated more than progressDeadlineSeconds ago. */
export function deploymentTimedOut(d: KubeObject, next: KubeObject, now: Date): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getCondition(next, PROGRESSING);
  if (!cond) return false;
  if (cond.reason === REASONS.newReplicaSetAvailable) return false;
  if (cond.reason === REASONS.progressDeadlineExceeded) return true;
  const from = Date.parse(cond.lastUpdateTime ?? "");
  return !Number.isNaN(from) && from + d.spec.progressDeadlineSeconds * 1000 < now.getTime();
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure conditions, else those of the others. */
function replicaFailures(allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined): KubeObject[] {
  const failures = (rs: KubeObject | undefined) => ((rs?.status?.conditions ?? []) as KubeObject[]).filter((c) => c.type === REPLICA_FAILURE);
  const fromNew = failures(newRS);
  return fromNew.length ? fromNew : allRSs.flatMap(failures);
}

/**
 * syncRolloutStatus's status: calculateStatus, then the Progressing condition (removed without a deadline;
 * NewReplicaSetAvailable once complete, ReplicaSetUpdated on progress with lastUpdateTime now,
 * ProgressDeadlineExceeded after the deadline) and ReplicaFailure. `d.status` is the status as the sync has
 * left it so far (with the paused or revision conditions it set).
 */
export function rolloutStatus(allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined, d: KubeObject, now: Date): KubeObject {
  const next: KubeObject = { conditions: [], ...calculateStatus(allRSs, newRS, d, now) };
  if (!hasProgressDeadline(d)) removeCondition(next, PROGRESSING);
  const current = getCondition(d.status, PROGRESSING);
  const isComplete = next.replicas === next.updatedReplicas && current?.reason === REASONS.newReplicaSetAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata?.name}"` : `Deployment "${d.metadata?.name}"`;
    if (deploymentComplete(d, next)) {
      setCondition(next, newCondition(PROGRESSING, "True", REASONS.newReplicaSetAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, next)) {
      const cond = newCondition(PROGRESSING, "True", REASONS.replicaSetUpdated, `${subject} is progressing.`, now);
      if (current) {
        if (current.status === "True") cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(next, PROGRESSING);
      }
      setCondition(next, cond);
    } else if (deploymentTimedOut(d, next, now)) {
      setCondition(next, newCondition(PROGRESSING, "False", REASONS.progressDeadlineExceeded, `${subject} has timed out progressing.`, now));
    }
  }
  const failures = replicaFailures(allRSs, newRS);
  if (failures.length) setCondition(next, fromReplicaSetCondition(failures[0]));
  else removeCondition(next, REPLICA_FAILURE);
  return normalizeDeploymentStatus(next);
}

/**
 * requeueStuckDeployment: for a rollout still in progress with a deadline, when to check it for a timeout
 * (the Progressing condition's lastUpdateTime + progressDeadlineSeconds, plus a second of slack). Upstream
 * requeues rate-limited when less than a second is left; here the check runs when due (+100 ms).
 */
export function stuckRequeueMs(d: KubeObject, next: KubeObject, now: Date): number | undefined {
  const cond = getCondition(d.status, PROGRESSING);
  if (!hasProgressDeadline(d) || !cond) return undefined;
  if (deploymentComplete(d, next) || cond.reason === REASONS.progressDeadlineExceeded) return undefined;
  const after = Date.parse(cond.lastUpdateTime ?? "") + d.spec.progressDeadlineSeconds * 1000 - now.getTime();
  if (Number.isNaN(after)) return undefined;
  return after < 1000 ? Math.max(after, 0) + 100 : after + 1000;
}
