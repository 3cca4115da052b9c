/**
 * A StatefulSet's revisions, pure (stateful_set_utils.go getPatch / newRevision / ApplyRevision and
 * stateful_set_control.go getStatefulSetRevisions / truncateHistory). A revision's data is the strategic merge
 * patch `{"spec":{"template":{…,"$patch":"replace"}}}`, so applying one replaces the set's pod template.
 */
import type { KubeObject } from "../../../schema/types";
import { equalRevision, findEqualRevisions, newControllerRevision, nextRevision } from "../history";
import { podRevision, STATEFULSET_KIND } from "./identity";

/**
 * getPatch: the set's template as the revision's data. Go encodes the typed template, whose metadata always
 * carries `creationTimestamp: null`.
 */
export function revisionData(set: KubeObject): KubeObject {
  const template: KubeObject = structuredClone(set.spec?.template ?? {});
  template.metadata = { creationTimestamp: null, ...(template.metadata ?? {}) };
  return { spec: { template: { ...template, $patch: "replace" } } };
}

/** newRevision: revision `revision` of `set` (template labels, the set's annotations, hash with `collisionCount`). */
export function newRevision(set: KubeObject, revision: number, collisionCount: number): KubeObject {
  const cr = newControllerRevision(set, STATEFULSET_KIND, set.spec?.template?.metadata?.labels, revisionData(set), revision, collisionCount);
  if (Object.keys(set.metadata?.annotations ?? {}).length) cr.metadata.annotations = { ...set.metadata.annotations };
  return cr;
}

/** ApplyRevision: `set` with the pod template `revision` recorded. */
export function applyRevision(set: KubeObject, revision: KubeObject): KubeObject {
  const template: KubeObject = { ...(revision.data?.spec?.template ?? {}) };
  delete template.$patch;
  return { ...set, spec: { ...set.spec, template } };
}

/** What getStatefulSetRevisions must write to know the update revision. */
export type UpdateRevisionStep =
  /** The newest revision already holds the set's template. */
  | { action: "use"; revision: KubeObject }
  /** An older revision holds it (a rollback): renumber it to `revision`. */
  | { action: "renumber"; revision: KubeObject; to: number }
  /** No revision holds it: create `revision`. */
  | { action: "create"; revision: KubeObject };

/** getStatefulSetRevisions' decision over `sorted` revisions (history.SortControllerRevisions order). */
export function updateRevisionStep(set: KubeObject, sorted: KubeObject[], collisionCount: number): UpdateRevisionStep {
  const candidate = newRevision(set, nextRevision(sorted), collisionCount);
  const equal = findEqualRevisions(sorted, candidate);
  if (equal.length === 0) return { action: "create", revision: candidate };
  const latestEqual = equal[equal.length - 1];
  if (equalRevision(sorted[sorted.length - 1], latestEqual)) return { action: "use", revision: sorted[sorted.length - 1] };
  return { action: "renumber", revision: latestEqual, to: candidate.revision };
}

/** The current revision: the one named by status.currentRevision, else the update revision (a new history). */
export function currentRevisionOf(set: KubeObject, sorted: KubeObject[], update: KubeObject): KubeObject {
  return sorted.find((r) => r.metadata?.name === set.status?.currentRevision) ?? update;
}

/**
 * truncateHistory: the revisions to delete, oldest first, so that at most revisionHistoryLimit revisions remain
 * that are neither current, update, nor the revision of a pod.
 */
export function revisionsToTruncate(set: KubeObject, pods: KubeObject[], sorted: KubeObject[], current: string, update: string): KubeObject[] {
  const live = new Set([current, update, ...pods.map(podRevision)]);
  const history = sorted.filter((r) => !live.has(r.metadata?.name));
  const limit = set.spec?.revisionHistoryLimit ?? 10;
  if (limit < 0 || history.length <= limit) return [];
  return history.slice(0, history.length - limit);
}
