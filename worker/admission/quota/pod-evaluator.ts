/**
 * The pod quota evaluator (pkg/quota/v1/evaluator/core/pods.go) with the request/limit sums of
 * pkg/api/v1/resource (PodRequests/PodLimits: containers summed, init containers as a running maximum with
 * restartable sidecars accumulated, plus overhead). Terminal pods, and pods whose deletion grace has passed,
 * are charged only `count/pods`.
 */
import type { KubeObject } from "../../../schema/types";
import { podQOSClass } from "../../../schema/core-v1/pod-defaults";
import { count } from "./quantity";
import { add, fromWire, mask, type ResourceList } from "./resource-list";
import { objectCountName, type Evaluator, type QuotaRequest, type ScopeRequirement } from "./evaluator";
import { cmpQty } from "./quantity";

const POD_COUNT = objectCountName("", "pods");

const POD_RESOURCES = [
  POD_COUNT, "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
  "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods",
];
const POD_RESOURCE_PREFIXES = ["hugepages-", "requests.hugepages-"];

/** Quota names that make every container state its request/limit (a historical mistake upstream keeps). */
const VALIDATION_SET = new Set(["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]);

type Obj = KubeObject;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x) => x && typeof x === "object") : []);

/** helper.IsNativeResource: no domain, or a kubernetes.io/ one. */
const isNative = (name: string) => !name.includes("/") || name.includes("kubernetes.io/");
/** helper.IsExtendedResourceName (the qualified-name check of `requests.<name>` aside). */
const isExtended = (name: string) => !isNative(name) && !name.startsWith("requests.");
/** isExtendedResourceNameForQuota: extended resources are quota'd only as `requests.<name>`. */
const isExtendedForQuota = (name: string) => !isNative(name) && name.startsWith("requests.");

/** podComputeUsageHelper: the quota names a set of requests and limits charge. */
export function computeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = new Map([["pods", count(1)]]);
  for (const r of ["cpu", "memory", "ephemeral-storage"]) {
    const req = requests.get(r);
    if (req) {
      out.set(r, req);
      out.set(`requests.${r}`, req);
    }
    const lim = limits.get(r);
    if (lim) out.set(`limits.${r}`, lim);
  }
  for (const [r, q] of requests) {
    if (r.startsWith("hugepages-")) {
      out.set(r, q);
      out.set(`requests.${r}`, q);
    }
    if (isExtended(r)) out.set(`requests.${r}`, q);
  }
  return out;
}

/** maxResourceList: each entry of `b` replaces `a`'s when missing or larger. */
function maxList(a: ResourceList, b: ResourceList): ResourceList {
  const out = new Map(a);
  for (const [k, v] of b) if (!out.has(k) || cmpQty(v, out.get(k)!) > 0) out.set(k, v);
  return out;
}

/** PodRequests / PodLimits: `field` is "requests" or "limits". */
export function podResources(pod: Obj, field: "requests" | "limits"): ResourceList {
  const spec = pod.spec ?? {};
  const of = (c: Obj) => fromWire(c.resources?.[field]);
  let sum: ResourceList = new Map();
  for (const c of list(spec.containers)) sum = add(sum, of(c));
  let sidecars: ResourceList = new Map();
  let init: ResourceList = new Map();
  for (const c of list(spec.initContainers)) {
    let need: ResourceList;
    if (c.restartPolicy === "Always") {
      sum = add(sum, of(c));
      sidecars = add(sidecars, of(c));
      need = sidecars;
    } else {
      need = add(of(c), sidecars);
    }
    init = maxList(init, need);
  }
  sum = maxList(sum, init);
  if (!spec.overhead) return sum;
  // Overhead adds to every request, but only to limits that are set.
  const overhead = fromWire(spec.overhead);
  return add(sum, field === "requests" ? overhead : mask(overhead, sum.keys()));
}

/** QuotaV1Pod: not terminal, and not past the end of a graceful deletion. */
export function podCharged(pod: Obj, now: Date): boolean {
  const phase = pod.status?.phase;
  if (phase === "Failed" || phase === "Succeeded") return false;
  const ts = pod.metadata?.deletionTimestamp;
  const grace = pod.metadata?.deletionGracePeriodSeconds;
  if (ts && typeof grace === "number" && now.getTime() > Date.parse(ts) + grace * 1000) return false;
  return true;
}

/** PodUsageFunc. */
export function podUsage(pod: Obj, now: Date): ResourceList {
  const base: ResourceList = new Map([[POD_COUNT, count(1)]]);
  if (!podCharged(pod, now)) return base;
  return add(base, computeUsage(podResources(pod, "requests"), podResources(pod, "limits")));
}

const isTerminating = (pod: Obj) => typeof pod.spec?.activeDeadlineSeconds === "number" && pod.spec.activeDeadlineSeconds >= 0;

const podAffinityTermsCrossNamespace = (terms: unknown) =>
  list(terms).some((t) => {
    const term = t.podAffinityTerm ?? t;
    return (Array.isArray(term.namespaces) && term.namespaces.length > 0) || (term.namespaceSelector !== undefined && term.namespaceSelector !== null);
  });

function usesCrossNamespacePodAffinity(pod: Obj): boolean {
  const aff = pod.spec?.affinity ?? {};
  return [aff.podAffinity, aff.podAntiAffinity].some(
    (a) =>
      a &&
      (podAffinityTermsCrossNamespace(a.requiredDuringSchedulingIgnoredDuringExecution) ||
        podAffinityTermsCrossNamespace(a.preferredDuringSchedulingIgnoredDuringExecution)),
  );
}

/** A scope selector on the `PriorityClass` pseudo-label (ScopedResourceSelectorRequirementsAsSelector). */
function priorityClassMatches(pod: Obj, s: ScopeRequirement): boolean {
  const pc = pod.spec?.priorityClassName as string | undefined;
  const values = s.values ?? [];
  switch (s.operator) {
    case "Exists":
      return !!pc;
    case "DoesNotExist":
      return !pc;
    case "In":
      return !!pc && values.includes(pc);
    case "NotIn":
      return !pc || !values.includes(pc);
    default:
      return false;
  }
}

/** podMatchesScopeFunc. */
export function podMatchesScope(s: ScopeRequirement, pod: Obj): boolean {
  switch (s.scopeName) {
    case "Terminating":
      return isTerminating(pod);
    case "NotTerminating":
      return !isTerminating(pod);
    case "BestEffort":
      return podQOSClass(pod.spec ?? {}) === "BestEffort";
    case "NotBestEffort":
      return podQOSClass(pod.spec ?? {}) !== "BestEffort";
    case "PriorityClass":
      return priorityClassMatches(pod, s);
    case "CrossNamespacePodAffinity":
      return usesCrossNamespacePodAffinity(pod);
    default:
      return false;
  }
}

/** Constraints: with cpu/memory quota'd, every container must state them: `must specify limits.cpu for: a,b; …`. */
export function podConstraints(required: string[], pod: Obj): string | undefined {
  const needed = required.filter((r) => VALIDATION_SET.has(r));
  if (!needed.length) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of [...list(pod.spec?.containers), ...list(pod.spec?.initContainers)]) {
    const usage = computeUsage(fromWire(c.resources?.requests), fromWire(c.resources?.limits));
    for (const r of needed) {
      if (!usage.has(r)) missing.set(r, (missing.get(r) ?? new Set()).add(c.name ?? ""));
    }
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(",")}`);
  return `must specify ${parts.join("; ")}`;
}

export const podEvaluator: Evaluator = {
  group: "",
  resource: "pods",
  // Pod resize is alpha (InPlacePodVerticalScaling, off) in 1.32: only creates change usage.
  handles: (a: QuotaRequest) => !a.subresource && a.operation === "CREATE",
  matchingResources: (names) =>
    names.filter((n) => POD_RESOURCES.includes(n) || POD_RESOURCE_PREFIXES.some((p) => n.startsWith(p)) || isExtendedForQuota(n)),
  matchesScope: podMatchesScope,
  usage: podUsage,
  constraints: podConstraints,
};
