/**
 * The default profile's score plugins implemented here, wired as ScorePlugin values, and the score-and-select step
 * of schedulePod. ImageLocality is not in this set yet; its weight is in DEFAULT_SCORE_PLUGIN_WEIGHTS for when it is.
 */
import type { KubeObject } from "../../../schema/types";
import { nodeAffinityScore, normalizeNodeAffinityScores, preferredNodeAffinityTerms, type WeightedTerm } from "./node-affinity";
import type { NodeInfo } from "../common/node-info";
import { snapshotOfNodes, type ClusterSnapshot } from "../common/snapshot";
import {
  interPodAffinityPreScore,
  interPodAffinityScore,
  normalizeInterPodAffinityScores,
  type InterPodAffinityPreScoreState,
} from "./inter-pod-affinity";
import {
  normalizePodTopologySpreadScores,
  podTopologySpreadPreScore,
  podTopologySpreadScore,
  type PodTopologySpreadPreScoreState,
} from "./pod-topology-spread";
import {
  balancedAllocationScore,
  DEFAULT_RESOURCE_SPECS,
  leastAllocatedScore,
  podRequestList,
} from "./resource-allocation";
import { DEFAULT_SCORE_PLUGIN_WEIGHTS, runScorePlugins, type NodePluginScores, type ScorePlugin } from "./run-score-plugins";
import { selectHost, type RandomInt } from "./select-host";
import {
  countIntolerableTaintsPreferNoSchedule,
  normalizeTaintTolerationScores,
  preferNoScheduleTolerations,
} from "./taint-toleration";

export const taintTolerationPlugin: ScorePlugin<KubeObject[]> = {
  name: "TaintToleration",
  preScore: (pod) => ({ code: "Success", state: preferNoScheduleTolerations(pod) }),
  score: (tolerations, _pod, info) => countIntolerableTaintsPreferNoSchedule(info.node, tolerations),
  normalize: normalizeTaintTolerationScores,
};

export const nodeAffinityPlugin: ScorePlugin<WeightedTerm[]> = {
  name: "NodeAffinity",
  preScore: (pod) => {
    const r = preferredNodeAffinityTerms(pod);
    if (!r.ok) return { code: "Error", message: r.errors.join(", ") };
    return "skip" in r ? { code: "Skip" } : { code: "Success", state: r.terms };
  },
  score: (terms, _pod, info) => nodeAffinityScore(terms, info.node),
  normalize: normalizeNodeAffinityScores,
};

/** NodeResourcesFit with the default LeastAllocated strategy (cpu 1, memory 1). */
export const nodeResourcesFitPlugin: ScorePlugin<bigint[]> = {
  name: "NodeResourcesFit",
  preScore: (pod) => ({ code: "Success", state: podRequestList(pod, DEFAULT_RESOURCE_SPECS, false) }),
  score: (podReqs, _pod, info) => leastAllocatedScore(podReqs, info),
};

export const podTopologySpreadPlugin: ScorePlugin<PodTopologySpreadPreScoreState> = {
  name: "PodTopologySpread",
  preScore: (pod, nodes, cluster = snapshotOfNodes(nodes)) => podTopologySpreadPreScore(pod, nodes, cluster),
  score: podTopologySpreadScore,
  normalize: normalizePodTopologySpreadScores,
};

/** InterPodAffinity with the default args (hardPodAffinityWeight 1). */
export const interPodAffinityPlugin: ScorePlugin<InterPodAffinityPreScoreState> = {
  name: "InterPodAffinity",
  preScore: (pod, nodes, cluster = snapshotOfNodes(nodes)) => interPodAffinityPreScore(pod, cluster),
  score: interPodAffinityScore,
  normalize: normalizeInterPodAffinityScores,
};

export const nodeResourcesBalancedAllocationPlugin: ScorePlugin<bigint[]> = {
  name: "NodeResourcesBalancedAllocation",
  preScore: (pod) => ({ code: "Success", state: podRequestList(pod, DEFAULT_RESOURCE_SPECS, true) }),
  score: (podReqs, _pod, info) => balancedAllocationScore(podReqs, info),
};

/** In the default profile's order. */
export const DEFAULT_SCORE_PLUGINS: readonly ScorePlugin<any>[] = [
  taintTolerationPlugin,
  nodeAffinityPlugin,
  nodeResourcesFitPlugin,
  podTopologySpreadPlugin,
  interPodAffinityPlugin,
  nodeResourcesBalancedAllocationPlugin,
];

export type PrioritizeResult =
  | { ok: true; host: string; top: NodePluginScores[]; evaluated: "single-node" | "scored" }
  | { ok: false; message: string };

/**
 * The tail of schedulePod for nodes that passed the filters: one feasible node is taken without scoring (as
 * upstream does); otherwise the plugins score every node and selectHost picks among the highest totals. `cluster`
 * is the cycle's snapshot (every node, namespaces, workloads), which PodTopologySpread and InterPodAffinity count
 * over; without it they see only the feasible nodes.
 */
export function prioritizeAndSelectHost(
  pod: KubeObject,
  feasible: NodeInfo[],
  randomInt: RandomInt,
  plugins: readonly ScorePlugin<any>[] = DEFAULT_SCORE_PLUGINS,
  weights: Readonly<Record<string, number>> = DEFAULT_SCORE_PLUGIN_WEIGHTS,
  cluster?: ClusterSnapshot,
): PrioritizeResult {
  if (feasible.length === 0) return { ok: false, message: "empty priorityList" };
  if (feasible.length === 1) {
    const name = String(feasible[0].node?.metadata?.name ?? "");
    return { ok: true, host: name, top: [], evaluated: "single-node" };
  }
  const scored = runScorePlugins(pod, feasible, plugins, weights, cluster);
  if (!scored.ok) return scored;
  const selected = selectHost(scored.scores, randomInt);
  if (!selected.ok) return selected;
  return { ...selected, evaluated: "scored" };
}
