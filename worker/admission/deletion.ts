/**
 * Pure deletion decisions, as k8s.io/apiserver/pkg/registry/generic/registry Store.Delete with rest.BeforeDelete,
 * deletionFinalizersForGarbageCollection and the pod strategy's CheckGracefulDelete: delete now, or mark the
 * object terminating (deletionTimestamp, grace period, GC finalizers) and let finalizers / the kubelet finish.
 */
import type { KubeObject } from "../../schema/types";

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
  orphanDependents?: boolean;
}

export type DeletePlan =
  | { action: "delete" }
  /** Store `object` (now carrying deletionTimestamp); the object goes when its finalizers are gone. */
  | { action: "mark"; object: KubeObject }
  /** Already terminating and nothing to change. */
  | { action: "none" };

const ORPHAN = "orphan";
const FOREGROUND = "foregroundDeletion";

interface Kind {
  group: string;
  resource: string;
}

const isPods = (k: Kind) => k.group === "" && k.resource === "pods";
const isNamespaces = (k: Kind) => k.group === "" && k.resource === "namespaces";

/** What DELETE does to `obj` at time `now` (RFC 3339). `obj` is not modified. */
export function planDelete(obj: KubeObject, opts: DeleteOptions, now: string, kind: Kind): DeletePlan {
  const meta = obj.metadata ?? {};
  // BeforeDelete: a negative grace period means 1 second.
  const requested = opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0 ? 1 : opts.gracePeriodSeconds;
  const next: KubeObject = structuredClone(obj);
  const nextMeta = (next.metadata ??= {});

  if (meta.deletionTimestamp) {
    const current = meta.deletionGracePeriodSeconds ?? 0;
    // A graceful deletion in progress: only a shorter grace period may be given, and DeleteOptions cannot
    // change finalizers while it runs (Store.Delete's pendingGraceful).
    if (current > 0) {
      if (requested === undefined || requested >= current) return { action: "none" };
      nextMeta.deletionTimestamp = addSeconds(meta.deletionTimestamp, requested - current);
      nextMeta.deletionGracePeriodSeconds = requested;
      if (requested === 0 && !(meta.finalizers?.length)) return { action: "delete" };
      return { action: "mark", object: next };
    }
  }

  const finalizers = gcFinalizers(meta.finalizers ?? [], opts);
  const finalizersChanged = !sameSet(finalizers, meta.finalizers ?? []);
  const grace = meta.deletionTimestamp ? 0 : gracePeriodFor(obj, requested, kind);
  const namespaceFinalizing = isNamespaces(kind) && (obj.spec?.finalizers?.length ?? 0) > 0;
  if (finalizers.length === 0 && grace === 0 && !namespaceFinalizing) return { action: "delete" };
  if (meta.deletionTimestamp && !finalizersChanged) return { action: "none" };
  if (!meta.deletionTimestamp) {
    nextMeta.deletionTimestamp = addSeconds(now, grace);
    nextMeta.deletionGracePeriodSeconds = grace;
    // The first deletion request bumps generation (BeforeDelete / markAsDeleting).
    if (typeof meta.generation === "number" && meta.generation > 0) nextMeta.generation = meta.generation + 1;
  }
  if (finalizers.length) nextMeta.finalizers = finalizers;
  else delete nextMeta.finalizers;
  if (isNamespaces(kind)) next.status = { ...(next.status ?? {}), phase: "Terminating" };
  return { action: "mark", object: next };
}

/**
 * The object's finalizers after this request's garbage-collection choice (deletionFinalizersForGarbageCollection
 * with shouldOrphanDependents / shouldDeleteDependents; the default policy is background deletion).
 */
function gcFinalizers(current: string[], opts: DeleteOptions): string[] {
  let orphan: boolean;
  let foreground: boolean;
  if (opts.orphanDependents !== undefined) {
    orphan = opts.orphanDependents;
    foreground = false;
  } else if (opts.propagationPolicy !== undefined) {
    orphan = opts.propagationPolicy === "Orphan";
    foreground = opts.propagationPolicy === "Foreground";
  } else {
    orphan = current.includes(ORPHAN);
    foreground = current.includes(FOREGROUND) && !orphan;
  }
  const out = current.filter((f) => f !== ORPHAN && f !== FOREGROUND);
  if (orphan) out.push(ORPHAN);
  if (foreground) out.push(FOREGROUND);
  return out;
}

/**
 * The grace period of a new deletion: pods bound to a node and not terminated get the requested period, else
 * spec.terminationGracePeriodSeconds (default 30); everything else is deleted at once (CheckGracefulDelete).
 */
function gracePeriodFor(obj: KubeObject, requested: number | undefined, kind: Kind): number {
  if (!isPods(kind) || !obj.spec?.nodeName) return 0;
  const phase = obj.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return 0;
  return Math.max(0, requested ?? obj.spec?.terminationGracePeriodSeconds ?? 30);
}

function addSeconds(rfc: string, s: number): string {
  return new Date(Date.parse(rfc) + s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function sameSet(a: string[], b: string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}
