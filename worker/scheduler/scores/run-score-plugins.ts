/**
 * The score phase of one scheduling cycle (pkg/scheduler/framework/runtime/framework.go RunPreScorePlugins /
 * RunScorePlugins): PreScore per plugin (Skip drops the plugin for this pod), Score per node, NormalizeScore,
 * a range check, then each score times the plugin's weight, summed into the node's TotalScore.
 */
import type { KubeObject } from "../../../schema/types";
import { MAX_NODE_SCORE, MIN_NODE_SCORE } from "./node-score";
import type { NodeInfo } from "../common/node-info";
import { snapshotOfNodes, type ClusterSnapshot } from "../common/snapshot";

export type PreScoreStatus<S> = { code: "Success"; state: S } | { code: "Skip" } | { code: "Error"; message: string };

/**
 * A score plugin as pure functions: PreScore computes per-pod state once from the feasible `nodes` (and, for the
 * plugins that look at the whole cluster, `cluster`; runScorePlugins always passes one, and a plugin called without
 * one takes the feasible nodes for the cluster); Score reads it per node.
 */
export interface ScorePlugin<S = unknown> {
  name: string;
  preScore(pod: KubeObject, nodes: NodeInfo[], cluster?: ClusterSnapshot): PreScoreStatus<S>;
  score(state: S, pod: KubeObject, info: NodeInfo): number;
  /** ScoreExtensions().NormalizeScore over the scores of `nodes`, in order; absent when raw scores are already 0..MaxNodeScore. */
  normalize?(scores: number[], state: S, nodes: NodeInfo[]): number[];
}

/** framework.PluginScore: the weighted score one plugin gave one node. */
export interface PluginScore {
  name: string;
  score: number;
}

/** framework.NodePluginScores. */
export interface NodePluginScores {
  name: string;
  scores: PluginScore[];
  totalScore: number;
}

export type ScoreResult = { ok: true; scores: NodePluginScores[] } | { ok: false; message: string };

/**
 * Default score weights of the 1.32 default profile (pkg/scheduler/apis/config/v1/default_plugins.go), in the
 * profile's order. A plugin without a configured weight gets 1, as the framework defaults it.
 */
export const DEFAULT_SCORE_PLUGIN_WEIGHTS: Readonly<Record<string, number>> = {
  TaintToleration: 3,
  NodeAffinity: 2,
  NodeResourcesFit: 1,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesBalancedAllocation: 1,
  ImageLocality: 1,
};

/**
 * prioritizeNodes without extenders: with no score plugins every node scores 1; otherwise PreScore, Score,
 * NormalizeScore and weighting as upstream. Errors carry upstream's wording. `cluster` is the cycle's snapshot
 * (every node, namespaces); without it the feasible nodes stand in for the whole cluster.
 */
export function runScorePlugins(
  pod: KubeObject,
  nodes: NodeInfo[],
  plugins: readonly ScorePlugin<any>[],
  weights: Readonly<Record<string, number>> = DEFAULT_SCORE_PLUGIN_WEIGHTS,
  cluster: ClusterSnapshot = snapshotOfNodes(nodes),
): ScoreResult {
  const names = nodes.map((n) => String(n.node?.metadata?.name ?? ""));
  if (plugins.length === 0) return { ok: true, scores: names.map((name) => ({ name, scores: [], totalScore: 1 })) };
  const perPlugin: { name: string; weight: number; scores: number[] }[] = [];
  for (const plugin of plugins) {
    const status = plugin.preScore(pod, nodes, cluster);
    if (status.code === "Skip") continue;
    if (status.code === "Error") return { ok: false, message: `running PreScore plugin "${plugin.name}": ${status.message}` };
    const raw = nodes.map((info) => plugin.score(status.state, pod, info));
    const scores = plugin.normalize ? plugin.normalize(raw, status.state, nodes) : raw;
    for (const score of scores) {
      if (score > MAX_NODE_SCORE || score < MIN_NODE_SCORE) {
        return {
          ok: false,
          message:
            `plugin "${plugin.name}" returns an invalid score ${score}, it should in the range of ` +
            `[${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`,
        };
      }
    }
    perPlugin.push({ name: plugin.name, weight: weights[plugin.name] || 1, scores });
  }
  return {
    ok: true,
    scores: names.map((name, i) => {
      const scores = perPlugin.map((p) => ({ name: p.name, score: p.scores[i] * p.weight }));
      return { name, scores, totalScore: scores.reduce((sum, s) => sum + s.score, 0) };
    }),
  };
}
