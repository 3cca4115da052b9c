/**
 * Deployment conditions as deployment_util.go keeps them: the Available and Progressing types, upstream's
 * reasons, NewDeploymentCondition (both times now) and SetDeploymentCondition (no change for the same status
 * and reason; lastTransitionTime kept while the status stays the same).
 */
import type { KubeObject } from "../../../schema/types";
import { rfc3339 } from "../../handlers/context";

export const AVAILABLE = "Available";
export const PROGRESSING = "Progressing";
export const REPLICA_FAILURE = "ReplicaFailure";

/** Reasons (pkg/controller/deployment/util). */
export const REASONS = {
  replicaSetCreateError: "ReplicaSetCreateError",
  newReplicaSetCreated: "NewReplicaSetCreated",
  foundNewReplicaSet: "FoundNewReplicaSet",
  newReplicaSetAvailable: "NewReplicaSetAvailable",
  replicaSetUpdated: "ReplicaSetUpdated",
  progressDeadlineExceeded: "ProgressDeadlineExceeded",
  deploymentPaused: "DeploymentPaused",
  deploymentResumed: "DeploymentResumed",
  minimumReplicasAvailable: "MinimumReplicasAvailable",
  minimumReplicasUnavailable: "MinimumReplicasUnavailable",
} as const;

export interface DeploymentCondition {
  type: string;
  status: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export function newCondition(type: string, status: string, reason: string, message: string, now: Date): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getCondition(status: KubeObject | undefined, type: string): DeploymentCondition | undefined {
  return (status?.conditions as DeploymentCondition[] | undefined)?.find((c) => c.type === type);
}

/** SetDeploymentCondition on `status` (changed in place). */
export function setCondition(status: KubeObject, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...((status.conditions ?? []) as DeploymentCondition[]).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: KubeObject, type: string): void {
  status.conditions = ((status.conditions ?? []) as DeploymentCondition[]).filter((c) => c.type !== type);
}

/** ReplicaSetToDeploymentCondition: lastUpdateTime is the ReplicaSet condition's lastTransitionTime. */
export function fromReplicaSetCondition(c: KubeObject): DeploymentCondition {
  return { type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
}
