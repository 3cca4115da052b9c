/**
 * sync.go scale: a scaling event (spec.replicas changed while ReplicaSets carry the old desired-replicas) or a
 * paused Deployment. One active ReplicaSet takes the whole size; a saturated new ReplicaSet leaves the old ones
 * at 0; otherwise, for RollingUpdate, the replicas to add or remove are spread over the active ReplicaSets in
 * proportion to their size (GetReplicaSetProportion), the leftover going to the largest.
 */
import type { KubeObject } from "../../../schema/types";
import { intAnnotation, MAX_REPLICAS } from "./annotations";
import { scaleReplicaSet, scaleTo, type PlanContext } from "./context";
import { isRollingUpdate, maxSurge, specReplicas } from "./fenceposts";
import { bySizeNewer, bySizeOlder, filterActive, findActiveOrLatest, isSaturated, replicaCount } from "./replica-sets";

/** integer.RoundToInt32: halves away from zero. */
const roundToInt32 = (x: number) => Math.trunc(x < 0 ? x - 0.5 : x + 0.5);

/** getReplicaSetFraction: the ReplicaSet's share of the change, by the max-replicas it was last scaled for. */
export function replicaSetFraction(rs: KubeObject, d: KubeObject): number {
  if (specReplicas(d) === 0) return -specReplicas(rs);
  const deploymentReplicas = specReplicas(d) + maxSurge(d);
  const annotated = intAnnotation(rs, MAX_REPLICAS) ?? d.status?.replicas ?? 0;
  // Upstream divides by the annotation unguarded (never 0 in practice); 0 here means "no share".
  if (annotated === 0) return 0;
  return roundToInt32((specReplicas(rs) * deploymentReplicas) / annotated) - specReplicas(rs);
}

/** GetReplicaSetProportion: the fraction, bounded by what is left to add (or remove). */
export function replicaSetProportion(rs: KubeObject | undefined, d: KubeObject, toAdd: number, added: number): number {
  if (!rs || specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** The sizes proportional scaling gives the active ReplicaSets (in the order they are updated). */
export function proportionalSizes(d: KubeObject, active: KubeObject[]): { rs: KubeObject; size: number }[] {
  const allowedSize = specReplicas(d) > 0 ? specReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - replicaCount(active);
  const ordered = toAdd > 0 ? [...active].sort(bySizeNewer) : toAdd < 0 ? [...active].sort(bySizeOlder) : [...active];
  let added = 0;
  const sizes = ordered.map((rs) => {
    if (toAdd === 0) return { rs, size: specReplicas(rs) };
    const proportion = replicaSetProportion(rs, d, toAdd, added);
    added += proportion;
    return { rs, size: specReplicas(rs) + proportion };
  });
  if (toAdd !== 0 && sizes.length) sizes[0].size = Math.max(0, sizes[0].size + toAdd - added);
  return sizes;
}

export function scale(ctx: PlanContext, newRS: KubeObject | undefined, oldRSs: KubeObject[]): void {
  const { d } = ctx;
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) !== specReplicas(d)) scaleTo(ctx, activeOrLatest, specReplicas(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) scaleTo(ctx, old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  for (const { rs, size } of proportionalSizes(d, filterActive([...oldRSs, newRS]))) scaleReplicaSet(ctx, rs, size);
}
