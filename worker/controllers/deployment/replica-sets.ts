/**
 * A Deployment's ReplicaSets as deployment_util.go and controller_utils.go sort, classify and count them: the
 * new one (template equal to the Deployment's, ignoring pod-template-hash), the old ones, the active ones
 * (spec.replicas > 0), saturation, and the replica sums the rollout arithmetic uses.
 */
import type { KubeObject } from "../../../schema/types";
import { DESIRED_REPLICAS, intAnnotation, revisionOf } from "./annotations";
import { specReplicas } from "./fenceposts";

/** apps.DefaultDeploymentUniqueLabelKey. */
export const POD_TEMPLATE_HASH = "pod-template-hash";

const created = (rs: KubeObject) => Date.parse(rs.metadata?.creationTimestamp ?? "") || 0;
const nameOf = (rs: KubeObject): string => rs.metadata?.name ?? "";

/** ReplicaSetsByCreationTimestamp: oldest first, the name breaking ties. */
export function byCreationTimestamp(a: KubeObject, b: KubeObject): number {
  if (created(a) !== created(b)) return created(a) - created(b);
  return nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0;
}

/** ReplicaSetsBySizeOlder: largest first, then older first. */
export function bySizeOlder(a: KubeObject, b: KubeObject): number {
  return specReplicas(a) === specReplicas(b) ? byCreationTimestamp(a, b) : specReplicas(b) - specReplicas(a);
}

/** ReplicaSetsBySizeNewer: largest first, then newer first. */
export function bySizeNewer(a: KubeObject, b: KubeObject): number {
  return specReplicas(a) === specReplicas(b) ? byCreationTimestamp(b, a) : specReplicas(b) - specReplicas(a);
}

/** ReplicaSetsByRevision: lowest revision first; unparsable or equal revisions by creation time. */
export function byRevision(a: KubeObject, b: KubeObject): number {
  const [ra, rb] = [revisionOf(a), revisionOf(b)];
  if (ra === undefined || rb === undefined || ra === rb) return byCreationTimestamp(a, b);
  return ra - rb;
}

/** FilterActiveReplicaSets: those that have (or ought to have) pods. */
export function filterActive(rss: (KubeObject | undefined)[]): KubeObject[] {
  return rss.filter((rs): rs is KubeObject => !!rs && specReplicas(rs) > 0);
}

/**
 * Semantic equality of two JSON values as apiequality.Semantic.DeepEqual sees decoded API objects: absent, null
 * and empty lists are the same (Go's nil and empty slices); key order is irrelevant.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  if (empty(a) && empty(b)) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => semanticEqual(x, (b as unknown[])[i]));
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  return [...keys].every((k) => semanticEqual((a as KubeObject)[k], (b as KubeObject)[k]));
}

/** A copy without null members (a JSON null decodes to Go's zero value, as an absent member does). */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
}

/** The template without the pod-template-hash label (no labels left = no labels map, as for a nil Go map). */
function withoutHash(template: KubeObject | undefined): KubeObject {
  const t = withoutNulls(template ?? {}) as KubeObject;
  const labels = t.metadata?.labels;
  if (labels) {
    delete labels[POD_TEMPLATE_HASH];
    if (Object.keys(labels).length === 0) delete t.metadata.labels;
  }
  if (t.metadata && Object.keys(t.metadata).length === 0) delete t.metadata;
  return t;
}

/** EqualIgnoreHash: the two pod templates are equal apart from the pod-template-hash label. */
export function equalIgnoreHash(t1: KubeObject | undefined, t2: KubeObject | undefined): boolean {
  return semanticEqual(withoutHash(t1), withoutHash(t2));
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template matches the Deployment's. */
export function findNewReplicaSet(d: KubeObject, rss: KubeObject[]): KubeObject | undefined {
  return [...rss].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets: every ReplicaSet but the new one (`all`), and those of them with replicas (`required`). */
export function findOldReplicaSets(d: KubeObject, rss: KubeObject[]): { required: KubeObject[]; all: KubeObject[] } {
  const newRS = findNewReplicaSet(d, rss);
  const all = rss.filter((rs) => !newRS || rs.metadata?.uid !== newRS.metadata?.uid);
  return { required: all.filter((rs) => specReplicas(rs) !== 0), all };
}

/**
 * FindActiveOrLatest: the one active ReplicaSet, or the newest (the new one first) when none is active;
 * undefined when several are active.
 */
export function findActiveOrLatest(newRS: KubeObject | undefined, oldRSs: KubeObject[]): KubeObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** IsSaturated: the new ReplicaSet has the Deployment's size, was scaled for it, and all of it is available. */
export function isSaturated(d: KubeObject, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const desired = intAnnotation(rs, DESIRED_REPLICAS);
  if (desired === undefined) return false;
  const want = specReplicas(d);
  return specReplicas(rs) === want && desired === want && (rs.status?.availableReplicas ?? 0) === want;
}

const sum = (rss: (KubeObject | undefined)[], f: (rs: KubeObject) => number) => rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);

/** GetReplicaCountForReplicaSets: the sum of spec.replicas. */
export const replicaCount = (rss: (KubeObject | undefined)[]) => sum(rss, specReplicas);
/** GetActualReplicaCountForReplicaSets: the sum of status.replicas. */
export const actualReplicaCount = (rss: (KubeObject | undefined)[]) => sum(rss, (rs) => rs.status?.replicas ?? 0);
/** GetReadyReplicaCountForReplicaSets. */
export const readyReplicaCount = (rss: (KubeObject | undefined)[]) => sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
/** GetAvailableReplicaCountForReplicaSets. */
export const availableReplicaCount = (rss: (KubeObject | undefined)[]) => sum(rss, (rs) => rs.status?.availableReplicas ?? 0);
