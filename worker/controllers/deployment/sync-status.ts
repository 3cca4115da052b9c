/**
 * The two status steps a Deployment sync ends with: syncDeploymentStatus (scaling and paused syncs: counts and
 * Available) and syncRolloutStatus (rollouts: also Progressing and ReplicaFailure, and a requeue to check the
 * progress deadline when nothing changed). Both leave the new status on the working Deployment.
 */
import type { KubeObject } from "../../../schema/types";
import type { PlanContext } from "./context";
import { calculateStatus, rolloutStatus, sameStatus, stuckRequeueMs } from "./status";

export function syncDeploymentStatus(ctx: PlanContext, allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined): void {
  ctx.d.status = calculateStatus(allRSs, newRS, ctx.d, ctx.now);
}

export function syncRolloutStatus(ctx: PlanContext, allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined): void {
  const next = rolloutStatus(allRSs, newRS, ctx.d, ctx.now);
  if (sameStatus(ctx.d.status, next)) ctx.requeueAfterMs = stuckRequeueMs(ctx.d, next, ctx.now);
  ctx.d.status = next;
}
