/**
 * A DaemonSet's ControllerRevisions as pkg/controller/daemon/update.go (1.32) keeps them: the revision data is the
 * strategic-merge patch `{"spec":{"template":{…,"$patch":"replace"}}}` (getPatch), a revision is current when its
 * data equals that patch (Match), named `<ds>-<hash>` with the hash as its `controller-revision-hash` label
 * (snapshot), numbered one past the newest old revision (constructHistory), and old revisions beyond
 * `revisionHistoryLimit` not used by a live pod are deleted oldest first (cleanupHistory).
 *
 * The hash is controller.ComputeHash's shape — FNV-32a, the collision count appended as 4 little-endian bytes,
 * the decimal sum through rand.SafeEncodeString — over the template's JSON as Go writes it (../history goJson);
 * upstream hashes Go's spew dump of the struct, which no other language reproduces: names differ from a real
 * cluster's, behaviour does not. (The shared ../history hash is HashControllerRevision, FNV-1 over the revision
 * data: the StatefulSet's, not the DaemonSet's.)
 */
import type { KubeObject } from "../../../schema/types";
import { goJson, safeEncodeString } from "../history";
import { CONTROLLER_REVISION_HASH_LABEL, controllerRef } from "./daemon-pod";

/** FNV-1a, 32 bits (Go's fnv.New32a, which ComputeHash uses; the shared history hash is FNV-1). */
export function fnv32a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

/** controller.ComputeHash(template, collisionCount). */
export function computeHash(template: unknown, collisionCount?: number | null): string {
  const text = new TextEncoder().encode(goJson(template ?? {}));
  let bytes = text;
  if (collisionCount !== undefined && collisionCount !== null) {
    bytes = new Uint8Array(text.length + 4);
    bytes.set(text);
    new DataView(bytes.buffer).setUint32(text.length, collisionCount >>> 0, true);
  }
  return safeEncodeString(String(fnv32a(bytes)));
}

/** getPatch: the revision data that restores this DaemonSet's template. */
export function revisionPatch(ds: KubeObject): KubeObject {
  return { spec: { template: { ...structuredClone(ds.spec?.template ?? {}), $patch: "replace" } } };
}

/** Match: the revision holds exactly this DaemonSet's template. */
export const revisionMatches = (ds: KubeObject, revision: KubeObject): boolean => goJson(revision.data ?? null) === goJson(revisionPatch(ds));

/** The revision's number (int64 as stored; 0 when absent). */
export const revisionNumber = (r: KubeObject): number => Number(r.revision ?? 0);

/** maxRevision. */
export const maxRevision = (revisions: readonly KubeObject[]): number => revisions.reduce((m, r) => Math.max(m, revisionNumber(r)), 0);

/** snapshot: the ControllerRevision for the DaemonSet's current template. */
export function newRevision(ds: KubeObject, revision: number): KubeObject {
  const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name: `${ds.metadata?.name}-${hash}`,
      namespace: ds.metadata?.namespace,
      labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ...(ds.metadata?.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(ds)],
    },
    data: revisionPatch(ds),
    revision,
  };
}

/** What constructHistory finds among the DaemonSet's own revisions. */
export interface HistoryPlan {
  /** Revisions lacking the hash label: relabelled with their own name first. */
  unlabeled: KubeObject[];
  /** The current revision to keep (the highest-numbered match), or undefined: create `newRevision`. */
  current?: KubeObject;
  /** Other current revisions: their pods are relabelled to `current`'s hash, then they are deleted. */
  duplicates: KubeObject[];
  old: KubeObject[];
  /** The number the current revision must carry (bumped when an old template comes back). */
  currentRevision: number;
}

export function planHistory(ds: KubeObject, revisions: readonly KubeObject[]): HistoryPlan {
  const unlabeled = revisions.filter((r) => r.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] === undefined);
  const matching = revisions.filter((r) => revisionMatches(ds, r));
  const old = revisions.filter((r) => !revisionMatches(ds, r));
  const currentRevision = maxRevision(old) + 1;
  // dedupCurHistories keeps the last of the highest revision.
  let current: KubeObject | undefined;
  for (const r of matching) if (!current || revisionNumber(r) >= revisionNumber(current)) current = r;
  return { unlabeled, current, duplicates: matching.filter((r) => r !== current), old, currentRevision };
}

/** The hash label of a revision (its name when unlabelled, as constructHistory labels it). */
export const revisionHash = (r: KubeObject): string => r.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? r.metadata?.name ?? "";

/**
 * cleanupHistory: the old revisions to delete, oldest first, beyond `revisionHistoryLimit`, skipping those whose
 * hash a live pod (any of the DaemonSet's pods, terminal ones included) still carries.
 */
export function revisionsToDelete(ds: KubeObject, old: readonly KubeObject[], pods: readonly KubeObject[]): string[] {
  let toKill = old.length - Number(ds.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return [];
  const live = new Set(pods.map((p) => p.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL]).filter((h) => h));
  const out: string[] = [];
  for (const r of [...old].sort((a, b) => revisionNumber(a) - revisionNumber(b))) {
    if (toKill <= 0) break;
    if (live.has(revisionHash(r))) continue;
    out.push(r.metadata?.name);
    toKill--;
  }
  return out;
}
