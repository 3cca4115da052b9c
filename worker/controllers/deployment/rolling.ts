/**
 * rolling.go: one step of a RollingUpdate. Grow the new ReplicaSet as far as maxSurge allows; else shrink old
 * ReplicaSets as far as maxUnavailable allows (their unhealthy replicas first, oldest ReplicaSets first); the
 * status is synced either way, and old ReplicaSets are cleaned up once the rollout is complete.
 */
import type { KubeObject } from "../../../schema/types";
import { scaleTo, type PlanContext } from "./context";
import { maxUnavailable, newRSNewReplicas, specReplicas } from "./fenceposts";
import { availableReplicaCount, byCreationTimestamp, filterActive, replicaCount } from "./replica-sets";
import { cleanupDeployment } from "./cleanup";
import { deploymentComplete } from "./status";
import { syncRolloutStatus } from "./sync-status";
import { getAllReplicaSets } from "./new-replica-set";

/** reconcileNewReplicaSet: scale the new ReplicaSet down to spec.replicas, or up by NewRSNewReplicas. */
export function reconcileNewReplicaSet(ctx: PlanContext, allRSs: KubeObject[], newRS: KubeObject): boolean {
  const want = specReplicas(ctx.d);
  if (specReplicas(newRS) === want) return false;
  if (specReplicas(newRS) > want) return scaleTo(ctx, newRS, want).scaled;
  return scaleTo(ctx, newRS, newRSNewReplicas(ctx.d, allRSs, newRS)).scaled;
}

/** cleanupUnhealthyReplicas: remove old replicas that are not available, up to `maxCleanup`, oldest first. */
function cleanupUnhealthyReplicas(ctx: PlanContext, oldRSs: KubeObject[], maxCleanup: number): { oldRSs: KubeObject[]; count: number } {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  for (let i = 0; i < sorted.length && total < maxCleanup; i++) {
    const rs = sorted[i];
    const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
    // Upstream fails the sync when more replicas are available than wanted (a stale status); skipping is kinder.
    if (specReplicas(rs) === 0 || unhealthy <= 0) continue;
    const count = Math.min(maxCleanup - total, unhealthy);
    sorted[i] = scaleTo(ctx, rs, specReplicas(rs) - count).rs;
    total += count;
  }
  return { oldRSs: sorted, count: total };
}

/** scaleDownOldReplicaSetsForRollingUpdate: remove available old replicas while availability stays above the minimum. */
function scaleDownOldForRollingUpdate(ctx: PlanContext, allRSs: KubeObject[], oldRSs: KubeObject[]): number {
  const minAvailable = specReplicas(ctx.d) - maxUnavailable(ctx.d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const toScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (total >= toScaleDown) break;
    if (specReplicas(rs) === 0) continue;
    const count = Math.min(specReplicas(rs), toScaleDown - total);
    scaleTo(ctx, rs, specReplicas(rs) - count);
    total += count;
  }
  return total;
}

/** reconcileOldReplicaSets: how many old replicas may go now (maxUnavailable, the new ReplicaSet's unavailable ones). */
export function reconcileOldReplicaSets(ctx: PlanContext, allRSs: KubeObject[], activeOldRSs: KubeObject[], newRS: KubeObject): boolean {
  if (replicaCount(activeOldRSs) === 0) return false;
  const minAvailable = specReplicas(ctx.d) - maxUnavailable(ctx.d);
  const newRSUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(ctx, activeOldRSs, maxScaledDown);
  const scaledDown = scaleDownOldForRollingUpdate(ctx, [...cleaned.oldRSs, newRS], cleaned.oldRSs);
  return cleaned.count + scaledDown > 0;
}

/** rolloutRolling. */
export function rolloutRolling(ctx: PlanContext): void {
  const { newRS, oldRSs } = getAllReplicaSets(ctx, true);
  if (ctx.halted || !newRS) return;
  const allRSs = [...oldRSs, newRS];
  if (reconcileNewReplicaSet(ctx, allRSs, newRS)) return syncRolloutStatus(ctx, allRSs, newRS);
  if (reconcileOldReplicaSets(ctx, allRSs, filterActive(oldRSs), newRS)) return syncRolloutStatus(ctx, allRSs, newRS);
  if (deploymentComplete(ctx.d, ctx.d.status)) cleanupDeployment(ctx, oldRSs);
  syncRolloutStatus(ctx, allRSs, newRS);
}
