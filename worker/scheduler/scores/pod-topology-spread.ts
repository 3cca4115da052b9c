/**
 * PodTopologySpread's score half (pkg/scheduler/framework/plugins/podtopologyspread/scoring.go, 1.32) for
 * whenUnsatisfiable ScheduleAnyway — the pod's own soft constraints, or, when it has none at all, the system
 * defaults (hostname maxSkew 3, zone maxSkew 5) with its default spreading selector. A node's raw score is, per
 * constraint, `matching pods in its domain × log(domains + 2) + maxSkew − 1`, summed and rounded; NormalizeScore
 * inverts it so the emptiest domain scores MaxNodeScore. Constraint parsing is ../common/topology-spread.
 */
import type { KubeObject } from "../../../schema/types";
import { podNamespace, topologyValue } from "../common/affinity-term";
import type { NodeInfo } from "../common/node-info";
import type { ClusterSnapshot } from "../common/snapshot";
import {
  countPodsMatchSelector,
  hasOwnSpreadConstraints,
  LABEL_HOSTNAME,
  matchNodeInclusionPolicies,
  nodeLabelsMatchSpreadConstraints,
  podSpreadConstraints,
  type SpreadConstraint,
} from "../common/topology-spread";
import { MAX_NODE_SCORE } from "./node-score";
import type { PreScoreStatus } from "./run-score-plugins";

/** preScoreState. */
export interface PodTopologySpreadPreScoreState {
  constraints: SpreadConstraint[];
  /** Names of feasible nodes missing a constraint's topology key (only when the pod has its own constraints). */
  ignoredNodes: ReadonlySet<string>;
  /** Per constraint: topology value of a feasible node → matching pods in that domain (hostname is counted per node in Score). */
  topologyValueToPodCounts: ReadonlyMap<string, number>[];
  /** Per constraint: log(number of domains among the feasible nodes + 2). */
  topologyNormalizingWeight: number[];
}

const nodeName = (info: NodeInfo): string => String(info.node?.metadata?.name ?? "");

/** topologyNormalizingWeight: bigger topologies weigh more, so small ones are not watered down. */
export const topologyNormalizingWeight = (size: number): number => Math.log(size + 2);

/** scoreForCount: maxSkew − 1 is added so that skews within the tolerance matter less. */
export const scoreForCount = (count: number, maxSkew: number, weight: number): number => count * weight + (maxSkew - 1);

/**
 * PodTopologySpread.PreScore (initPreScoreState plus the count over every node of the snapshot). Skip when there are
 * no feasible nodes or no soft constraints.
 */
export function podTopologySpreadPreScore(
  pod: KubeObject,
  filteredNodes: readonly NodeInfo[],
  cluster: ClusterSnapshot,
): PreScoreStatus<PodTopologySpreadPreScoreState> {
  if (filteredNodes.length === 0 || cluster.nodes.length === 0) return { code: "Skip" };
  const parsed = podSpreadConstraints(pod, "ScheduleAnyway", cluster.workloads);
  if (!parsed.ok) return { code: "Error", message: `calculating preScoreState: ${parsed.message}` };
  const constraints = parsed.constraints;
  if (constraints.length === 0) return { code: "Skip" };
  // Only the pod's own constraints need every topology key: with the system defaults a node without a zone label
  // still spreads by hostname.
  const requireAllTopologies = hasOwnSpreadConstraints(pod);
  const ignoredNodes = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  for (const info of filteredNodes) {
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(info.node, constraints)) {
      ignoredNodes.add(nodeName(info));
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return;
      const value = topologyValue(info.node, c.topologyKey) ?? "";
      if (!counts[i].has(value)) counts[i].set(value, 0);
    });
  }
  const topologyNormalizingWeights = constraints.map((c, i) =>
    topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? filteredNodes.length - ignoredNodes.size : counts[i].size),
  );
  const ns = podNamespace(pod);
  for (const { node, pods } of cluster.nodes) {
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(node, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!matchNodeInclusionPolicies(c, pod, node)) return;
      const value = topologyValue(node, c.topologyKey) ?? "";
      const current = counts[i].get(value);
      if (current === undefined) return;
      counts[i].set(value, current + countPodsMatchSelector(pods, c.selector, ns));
    });
  }
  return {
    code: "Success",
    state: { constraints, ignoredNodes, topologyValueToPodCounts: counts, topologyNormalizingWeight: topologyNormalizingWeights },
  };
}

/**
 * PodTopologySpread.Score: 0 for ignored nodes; otherwise, over the constraints whose key the node carries, the
 * domain's count (the node's own pods for hostname) through scoreForCount, summed and rounded.
 */
export function podTopologySpreadScore(state: PodTopologySpreadPreScoreState, pod: KubeObject, info: NodeInfo): number {
  if (state.ignoredNodes.has(nodeName(info))) return 0;
  let score = 0;
  state.constraints.forEach((c, i) => {
    const value = topologyValue(info.node, c.topologyKey);
    if (value === undefined) return;
    const count =
      c.topologyKey === LABEL_HOSTNAME
        ? countPodsMatchSelector(info.pods, c.selector, podNamespace(pod))
        : (state.topologyValueToPodCounts[i].get(value) ?? 0);
    score += scoreForCount(count, c.maxSkew, state.topologyNormalizingWeight[i]);
  });
  return Math.round(score);
}

/**
 * PodTopologySpread.NormalizeScore: ignored nodes 0; otherwise MaxNodeScore × (max + min − score) / max in integer
 * arithmetic, or MaxNodeScore for every node when the highest score is 0. min and max leave ignored nodes out.
 */
export function normalizePodTopologySpreadScores(
  scores: number[],
  state: PodTopologySpreadPreScoreState,
  nodes: readonly NodeInfo[],
): number[] {
  const ignored = nodes.map((n) => state.ignoredNodes.has(nodeName(n)));
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  scores.forEach((s, i) => {
    if (ignored[i]) return;
    if (s < min) min = s;
    if (s > max) max = s;
  });
  return scores.map((s, i) => {
    if (ignored[i]) return 0;
    if (max === 0) return MAX_NODE_SCORE;
    return Math.trunc((MAX_NODE_SCORE * (max + min - s)) / max);
  });
}
