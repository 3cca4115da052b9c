/**
 * sync.go cleanupDeployment: keep at most spec.revisionHistoryLimit old ReplicaSets, deleting the lowest
 * revisions first, and only those that are fully scaled down (no replicas in spec or status, generation
 * observed) and not already being deleted.
 */
import type { KubeObject } from "../../../schema/types";
import type { PlanContext } from "./context";
import { specReplicas } from "./fenceposts";
import { byRevision } from "./replica-sets";
import { hasRevisionHistoryLimit } from "./status";

/** The old ReplicaSets to delete. */
export function replicaSetsToClean(d: KubeObject, oldRSs: KubeObject[]): KubeObject[] {
  if (!hasRevisionHistoryLimit(d)) return [];
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const diff = cleanable.length - d.spec.revisionHistoryLimit;
  if (diff <= 0) return [];
  return [...cleanable]
    .sort(byRevision)
    .slice(0, diff)
    .filter(
      (rs) =>
        (rs.status?.replicas ?? 0) === 0 &&
        specReplicas(rs) === 0 &&
        (rs.metadata?.generation ?? 0) <= (rs.status?.observedGeneration ?? 0) &&
        !rs.metadata?.deletionTimestamp,
    );
}

export function cleanupDeployment(ctx: PlanContext, oldRSs: KubeObject[]): void {
  for (const rs of replicaSetsToClean(ctx.d, oldRSs)) ctx.actions.push({ type: "deleteReplicaSet", name: rs.metadata.name });
}
