/**
 * Pure decisions of the namespace controller (pkg/controller/namespace/deletion: namespaced_resources_deleter.go
 * and status_condition_utils.go): which namespaces need their content deleted, which resources to empty and in
 * what order, what a resource's remaining items mean, the deletion conditions on the namespace's status, and
 * the spec.finalizers the `finalize` write sends. The adapter (./namespace.ts) carries them out through the API.
 */
import type { ResourceEntry } from "../../schema/registry-core";
import type { KubeObject } from "../../schema/types";

/** The finalizer token of the namespace controller (v1.FinalizerKubernetes). */
export const FINALIZER_KUBERNETES = "kubernetes";

/** finalizerEstimateSeconds: how long content held by finalizers is assumed to take. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** Default of NAMESPACE_CLEANUP_DELAY_MS (worker/env.ts). */
export const DEFAULT_NAMESPACE_CLEANUP_DELAY_MS = 2000;

/** NAMESPACE_CLEANUP_DELAY_MS as milliseconds: a non-negative integer, else the default. */
export function namespaceCleanupDelayMs(raw: string | undefined): number {
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return DEFAULT_NAMESPACE_CLEANUP_DELAY_MS;
  return Number(raw);
}

/** A namespace being deleted whose content this controller has not yet released (its token is still there). */
export function awaitsContentDeletion(ns: KubeObject | undefined): boolean {
  if (!ns?.metadata?.deletionTimestamp) return false;
  const finalizers: unknown = ns.spec?.finalizers;
  return Array.isArray(finalizers) && finalizers.includes(FINALIZER_KUBERNETES);
}

/** finalizeNamespace: spec.finalizers without this controller's token, de-duplicated and sorted (sets.List). */
export function finalizersAfterRelease(finalizers: readonly string[] | undefined): string[] {
  return [...new Set((finalizers ?? []).filter((f) => f !== FINALIZER_KUBERNETES))].sort();
}

export type WrittenType = "ADDED" | "MODIFIED" | "DELETED";

/**
 * The namespace a stored change makes worth a pass: a Namespace written while being deleted with the token
 * still on it, or a namespaced object that was terminating (finalizers, graceful deletion) and is now gone,
 * since its namespace may have been waiting for exactly that. Anything else: undefined.
 */
export function namespaceToFinalize(entry: Pick<ResourceEntry, "group" | "resource" | "namespaced">, type: WrittenType, obj: KubeObject): string | undefined {
  const meta = obj.metadata ?? {};
  if (entry.group === "" && entry.resource === "namespaces") {
    return type !== "DELETED" && awaitsContentDeletion(obj) ? meta.name : undefined;
  }
  if (entry.namespaced && type === "DELETED" && meta.deletionTimestamp && meta.namespace) return meta.namespace;
  return undefined;
}

/** A namespaced resource the controller empties, and how (the opCache of supported operations). */
export interface DeletableResource {
  entry: ResourceEntry;
  deleteCollection: boolean;
}

const isPods = (e: Pick<ResourceEntry, "group" | "resource">) => e.group === "" && e.resource === "pods";

/**
 * The resources to empty: every namespaced resource that can be deleted and listed (discovery filtered by
 * `delete`; without `list` upstream cannot verify and neither can this), one served version per stored
 * resource (core and events.k8s.io Events share their objects), pods last so that no workload controller
 * is left to recreate them. Upstream iterates a map, so its order is unspecified.
 */
export function deletionOrder(entries: readonly ResourceEntry[]): DeletableResource[] {
  const seen = new Set<string>();
  const out: DeletableResource[] = [];
  for (const entry of entries) {
    if (!entry.namespaced || !entry.verbs.includes("delete") || !entry.verbs.includes("list")) continue;
    const stored = `${entry.storageGroup}/${entry.storageResource}`;
    if (seen.has(stored)) continue;
    seen.add(stored);
    out.push({ entry, deleteCollection: entry.verbs.includes("deletecollection") });
  }
  return [...out.filter((r) => !isPods(r.entry)), ...out.filter((r) => isPods(r.entry))];
}

/**
 * estimateGracefulTermination for pods: the longest terminationGracePeriodSeconds of the pods not yet
 * terminal, or 0 once that much time has passed since the namespace's deletionTimestamp.
 */
export function podGraceEstimate(pods: readonly KubeObject[], namespaceDeletedAt: string, now: Date): number {
  let estimate = 0;
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") continue;
    const grace = pod.spec?.terminationGracePeriodSeconds;
    if (typeof grace === "number" && grace > estimate) estimate = grace;
  }
  const elapsedSeconds = (now.getTime() - Date.parse(namespaceDeletedAt)) / 1000;
  return elapsedSeconds >= estimate ? 0 : estimate;
}

/** What is left of one resource in the namespace after its deletion (gvrDeletionMetadata). */
export interface ResourceRemaining {
  /** `<resource>.<group>` as upstream prints it (`configmaps.` for the core group). */
  resource: string;
  remaining: number;
  /** Finalizer → how many remaining items carry it. */
  finalizers: Record<string, number>;
  /** Seconds the remaining items are expected to take (0 = not expected to remain). */
  estimate: number;
  error?: string;
}

const gvrString = (e: Pick<ResourceEntry, "group" | "version" | "resource">) => `${e.group}/${e.version}, Resource=${e.resource}`;

/**
 * deleteAllContentForGroupVersionResource's verdict on the items listed after the deletion: none left is
 * done; items with finalizers (or pods within their grace period) are expected to wait; anything else is
 * an error, since it should have gone.
 */
export function summarizeRemaining(
  entry: Pick<ResourceEntry, "group" | "version" | "resource">,
  namespace: string,
  items: readonly KubeObject[],
  graceEstimate: number,
): ResourceRemaining {
  const resource = `${entry.resource}.${entry.group}`;
  if (!items.length) return { resource, remaining: 0, finalizers: {}, estimate: 0 };
  const finalizers: Record<string, number> = {};
  for (const item of items) for (const f of (item.metadata?.finalizers ?? []) as string[]) finalizers[f] = (finalizers[f] ?? 0) + 1;
  const base = { resource, remaining: items.length, finalizers };
  if (graceEstimate > 0) return { ...base, estimate: graceEstimate };
  if (Object.keys(finalizers).length) return { ...base, estimate: FINALIZER_ESTIMATE_SECONDS };
  return { ...base, estimate: 0, error: `unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(entry)}` };
}

/** The namespace may be finalized: every resource was emptied and nothing failed. */
export function contentRemoved(results: readonly ResourceRemaining[]): boolean {
  return results.every((r) => r.remaining === 0 && !r.error);
}

export interface NamespaceCondition {
  type: string;
  status: "True" | "False";
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

/** The condition types the deleter owns, in upstream's order, with their "nothing wrong" reason and message. */
const OWNED: { type: string; reason: string; message: string }[] = [
  { type: "NamespaceDeletionDiscoveryFailure", reason: "ResourcesDiscovered", message: "All resources successfully discovered" },
  { type: "NamespaceDeletionGroupVersionParsingFailure", reason: "ParsedGroupVersions", message: "All legacy kube types successfully parsed" },
  { type: "NamespaceDeletionContentFailure", reason: "ContentDeleted", message: "All content successfully deleted, may be waiting on finalization" },
  { type: "NamespaceContentRemaining", reason: "ContentRemoved", message: "All content successfully removed" },
  { type: "NamespaceFinalizersRemaining", reason: "ContentHasNoFinalizers", message: "All content-preserving finalizers finished" },
];

/** The failing conditions a pass produced (ProcessContentTotals, ProcessDeleteContentErr); the rest are "ok". */
export function failingConditions(results: readonly ResourceRemaining[]): Omit<NamespaceCondition, "lastTransitionTime">[] {
  const out: Omit<NamespaceCondition, "lastTransitionTime">[] = [];
  const errors = results.flatMap((r) => (r.error ? [r.error] : [])).sort();
  if (errors.length) {
    out.push({
      type: "NamespaceDeletionContentFailure",
      status: "True",
      reason: "ContentDeletionFailed",
      message: `Failed to delete all resource types, ${errors.length} remaining: ${errors.join(", ")}`,
    });
  }
  const remaining = results.filter((r) => r.remaining > 0);
  if (remaining.length) {
    const parts = remaining.map((r) => `${r.resource} has ${r.remaining} resource instances`).sort();
    out.push({ type: "NamespaceContentRemaining", status: "True", reason: "SomeResourcesRemain", message: `Some resources are remaining: ${parts.join(", ")}` });
  }
  const byFinalizer: Record<string, number> = {};
  for (const r of remaining) for (const [f, n] of Object.entries(r.finalizers)) byFinalizer[f] = (byFinalizer[f] ?? 0) + n;
  const parts = Object.entries(byFinalizer).map(([f, n]) => `${f} in ${n} resource instances`).sort();
  if (parts.length) {
    out.push({
      type: "NamespaceFinalizersRemaining",
      status: "True",
      reason: "SomeFinalizersRemain",
      message: `Some content in the namespace has finalizers remaining: ${parts.join(", ")}`,
    });
  }
  return out;
}

/**
 * updateConditions: each owned type takes its failing variant or else its "ok" one (status False); a
 * condition's lastTransitionTime moves only when its status changes. Conditions of other types are kept.
 */
export function updateConditions(
  current: readonly NamespaceCondition[],
  failing: readonly Omit<NamespaceCondition, "lastTransitionTime">[],
  now: string,
): { conditions: NamespaceCondition[]; changed: boolean } {
  const conditions = current.map((c) => ({ ...c }));
  let changed = false;
  for (const owned of OWNED) {
    const next = failing.find((c) => c.type === owned.type) ?? { ...owned, status: "False" as const };
    const old = conditions.find((c) => c.type === owned.type);
    if (!old) {
      conditions.push({ type: owned.type, status: next.status, lastTransitionTime: now, reason: next.reason, message: next.message });
      changed = true;
    } else if (old.status !== next.status || old.reason !== next.reason || old.message !== next.message) {
      if (old.status !== next.status) old.lastTransitionTime = now;
      Object.assign(old, { status: next.status, reason: next.reason, message: next.message });
      changed = true;
    }
  }
  return { conditions, changed };
}
