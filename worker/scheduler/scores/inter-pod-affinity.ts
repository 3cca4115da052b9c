/**
 * InterPodAffinity's score half (pkg/scheduler/framework/plugins/interpodaffinity/scoring.go, 1.32, default args:
 * hardPodAffinityWeight 1, ignorePreferredTermsOfExistingPods false). PreScore walks every pod of the cluster and
 * credits topology pairs: +weight where an existing pod matches the incoming pod's preferred affinity, -weight for
 * its preferred anti-affinity, +hardPodAffinityWeight where the incoming pod matches an existing pod's required
 * affinity, ±weight where it matches an existing pod's preferred (anti-)affinity. A node's raw score is the sum over
 * the pairs its labels carry; NormalizeScore maps [min, max] onto [0, MaxNodeScore]. Term handling is
 * ../common/affinity-term.
 */
import type { KubeObject } from "../../../schema/types";
import {
  affinityTermMatches,
  hasPodAffinity,
  mergeAffinityTermNamespaces,
  parsePodAffinity,
  podNamespace,
  topologyValue,
  type AffinityTerm,
  type WeightedAffinityTerm,
} from "../common/affinity-term";
import type { NodeInfo } from "../common/node-info";
import type { ClusterSnapshot } from "../common/snapshot";
import { MAX_NODE_SCORE } from "./node-score";
import type { PreScoreStatus } from "./run-score-plugins";

/** InterPodAffinityArgs.hardPodAffinityWeight's default. */
export const DEFAULT_HARD_POD_AFFINITY_WEIGHT = 1;

/** preScoreState.topologyScore: topology key → value → summed weight. */
export type TopologyScore = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface InterPodAffinityPreScoreState {
  topologyScore: TopologyScore;
}

type MutableScore = Map<string, Map<string, number>>;

/** scoreMap.processTerm: a matching pod credits weight × multiplier to its node's pair for the term's key. */
function processTerm(
  m: MutableScore,
  term: AffinityTerm,
  weight: number,
  pod: KubeObject,
  nsLabels: Record<string, string> | undefined,
  node: KubeObject,
  multiplier: 1 | -1,
) {
  if (!affinityTermMatches(term, pod, nsLabels)) return;
  const value = topologyValue(node, term.topologyKey);
  if (value === undefined) return;
  const values = m.get(term.topologyKey) ?? new Map<string, number>();
  values.set(value, (values.get(value) ?? 0) + weight * multiplier);
  m.set(term.topologyKey, values);
}

function processTerms(
  m: MutableScore,
  terms: readonly WeightedAffinityTerm[],
  pod: KubeObject,
  nsLabels: Record<string, string> | undefined,
  node: KubeObject,
  multiplier: 1 | -1,
) {
  for (const t of terms) processTerm(m, t.term, t.weight, pod, nsLabels, node, multiplier);
}

/**
 * InterPodAffinity.PreScore over every node of the snapshot. Skip when nothing matched anywhere (no pair was
 * credited); Error when the pod's terms do not parse (PreFilter rejects such pods first).
 */
export function interPodAffinityPreScore(
  pod: KubeObject,
  cluster: ClusterSnapshot,
  hardPodAffinityWeight = DEFAULT_HARD_POD_AFFINITY_WEIGHT,
): PreScoreStatus<InterPodAffinityPreScoreState> {
  const parsed = parsePodAffinity(pod);
  if (parsed.message) return { code: "Error", message: `failed to parse pod: ${parsed.message}` };
  const merge = (t: WeightedAffinityTerm): WeightedAffinityTerm => ({ ...t, term: mergeAffinityTermNamespaces(t.term, cluster.namespaces) });
  const preferredAffinity = parsed.terms.preferredAffinity.map(merge);
  const preferredAntiAffinity = parsed.terms.preferredAntiAffinity.map(merge);
  const hasConstraints =
    (pod?.spec?.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).length > 0 ||
    (pod?.spec?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).length > 0;
  const nsLabels = cluster.namespaces.get(podNamespace(pod));
  const topologyScore: MutableScore = new Map();
  for (const { node, pods } of cluster.nodes) {
    if (Object.keys(node?.metadata?.labels ?? {}).length === 0) continue;
    for (const existing of pods) {
      // Without preferred terms of its own, only existing pods with affinity can credit anything.
      if (!hasConstraints && !hasPodAffinity(existing)) continue;
      processTerms(topologyScore, preferredAffinity, existing, undefined, node, 1);
      processTerms(topologyScore, preferredAntiAffinity, existing, undefined, node, -1);
      const other = parsePodAffinity(existing).terms;
      if (hardPodAffinityWeight > 0) {
        for (const t of other.requiredAffinity) processTerm(topologyScore, t, hardPodAffinityWeight, pod, nsLabels, node, 1);
      }
      processTerms(topologyScore, other.preferredAffinity, pod, nsLabels, node, 1);
      processTerms(topologyScore, other.preferredAntiAffinity, pod, nsLabels, node, -1);
    }
  }
  if (topologyScore.size === 0) return { code: "Skip" };
  return { code: "Success", state: { topologyScore } };
}

/** InterPodAffinity.Score: the credits of the pairs the node's labels carry (negative for anti-affinity). */
export function interPodAffinityScore(state: InterPodAffinityPreScoreState, _pod: KubeObject, info: NodeInfo): number {
  let score = 0;
  for (const [key, values] of state.topologyScore) {
    const value = topologyValue(info.node, key);
    if (value !== undefined) score += values.get(value) ?? 0;
  }
  return score;
}

/**
 * InterPodAffinity.NormalizeScore: MaxNodeScore × (score − min) / (max − min) in float64, truncated; every node 0
 * when all scores are equal.
 */
export function normalizeInterPodAffinityScores(scores: number[]): number[] {
  if (scores.length === 0) return scores;
  const min = Math.min(...scores);
  const diff = Math.max(...scores) - min;
  return scores.map((s) => (diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((s - min) / diff)) : 0));
}
