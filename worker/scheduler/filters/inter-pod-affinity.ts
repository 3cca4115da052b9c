/**
 * InterPodAffinity's PreFilter, Filter and PreFilterExtensions (pkg/scheduler/framework/plugins/interpodaffinity/
 * filtering.go, 1.32) over required terms only. PreFilter counts, per topology pair (`key=value` of a node label):
 * existing pods whose required anti-affinity matches the incoming pod, and existing pods matching the incoming pod's
 * required affinity (all terms) and anti-affinity (each term). Filter then reads one node's labels against those
 * counts. Term parsing and matching are ../common/affinity-term.
 */
import type { KubeObject } from "../../../schema/types";
import {
  affinityTermMatches,
  hasPodAffinity,
  mergeAffinityTermNamespaces,
  parsePodAffinity,
  podMatchesAllAffinityTerms,
  podNamespace,
  topologyPairKey,
  topologyValue,
  type AffinityTerm,
} from "../common/affinity-term";
import type { ClusterSnapshot } from "../common/snapshot";
import { FIT, unresolvable, unschedulable, type CycleState, type FilterResult, type NodeInfo, type PreFilterStatus } from "./types";

export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/** topologyToMatchedTermCount: `key=value` → count; entries that reach 0 are removed. */
export type TopologyCounts = ReadonlyMap<string, number>;

/** preFilterState. */
export interface InterPodAffinityPreFilterState {
  pod: KubeObject;
  /** The incoming pod's required terms, namespaceSelector unrolled (mergeAffinityTermNamespacesIfNotEmpty). */
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  /** The incoming pod's namespace labels (GetNamespaceLabelsSnapshot; undefined when the namespace is unknown). */
  namespaceLabels: Record<string, string> | undefined;
  existingAntiAffinityCounts: TopologyCounts;
  affinityCounts: TopologyCounts;
  antiAffinityCounts: TopologyCounts;
}

/** topologyToMatchedTermCount.update: only nodes carrying the topology key count. */
function bump(counts: Map<string, number>, node: KubeObject, key: string, delta: number): void {
  const value = topologyValue(node, key);
  if (value === undefined) return;
  const pair = topologyPairKey(key, value);
  const next = (counts.get(pair) ?? 0) + delta;
  if (next === 0) counts.delete(pair);
  else counts.set(pair, next);
}

/** updateWithAffinityTerms: a pod matching ALL terms counts once per term. */
function countAffinity(counts: Map<string, number>, terms: readonly AffinityTerm[], pod: KubeObject, node: KubeObject, delta: number) {
  if (podMatchesAllAffinityTerms(terms, pod)) for (const t of terms) bump(counts, node, t.topologyKey, delta);
}

/** updateWithAntiAffinityTerms: each term the pod matches counts. */
function countAntiAffinity(
  counts: Map<string, number>,
  terms: readonly AffinityTerm[],
  pod: KubeObject,
  nsLabels: Record<string, string> | undefined,
  node: KubeObject,
  delta: number,
) {
  for (const t of terms) if (affinityTermMatches(t, pod, nsLabels)) bump(counts, node, t.topologyKey, delta);
}

/**
 * InterPodAffinity.PreFilter over every node of the snapshot. A pod whose terms do not parse is rejected everywhere;
 * Skip when the pod has no required terms and no existing pod's required anti-affinity matches it.
 */
export function interPodAffinityPreFilter(pod: KubeObject, cluster: ClusterSnapshot): PreFilterStatus<InterPodAffinityPreFilterState> {
  const parsed = parsePodAffinity(pod);
  if (parsed.message) return { code: "UnschedulableAndUnresolvable", message: `parsing pod: ${parsed.message}` };
  const requiredAffinity = parsed.terms.requiredAffinity.map((t) => mergeAffinityTermNamespaces(t, cluster.namespaces));
  const requiredAntiAffinity = parsed.terms.requiredAntiAffinity.map((t) => mergeAffinityTermNamespaces(t, cluster.namespaces));
  const namespaceLabels = cluster.namespaces.get(podNamespace(pod));
  const hasOwnTerms = requiredAffinity.length > 0 || requiredAntiAffinity.length > 0;
  const existingAntiAffinityCounts = new Map<string, number>();
  const affinityCounts = new Map<string, number>();
  const antiAffinityCounts = new Map<string, number>();
  for (const { node, pods } of cluster.nodes) {
    for (const existing of pods) {
      if (hasPodAffinity(existing)) {
        const terms = parsePodAffinity(existing).terms.requiredAntiAffinity;
        countAntiAffinity(existingAntiAffinityCounts, terms, pod, namespaceLabels, node, 1);
      }
      if (!hasOwnTerms) continue;
      countAffinity(affinityCounts, requiredAffinity, existing, node, 1);
      countAntiAffinity(antiAffinityCounts, requiredAntiAffinity, existing, undefined, node, 1);
    }
  }
  if (existingAntiAffinityCounts.size === 0 && !hasOwnTerms) return { code: "Skip" };
  return {
    code: "Success",
    state: { pod, requiredAffinity, requiredAntiAffinity, namespaceLabels, existingAntiAffinityCounts, affinityCounts, antiAffinityCounts },
  };
}

/**
 * preFilterState.updateWithPod (AddPod with +1, RemovePod with -1): the counts as if `other` ran (or stopped
 * running) on `node`. Returns a new state; the given one is left as is (upstream clones before preemption dry runs).
 */
export function interPodAffinityUpdateWithPod(
  s: InterPodAffinityPreFilterState,
  other: KubeObject,
  node: KubeObject,
  multiplier: 1 | -1,
): InterPodAffinityPreFilterState {
  const existingAntiAffinityCounts = new Map(s.existingAntiAffinityCounts);
  const affinityCounts = new Map(s.affinityCounts);
  const antiAffinityCounts = new Map(s.antiAffinityCounts);
  countAntiAffinity(existingAntiAffinityCounts, parsePodAffinity(other).terms.requiredAntiAffinity, s.pod, s.namespaceLabels, node, multiplier);
  countAffinity(affinityCounts, s.requiredAffinity, other, node, multiplier);
  countAntiAffinity(antiAffinityCounts, s.requiredAntiAffinity, other, undefined, node, multiplier);
  return { ...s, existingAntiAffinityCounts, affinityCounts, antiAffinityCounts };
}

/** satisfyExistingPodsAntiAffinity: no label of the node names a pair some existing pod's anti-affinity claims. */
function satisfyExistingPodsAntiAffinity(s: InterPodAffinityPreFilterState, node: KubeObject): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  const labels: Record<string, string> = node?.metadata?.labels ?? {};
  return Object.entries(labels).every(([k, v]) => !((s.existingAntiAffinityCounts.get(topologyPairKey(k, v)) ?? 0) > 0));
}

/** satisfyPodAntiAffinity: no anti-affinity term's pair on this node holds a matching pod. */
function satisfyPodAntiAffinity(s: InterPodAffinityPreFilterState, node: KubeObject): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  return s.requiredAntiAffinity.every((term) => {
    const value = topologyValue(node, term.topologyKey);
    return value === undefined || !((s.antiAffinityCounts.get(topologyPairKey(term.topologyKey, value)) ?? 0) > 0);
  });
}

/**
 * satisfyPodAffinity: the node carries every term's topology key and each pair holds a matching pod — or, for the
 * first pod of a group, no pod anywhere matches the terms and the pod matches all of its own terms.
 */
function satisfyPodAffinity(s: InterPodAffinityPreFilterState, node: KubeObject): boolean {
  let podsExist = true;
  for (const term of s.requiredAffinity) {
    const value = topologyValue(node, term.topologyKey);
    if (value === undefined) return false;
    if (!((s.affinityCounts.get(topologyPairKey(term.topologyKey, value)) ?? 0) > 0)) podsExist = false;
  }
  if (podsExist) return true;
  return s.affinityCounts.size === 0 && podMatchesAllAffinityTerms(s.requiredAffinity, s.pod);
}

/**
 * InterPodAffinity.Filter. A node failing the pod's affinity is UnschedulableAndUnresolvable (preemption cannot add
 * pods); anti-affinity failures, the pod's own or existing pods', are Unschedulable (evicting pods can help).
 */
export function interPodAffinityFilter(_pod: KubeObject, nodeInfo: NodeInfo, state?: CycleState): FilterResult {
  const s = state?.interPodAffinity;
  if (!s) return FIT;
  if (!satisfyPodAffinity(s, nodeInfo.node)) return unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
  if (!satisfyPodAntiAffinity(s, nodeInfo.node)) return unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
  if (!satisfyExistingPodsAntiAffinity(s, nodeInfo.node)) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
  return FIT;
}
