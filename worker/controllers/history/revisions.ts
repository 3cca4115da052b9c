/**
 * ControllerRevision history, pure, as pkg/controller/history: building a revision for a parent (labels of its
 * pod template plus the hash label, a controller reference, the data and its number), ordering, equality of
 * data, and which revisions a parent may use (its own and orphans). Shared by the StatefulSet and DaemonSet
 * controllers.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerRevisionName, goJson, hashControllerRevision } from "./hash";

/** history.ControllerRevisionHashLabel: the hash of the revision's data (without a collision count). */
export const CONTROLLER_REVISION_HASH_LABEL = "controller.kubernetes.io/hash";

/** The group/version and kind of a parent, as its controller references carry them. */
export interface ParentKind {
  apiVersion: string;
  kind: string;
}

/** metav1.NewControllerRef: a controlling, deletion-blocking reference to `owner`. */
export function newControllerRef(owner: KubeObject, kind: ParentKind): KubeObject {
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    name: owner.metadata?.name,
    uid: owner.metadata?.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The revision's data as the raw bytes upstream hashes and compares (Go's encoding of the decoded JSON). */
export function rawData(revision: KubeObject): string {
  return goJson(revision.data ?? null);
}

/**
 * history.NewControllerRevision: a revision of `parent` numbered `revision`, labelled with `templateLabels` and
 * the data hash, named `<parent>-<hash>` where the hash includes `collisionCount`.
 */
export function newControllerRevision(
  parent: KubeObject,
  kind: ParentKind,
  templateLabels: Record<string, string> | undefined,
  data: unknown,
  revision: number,
  collisionCount: number,
): KubeObject {
  const hash = hashControllerRevision(goJson(data), collisionCount);
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name: controllerRevisionName(parent.metadata?.name ?? "", hash),
      namespace: parent.metadata?.namespace,
      labels: { ...(templateLabels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ownerReferences: [newControllerRef(parent, kind)],
    },
    data,
    revision,
  };
}

/** The name `revision` gets when created under `collisionCount` (history.CreateControllerRevision's probe). */
export function revisionNameFor(parentName: string, revision: KubeObject, collisionCount: number): string {
  return controllerRevisionName(parentName, hashControllerRevision(rawData(revision), collisionCount));
}

/** history.SortControllerRevisions: by revision number, then creation time, then name (stable). */
export function sortControllerRevisions(revisions: KubeObject[]): KubeObject[] {
  return [...revisions].sort((a, b) => {
    const d = (a.revision ?? 0) - (b.revision ?? 0);
    if (d !== 0) return d;
    const ta = a.metadata?.creationTimestamp ?? "";
    const tb = b.metadata?.creationTimestamp ?? "";
    if (ta !== tb) return ta < tb ? -1 : 1;
    const na = a.metadata?.name ?? "";
    const nb = b.metadata?.name ?? "";
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
}

/**
 * history.EqualRevision: equal data. Hash labels that both parse as integers and differ short-circuit to false
 * (safe-encoded hashes never parse, so in practice the data decides).
 */
export function equalRevision(a: KubeObject | undefined, b: KubeObject | undefined): boolean {
  if (!a || !b) return a === b;
  const ha = intLabel(a);
  const hb = intLabel(b);
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  return rawData(a) === rawData(b);
}

function intLabel(r: KubeObject): number | undefined {
  const v = r.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  return typeof v === "string" && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/** history.FindEqualRevisions: the revisions whose data equals `needle`'s, in the given order. */
export function findEqualRevisions(revisions: KubeObject[], needle: KubeObject): KubeObject[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** The next revision number after sorted `revisions` (1 for none). */
export function nextRevision(sorted: KubeObject[]): number {
  return sorted.length === 0 ? 1 : (sorted[sorted.length - 1].revision ?? 0) + 1;
}

/** history.ListControllerRevisions' filter: revisions controlled by `parentUid`, or by nobody (orphans). */
export function revisionsOf(revisions: KubeObject[], parentUid: string): KubeObject[] {
  return revisions.filter((r) => {
    const ref = controllerOf(r);
    return !ref || ref.uid === parentUid;
  });
}

/** The revisions without a controller, which the parent adopts (AdoptOrphanRevisions). */
export function orphanRevisions(revisions: KubeObject[]): KubeObject[] {
  return revisions.filter((r) => !controllerOf(r));
}

function controllerOf(obj: KubeObject): KubeObject | undefined {
  return (obj.metadata?.ownerReferences ?? []).find((ref: KubeObject) => ref.controller === true);
}
