/**
 * The working state of one Deployment sync and the actions it decides, pure. Upstream's syncDeployment mutates a
 * copy of the Deployment (annotations, status) and writes as it goes; here the same steps run over copies and
 * record actions in order, which a thin executor then performs, stopping at the first failure as upstream's
 * sync returns at its first error. The Deployment's own changes (revision annotation, status) are written once,
 * at the end, instead of in several UpdateStatus calls of which upstream's later ones conflict and requeue.
 */
import type { KubeObject } from "../../../schema/types";
import { deploymentSizeAnnotations, replicasAnnotationsNeedUpdate, setReplicasAnnotations } from "./annotations";
import { specReplicas } from "./fenceposts";

export interface EventSpec {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export type DeploymentAction =
  | { type: "adoptReplicaSet"; name: string; patch: KubeObject }
  | { type: "releaseReplicaSet"; name: string; patch: KubeObject }
  /** `deployment`: the Deployment as it stood, for the ReplicaSetCreateError condition if the create fails. */
  | { type: "createReplicaSet"; replicaSet: KubeObject; events: EventSpec[]; deployment: KubeObject }
  | { type: "updateReplicaSet"; replicaSet: KubeObject; events: EventSpec[] }
  | { type: "deleteReplicaSet"; name: string }
  | { type: "updateDeploymentStatus"; deployment: KubeObject };

export interface DeploymentPlan {
  actions: DeploymentAction[];
  requeueAfterMs?: number;
}

export interface PlanContext {
  /** The Deployment being synced (a working copy: its annotations and status change as the sync goes). */
  d: KubeObject;
  /** The ReplicaSets the Deployment owns, working copies (updated ones replace the originals). */
  rsList: KubeObject[];
  /** Every ReplicaSet of the namespace, as read (to tell an AlreadyExists apart from a hash collision). */
  namespaceReplicaSets: KubeObject[];
  /** Pods selected by the Deployment, by the UID of the owned ReplicaSet that controls them. */
  podMap: Map<string, KubeObject[]>;
  now: Date;
  actions: DeploymentAction[];
  requeueAfterMs?: number;
  /** Set when the sync must end here (a hash collision). */
  halted: boolean;
}

/** Replaces the ReplicaSet with the same name in the working list (or adds it). */
export function remember(ctx: PlanContext, rs: KubeObject): void {
  const i = ctx.rsList.findIndex((x) => x.metadata?.name === rs.metadata?.name);
  if (i < 0) ctx.rsList.push(rs);
  else ctx.rsList[i] = rs;
}

/**
 * scaleReplicaSet: set spec.replicas and the replica annotations when either differs; a size change is a
 * ScalingReplicaSet Event ("Scaled up replica set x from 1 to 3"). Returns whether the size changed and the
 * ReplicaSet as it will be.
 */
export function scaleReplicaSet(ctx: PlanContext, rs: KubeObject, newScale: number): { scaled: boolean; rs: KubeObject } {
  const { desired, max } = deploymentSizeAnnotations(ctx.d);
  const oldScale = specReplicas(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const copy = structuredClone(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, desired, max);
  const events: EventSpec[] = sizeNeedsUpdate
    ? [{ type: "Normal", reason: "ScalingReplicaSet", message: `Scaled ${oldScale < newScale ? "up" : "down"} replica set ${rs.metadata?.name} from ${oldScale} to ${newScale}` }]
    : [];
  ctx.actions.push({ type: "updateReplicaSet", replicaSet: copy, events });
  return { scaled: sizeNeedsUpdate, rs: copy };
}

/** scaleReplicaSetAndRecordEvent: nothing when the size is already right. */
export function scaleTo(ctx: PlanContext, rs: KubeObject, newScale: number): { scaled: boolean; rs: KubeObject } {
  if (specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, rs, newScale);
}
