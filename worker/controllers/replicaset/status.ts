/**
 * ReplicaSet status as upstream's calculateStatus and updateReplicaSetStatus compute it
 * (pkg/controller/replicaset/replica_set_utils.go, 1.32): counts over the active pods the ReplicaSet owns, the
 * ReplicaFailure condition while creating or deleting pods fails, and whether anything changed (the status is
 * written only then, with observedGeneration = metadata.generation).
 */
import type { KubeObject } from "../../../schema/types";
import { deepEqual } from "../../admission/lifecycle";
import { matchLabels } from "../../selectors";
import { rfc3339 } from "../../handlers/context";
import { isPodAvailable, isPodReady } from "./pod-state";

export const REPLICA_FAILURE = "ReplicaFailure";

/** ReplicaSetStatus as JSON: `replicas` always, the other counts and conditions omitted when empty (omitempty). */
export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: KubeObject[];
}

/** Drops the zero/empty members Go's omitempty leaves out, so stored and computed statuses compare equal. */
export function normalizeReplicaSetStatus(s: KubeObject | undefined): ReplicaSetStatus {
  const out: ReplicaSetStatus = { replicas: s?.replicas ?? 0 };
  for (const k of ["fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration"] as const) {
    if (s?.[k]) out[k] = s[k];
  }
  if (s?.conditions?.length) out.conditions = s.conditions;
  return out;
}

/** Pods that carry every label of the template (a superset of the selector). */
function fullyLabeled(rs: KubeObject, pod: KubeObject): boolean {
  const labels: Record<string, string> = rs.spec?.template?.metadata?.labels ?? {};
  return matchLabels(
    Object.entries(labels).map(([key, v]) => ({ key, operator: "=", values: [v] })),
    pod.metadata?.labels,
  );
}

/**
 * calculateStatus: `pods` are the active pods the ReplicaSet owns (before this sync's creates and deletes);
 * `manageError` the message of a failed create/delete, which sets ReplicaFailure (FailedCreate when short of
 * pods, FailedDelete when over), removed once a sync manages replicas without error.
 */
export function calculateReplicaSetStatus(rs: KubeObject, pods: KubeObject[], manageError: string | undefined, now: Date): ReplicaSetStatus {
  const current = normalizeReplicaSetStatus(rs.status);
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  let conditions = current.conditions ?? [];
  const failure = conditions.find((c) => c.type === REPLICA_FAILURE);
  if (manageError !== undefined && !failure) {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
    const cond = { type: REPLICA_FAILURE, status: "True", lastTransitionTime: rfc3339(now), reason, message: manageError };
    conditions = [...conditions, cond];
  } else if (manageError === undefined && failure) {
    conditions = conditions.filter((c) => c.type !== REPLICA_FAILURE);
  }
  const status: KubeObject = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((p) => fullyLabeled(rs, p)).length,
    readyReplicas: pods.filter(isPodReady).length,
    availableReplicas: pods.filter((p) => isPodAvailable(p, minReadySeconds, now.getTime())).length,
    observedGeneration: current.observedGeneration,
    conditions,
  };
  return normalizeReplicaSetStatus(status);
}

/** updateReplicaSetStatus's steady-state check: nothing to write when the counts, conditions and generation agree. */
export function replicaSetStatusNeedsUpdate(rs: KubeObject, status: ReplicaSetStatus): boolean {
  const cur = normalizeReplicaSetStatus(rs.status);
  return (
    cur.replicas !== status.replicas ||
    (cur.fullyLabeledReplicas ?? 0) !== (status.fullyLabeledReplicas ?? 0) ||
    (cur.readyReplicas ?? 0) !== (status.readyReplicas ?? 0) ||
    (cur.availableReplicas ?? 0) !== (status.availableReplicas ?? 0) ||
    (rs.metadata?.generation ?? 0) !== (cur.observedGeneration ?? 0) ||
    !deepEqual(cur.conditions ?? [], status.conditions ?? [])
  );
}

/** The status as written: observedGeneration is the generation this sync acted on. */
export function statusToWrite(rs: KubeObject, status: ReplicaSetStatus): ReplicaSetStatus {
  return normalizeReplicaSetStatus({ ...status, observedGeneration: rs.metadata?.generation });
}
