/**
 * One Deployment sync as deployment_controller.go syncDeployment runs it, pure: claim the namespace's
 * ReplicaSets (adopt matching orphans, release what no longer matches), then, in upstream's order: status only
 * for a Deployment being deleted; the DeploymentPaused / DeploymentResumed condition; a paused Deployment or a
 * scaling event only scales (proportionally) and syncs status; otherwise a Recreate or RollingUpdate step.
 * Ends with one status write (revision annotation included) when anything changed.
 *
 * Not ported: the deprecated `deprecated.deployment.rollback.to` annotation path (extensions/v1beta1's
 * rollbackTo; kubectl 1.32 rolls back client-side by copying the old template, which plain rollouts handle) and
 * the SelectingAll event (apps/v1 validation refuses an empty selector).
 */
import type { KubeObject } from "../../../schema/types";
import { labelSelectorFromObject, matchLabels } from "../../selectors";
import { deepEqual } from "../../admission/lifecycle";
import { adoptPatch, claimDecision, controllerOf, newControllerRef, releasePatch, withControllerRef } from "../replicaset/claim";
import { DESIRED_REPLICAS, intAnnotation } from "./annotations";
import { getCondition, newCondition, PROGRESSING, REASONS, setCondition } from "./conditions";
import type { DeploymentPlan, PlanContext } from "./context";
import { RECREATE, ROLLING_UPDATE, specReplicas } from "./fenceposts";
import { DEPLOYMENT_API_VERSION, DEPLOYMENT_KIND, getAllReplicaSets } from "./new-replica-set";
import { rolloutRecreate } from "./recreate";
import { filterActive } from "./replica-sets";
import { rolloutRolling } from "./rolling";
import { scale } from "./scale";
import { cleanupDeployment } from "./cleanup";
import { hasProgressDeadline, sameStatus } from "./status";
import { syncDeploymentStatus } from "./sync-status";

export interface DeploymentSyncInput {
  deployment: KubeObject;
  /** Every ReplicaSet in the Deployment's namespace. */
  replicaSets: KubeObject[];
  /** Pods selected by the Deployment (read for Recreate, which waits for old pods to go). */
  pods: KubeObject[];
  now: Date;
}

/** getReplicaSetsForDeployment's ClaimReplicaSets: the owned ReplicaSets, with adopt/release actions recorded. */
function claimReplicaSets(ctx: PlanContext, replicaSets: KubeObject[]): KubeObject[] {
  const { d } = ctx;
  const selector = labelSelectorFromObject(d.spec?.selector);
  const requirements = selector.ok ? selector.requirements : null;
  const ref = newControllerRef(d, DEPLOYMENT_API_VERSION, DEPLOYMENT_KIND);
  const owned: KubeObject[] = [];
  for (const rs of replicaSets) {
    const decision = claimDecision(d, rs, matchLabels(requirements, rs.metadata?.labels));
    if (decision === "owned") owned.push(structuredClone(rs));
    else if (decision === "adopt") {
      ctx.actions.push({ type: "adoptReplicaSet", name: rs.metadata.name, patch: adoptPatch(ref, rs.metadata.uid) });
      owned.push(structuredClone(withControllerRef(rs, ref)));
    } else if (decision === "release") {
      ctx.actions.push({ type: "releaseReplicaSet", name: rs.metadata.name, patch: releasePatch(d.metadata.uid, rs.metadata.uid) });
    }
  }
  return owned;
}

/** getPodMapForDeployment: selected pods by the UID of the owned ReplicaSet controlling them. */
function podMapFor(d: KubeObject, owned: KubeObject[], pods: KubeObject[]): Map<string, KubeObject[]> {
  const selector = labelSelectorFromObject(d.spec?.selector);
  const map = new Map<string, KubeObject[]>(owned.map((rs) => [rs.metadata?.uid, []]));
  for (const pod of pods) {
    if (!selector.ok || !matchLabels(selector.requirements, pod.metadata?.labels)) continue;
    const uid = controllerOf(pod)?.uid;
    if (uid !== undefined) map.get(uid)?.push(pod);
  }
  return map;
}

/** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed (never over a timeout). */
function checkPausedConditions(ctx: PlanContext): void {
  const { d } = ctx;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, PROGRESSING);
  if (cond?.reason === REASONS.progressDeadlineExceeded) return;
  const pausedCondExists = cond?.reason === REASONS.deploymentPaused;
  if (d.spec?.paused && !pausedCondExists) {
    setCondition((d.status ??= {}), newCondition(PROGRESSING, "Unknown", REASONS.deploymentPaused, "Deployment is paused", ctx.now));
  } else if (!d.spec?.paused && pausedCondExists) {
    setCondition((d.status ??= {}), newCondition(PROGRESSING, "Unknown", REASONS.deploymentResumed, "Deployment is resumed", ctx.now));
  }
}

/** isScalingEvent: an active ReplicaSet was last sized for a different spec.replicas. */
function isScalingEvent(ctx: PlanContext): boolean {
  const { newRS, oldRSs } = getAllReplicaSets(ctx, false);
  return filterActive([...oldRSs, newRS]).some((rs) => {
    const desired = intAnnotation(rs, DESIRED_REPLICAS);
    return desired !== undefined && desired !== specReplicas(ctx.d);
  });
}

/** sync: scale (proportionally) and sync status; a paused Deployment also cleans up old ReplicaSets. */
function syncScaling(ctx: PlanContext): void {
  const { newRS, oldRSs } = getAllReplicaSets(ctx, false);
  if (ctx.halted) return;
  scale(ctx, newRS, oldRSs);
  if (ctx.d.spec?.paused) cleanupDeployment(ctx, oldRSs);
  syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS);
}

function reconcile(ctx: PlanContext): void {
  const { d } = ctx;
  if (d.metadata?.deletionTimestamp) {
    const { newRS, oldRSs } = getAllReplicaSets(ctx, false);
    return syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS);
  }
  checkPausedConditions(ctx);
  if (d.spec?.paused) return syncScaling(ctx);
  if (isScalingEvent(ctx)) return syncScaling(ctx);
  if (ctx.halted) return;
  const type = d.spec?.strategy?.type;
  if (type === RECREATE) return rolloutRecreate(ctx);
  if (type === ROLLING_UPDATE) return rolloutRolling(ctx);
}

const annotationsOf = (obj: KubeObject): Record<string, string> => obj.metadata?.annotations ?? {};

/** The actions of one sync of `input.deployment`, and when to sync it again (a pending progress deadline). */
export function planDeployment(input: DeploymentSyncInput): DeploymentPlan {
  const d = structuredClone(input.deployment);
  const ctx: PlanContext = { d, rsList: [], namespaceReplicaSets: input.replicaSets, podMap: new Map(), now: input.now, actions: [], halted: false };
  ctx.rsList = claimReplicaSets(ctx, input.replicaSets);
  ctx.podMap = podMapFor(d, ctx.rsList, input.pods);
  reconcile(ctx);
  const original = input.deployment;
  if (!sameStatus(original.status, d.status) || !deepEqual(annotationsOf(original), annotationsOf(d))) {
    if (d.metadata?.annotations && Object.keys(d.metadata.annotations).length === 0) delete d.metadata.annotations;
    ctx.actions.push({ type: "updateDeploymentStatus", deployment: d });
  }
  return ctx.requeueAfterMs === undefined ? { actions: ctx.actions } : { actions: ctx.actions, requeueAfterMs: ctx.requeueAfterMs };
}
