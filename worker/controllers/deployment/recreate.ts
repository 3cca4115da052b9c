/**
 * recreate.go: a Recreate rollout scales every old ReplicaSet to 0, waits until none of their pods is left
 * running (terminating pods count until they are gone), and only then creates or scales up the new one.
 */
import type { KubeObject } from "../../../schema/types";
import { scaleTo, type PlanContext } from "./context";
import { specReplicas } from "./fenceposts";
import { getAllReplicaSets } from "./new-replica-set";
import { actualReplicaCount, filterActive } from "./replica-sets";
import { cleanupDeployment } from "./cleanup";
import { deploymentComplete } from "./status";
import { syncRolloutStatus } from "./sync-status";

/** oldPodsRunning: old ReplicaSets report pods, or a pod of one is in neither Succeeded nor Failed. */
export function oldPodsRunning(newRS: KubeObject | undefined, oldRSs: KubeObject[], podMap: Map<string, KubeObject[]>): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata?.uid === uid) continue;
    if (pods.some((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed")) return true;
  }
  return false;
}

/** rolloutRecreate. */
export function rolloutRecreate(ctx: PlanContext): void {
  let { newRS, oldRSs } = getAllReplicaSets(ctx, false);
  let allRSs = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if (scaleTo(ctx, rs, 0).scaled) scaledDown = true;
  if (scaledDown || oldPodsRunning(newRS, oldRSs, ctx.podMap)) return syncRolloutStatus(ctx, allRSs, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSets(ctx, true));
    if (ctx.halted || !newRS) return;
    allRSs = [...oldRSs, newRS];
  }
  scaleTo(ctx, newRS, specReplicas(ctx.d));
  if (deploymentComplete(ctx.d, ctx.d.status)) cleanupDeployment(ctx, oldRSs);
  syncRolloutStatus(ctx, allRSs, newRS);
}
