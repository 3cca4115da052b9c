/**
 * Pure deletion decisions (k8s.io/apiserver/pkg/registry/generic/registry Store.Delete, BeforeDelete and the
 * pod strategy's graceful deletion): delete now, or mark the object terminating and let finalizers / the
 * kubelet finish.
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

/**
 * What DELETE does to `obj`. `graceful` is the kind's graceful-deletion rule (pods bound to a node get their
 * grace period; others are deleted at once). Namespaces always go through their `kubernetes` finalizer.
 */
export function planDelete(obj: KubeObject, opts: DeleteOptions, now: string, kind: { group: string; resource: string }): DeletePlan {
  const meta = obj.metadata ?? {};
  const finalizers: string[] = [...(meta.finalizers ?? [])];
  const policy = opts.propagationPolicy ?? (opts.orphanDependents === true ? "Orphan" : undefined);
  const keep = (f: string, wanted: boolean) => {
    const i = finalizers.indexOf(f);
    if (wanted && i < 0) finalizers.push(f);
    if (!wanted && i >= 0) finalizers.splice(i, 1);
  };
  // upstream deletionFinalizersForGarbageCollection: the policy decides the GC finalizers.
  if (policy) {
    keep(ORPHAN, policy === "Orphan");
    keep(FOREGROUND, policy === "Foreground");
  }
  const isNamespace = kind.group === "" && kind.resource === "namespaces";
  const grace = gracePeriodFor(obj, opts, kind);
  const pendingFinalizers = finalizers.length > 0 || (isNamespace && (obj.spec?.finalizers?.length ?? 0) > 0);
  if (!pendingFinalizers && grace === 0) return { action: "delete" };
  const next: KubeObject = structuredClone(obj);
  const nextMeta = (next.metadata ??= {});
  if (meta.deletionTimestamp) {
    // Already terminating: a shorter grace period may be requested; finalizer changes from the policy apply.
    if (sameList(finalizers, meta.finalizers ?? []) && (grace >= (meta.deletionGracePeriodSeconds ?? 0))) return { action: "none" };
  } else {
    nextMeta.deletionTimestamp = addSeconds(now, grace);
  }
  nextMeta.deletionGracePeriodSeconds = Math.min(grace, meta.deletionGracePeriodSeconds ?? grace);
  if (finalizers.length) nextMeta.finalizers = finalizers;
  else delete nextMeta.finalizers;
  if (isNamespace) next.status = { ...(next.status ?? {}), phase: "Terminating" };
  return { action: "mark", object: next };
}

/** Pods bound to a node get a grace period (spec.terminationGracePeriodSeconds, default 30); others none. */
function gracePeriodFor(obj: KubeObject, opts: DeleteOptions, kind: { group: string; resource: string }): number {
  if (!(kind.group === "" && kind.resource === "pods")) return 0;
  if (!obj.spec?.nodeName) return 0;
  const phase = obj.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return 0;
  const g = opts.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, g);
}

function addSeconds(rfc: string, s: number): string {
  return new Date(Date.parse(rfc) + s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
