/**
 * The annotations the Deployment controller keeps on its ReplicaSets and itself (deployment_util.go):
 * `deployment.kubernetes.io/revision` (and `revision-history` when an old ReplicaSet becomes new again on a
 * rollback), `desired-replicas` and `max-replicas` (the Deployment's size when the ReplicaSet was last scaled,
 * read by proportional scaling), and the Deployment's own annotations copied to its new ReplicaSet.
 * Setters change the object they are given (a working copy) and say whether anything changed.
 */
import type { KubeObject } from "../../../schema/types";
import { maxSurge, specReplicas } from "./fenceposts";

export const REVISION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
/** apps.DeprecatedRollbackTo, the round-tripped rollbackTo of extensions/v1beta1. */
export const DEPRECATED_ROLLBACK_TO = "deprecated.deployment.rollback.to";
export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
/** sync.go maxRevHistoryLengthInChars. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

const SKIPPED = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, DEPRECATED_ROLLBACK_TO]);

/** Annotations copyDeploymentAnnotationsToReplicaSet leaves alone. */
export const skipCopyAnnotation = (key: string) => SKIPPED.has(key);

const annotationsOf = (obj: KubeObject): Record<string, string> => ((obj.metadata ??= {}).annotations ??= {});

/** strconv.ParseInt/Atoi of a decimal integer (sign allowed); undefined when it does not parse. */
function parseDecimal(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** Revision: the revision annotation as a number, 0 when absent, undefined when it does not parse. */
export function revisionOf(obj: KubeObject | undefined): number | undefined {
  const v = obj?.metadata?.annotations?.[REVISION];
  return v === undefined ? 0 : parseDecimal(v);
}

/** MaxRevision over ReplicaSets (unparsable revisions skipped). */
export function maxRevision(rss: KubeObject[]): number {
  let max = 0;
  for (const rs of rss) max = Math.max(max, revisionOf(rs) ?? 0);
  return max;
}

/** LastRevision: the second largest revision (the one `rollout undo` goes back to). */
export function lastRevision(rss: KubeObject[]): number {
  let [max, second] = [0, 0];
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (v >= max) [second, max] = [max, v];
    else if (v > second) second = v;
  }
  return second;
}

/** getIntFromAnnotation for desired-replicas / max-replicas. */
export function intAnnotation(rs: KubeObject, key: string): number | undefined {
  const v = rs.metadata?.annotations?.[key];
  return v === undefined ? undefined : parseDecimal(v);
}

/** SetReplicasAnnotations. */
export function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  const a = annotationsOf(rs);
  let updated = false;
  if (a[DESIRED_REPLICAS] !== String(desired)) [a[DESIRED_REPLICAS], updated] = [String(desired), true];
  if (a[MAX_REPLICAS] !== String(max)) [a[MAX_REPLICAS], updated] = [String(max), true];
  return updated;
}

/** ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(rs: KubeObject, desired: number, max: number): boolean {
  const a = rs.metadata?.annotations;
  return !a || a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

/** The replica annotations for Deployment `d`: its replicas, and replicas + maxSurge. */
export function deploymentSizeAnnotations(d: KubeObject): { desired: number; max: number } {
  return { desired: specReplicas(d), max: specReplicas(d) + maxSurge(d) };
}

/** copyDeploymentAnnotationsToReplicaSet. */
function copyDeploymentAnnotations(d: KubeObject, rs: KubeObject): boolean {
  const a = annotationsOf(rs);
  let changed = false;
  for (const [k, v] of Object.entries((d.metadata?.annotations ?? {}) as Record<string, string>)) {
    if (skipCopyAnnotation(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  return changed;
}

/** Appends `old` to a revision history kept under `limit` characters (oldest entries dropped first). */
export function appendRevisionHistory(history: string | undefined, old: string, limit = MAX_REV_HISTORY_LENGTH_IN_CHARS): string | undefined {
  if (!history) return old;
  const entries = history.split(",");
  let total = history.length + old.length + 1;
  let start = 0;
  while (total > limit && start < entries.length) total -= entries[start++].length + 1;
  return total <= limit ? [...entries.slice(start), old].join(",") : history;
}

/**
 * SetNewReplicaSetAnnotations: the Deployment's annotations, the revision raised to `newRevision` (never
 * lowered; the replaced revision goes to revision-history, as on a rollback) and, for a ReplicaSet about to be
 * created, the replica annotations.
 */
export function setNewReplicaSetAnnotations(d: KubeObject, rs: KubeObject, newRevision: number, exists: boolean): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const a = annotationsOf(rs);
  const oldRevision = a[REVISION];
  const had = oldRevision !== undefined;
  const oldInt = oldRevision === undefined || oldRevision === "" ? 0 : parseDecimal(oldRevision);
  if (oldInt === undefined) return false;
  if (oldInt < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
    if (had) a[REVISION_HISTORY] = appendRevisionHistory(a[REVISION_HISTORY], oldRevision)!;
  }
  if (!exists) {
    const { desired, max } = deploymentSizeAnnotations(d);
    if (setReplicasAnnotations(rs, desired, max)) changed = true;
  }
  return changed;
}

/** SetDeploymentRevision (a missing annotation reads as "", as a Go map lookup does). */
export function setDeploymentRevision(d: KubeObject, revision: string | undefined): boolean {
  const a = annotationsOf(d);
  const r = revision ?? "";
  if ((a[REVISION] ?? "") === r) return false;
  a[REVISION] = r;
  return true;
}
