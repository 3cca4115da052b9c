/**
 * sync.go getAllReplicaSetsAndSyncRevision / getNewReplicaSet: find the new ReplicaSet (template equal to the
 * Deployment's) and bring its annotations and minReadySeconds up to date, its revision above every old one's
 * (so a ReplicaSet brought back by a rollback gets the next revision and keeps its old one in
 * revision-history); or create it, named `<deployment>-<pod-template-hash>`, with the hash added to its
 * selector and template labels. A name taken by another template is a hash collision: collisionCount goes up
 * and the sync ends, to retry with a new hash.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerOf, newControllerRef } from "../replicaset/claim";
import { maxRevision, REVISION, setDeploymentRevision, setNewReplicaSetAnnotations } from "./annotations";
import { getCondition, newCondition, PROGRESSING, REASONS, setCondition } from "./conditions";
import { remember, type PlanContext } from "./context";
import { newRSNewReplicas } from "./fenceposts";
import { computeHash } from "./hash";
import { equalIgnoreHash, findNewReplicaSet, findOldReplicaSets, POD_TEMPLATE_HASH } from "./replica-sets";
import { hasProgressDeadline } from "./status";

export const DEPLOYMENT_API_VERSION = "apps/v1";
export const DEPLOYMENT_KIND = "Deployment";

/** labelsutil.CloneSelectorAndAddLabel. */
export function selectorWithLabel(selector: KubeObject | undefined, key: string, value: string): KubeObject {
  const out: KubeObject = { matchLabels: { ...(selector?.matchLabels ?? {}), [key]: value } };
  if (selector?.matchExpressions) out.matchExpressions = structuredClone(selector.matchExpressions);
  return out;
}

/** The ReplicaSet a Deployment creates for its current template (replicas still 0, annotations unset). */
export function newReplicaSetFor(d: KubeObject): KubeObject {
  const template = structuredClone(d.spec?.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
  const spec: KubeObject = { replicas: 0, selector: selectorWithLabel(d.spec?.selector, POD_TEMPLATE_HASH, hash), template };
  if (d.spec?.minReadySeconds) spec.minReadySeconds = d.spec.minReadySeconds;
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${d.metadata?.name}-${hash}`,
      namespace: d.metadata?.namespace,
      labels: { ...template.metadata.labels },
      ownerReferences: [newControllerRef(d, DEPLOYMENT_API_VERSION, DEPLOYMENT_KIND)],
    },
    spec,
  };
}

function existingNewReplicaSet(ctx: PlanContext, existing: KubeObject, newRevision: number): KubeObject {
  const { d } = ctx;
  const copy = structuredClone(existing);
  const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
  if (annotationsUpdated || (copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0)) {
    if (d.spec?.minReadySeconds) copy.spec.minReadySeconds = d.spec.minReadySeconds;
    else delete copy.spec.minReadySeconds;
    ctx.actions.push({ type: "updateReplicaSet", replicaSet: copy, events: [] });
    remember(ctx, copy);
    return copy;
  }
  setDeploymentRevision(d, copy.metadata?.annotations?.[REVISION]);
  if (hasProgressDeadline(d) && !getCondition(d.status, PROGRESSING)) {
    setCondition((d.status ??= {}), newCondition(PROGRESSING, "True", REASONS.foundNewReplicaSet, `Found new replica set "${copy.metadata?.name}"`, ctx.now));
  }
  return copy;
}

function createNewReplicaSet(ctx: PlanContext, oldRSs: KubeObject[], newRevision: number): KubeObject | undefined {
  const { d } = ctx;
  const newRS = newReplicaSetFor(d);
  newRS.spec.replicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);
  const taken = ctx.namespaceReplicaSets.find((rs) => rs.metadata?.name === newRS.metadata.name);
  let created = newRS;
  if (taken) {
    if (controllerOf(taken)?.uid !== d.metadata?.uid || !equalIgnoreHash(d.spec?.template, taken.spec?.template)) {
      (d.status ??= {}).collisionCount = (d.status.collisionCount ?? 0) + 1;
      ctx.halted = true;
      return undefined;
    }
    created = structuredClone(taken);
  } else {
    const replicas: number = newRS.spec.replicas;
    const events = replicas > 0 ? [{ type: "Normal" as const, reason: "ScalingReplicaSet", message: `Scaled up replica set ${newRS.metadata.name} from 0 to ${replicas}` }] : [];
    ctx.actions.push({ type: "createReplicaSet", replicaSet: newRS, events, deployment: structuredClone(d) });
  }
  remember(ctx, created);
  setDeploymentRevision(d, String(newRevision));
  if (!taken && hasProgressDeadline(d)) {
    setCondition((d.status ??= {}), newCondition(PROGRESSING, "True", REASONS.newReplicaSetCreated, `Created new replica set "${newRS.metadata.name}"`, ctx.now));
  }
  return created;
}

/** getNewReplicaSet: the new ReplicaSet, created when `create` and missing; undefined otherwise. */
export function getNewReplicaSet(ctx: PlanContext, oldRSs: KubeObject[], create: boolean): KubeObject | undefined {
  const existing = findNewReplicaSet(ctx.d, ctx.rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) return existingNewReplicaSet(ctx, existing, newRevision);
  return create ? createNewReplicaSet(ctx, oldRSs, newRevision) : undefined;
}

/** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (maybe created) and all old ones. */
export function getAllReplicaSets(ctx: PlanContext, create: boolean): { newRS: KubeObject | undefined; oldRSs: KubeObject[] } {
  const { all } = findOldReplicaSets(ctx.d, ctx.rsList);
  return { newRS: getNewReplicaSet(ctx, all, create), oldRSs: all };
}

/**
 * The Deployment after a failed create of its new ReplicaSet (other than AlreadyExists): Progressing False
 * ReplicaSetCreateError with upstream's message, when the Deployment has a progress deadline.
 */
export function withReplicaSetCreateError(d: KubeObject, message: string, now: Date): KubeObject {
  const out = structuredClone(d);
  if (hasProgressDeadline(out)) setCondition((out.status ??= {}), newCondition(PROGRESSING, "False", REASONS.replicaSetCreateError, message, now));
  return out;
}
