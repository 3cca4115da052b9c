/**
 * Host selection (pkg/scheduler/schedule_one.go selectHost): the highest TotalScore wins; among equal highest
 * scores one is picked by reservoir sampling — the k-th tied node replaces the candidate when randomInt(k) === 0 —
 * so each tied node is chosen with probability 1/ties. randomInt is injected (Go's rand.Intn) so tests are
 * deterministic. Also returns the top `count` nodes with the selected host first (ScheduleResult.NodeScoreList
 * feeds FailedScheduling diagnostics and preemption).
 */
import type { NodePluginScores } from "./run-score-plugins";

/** numberOfHighestScoredNodesToReport. */
export const NUMBER_OF_HIGHEST_SCORED_NODES_TO_REPORT = 3;

/** rand.Intn: an integer in [0, n). */
export type RandomInt = (n: number) => number;

export const mathRandomInt: RandomInt = (n) => Math.floor(Math.random() * n);

export type SelectHostResult =
  | { ok: true; host: string; top: NodePluginScores[] }
  | { ok: false; message: "empty priorityList" };

/**
 * Upstream walks a max-heap, whose order among equal scores is an implementation detail; here ties are visited in
 * input order (a stable sort), which only changes which random draw picks which node, not the distribution.
 */
export function selectHost(
  list: readonly NodePluginScores[],
  randomInt: RandomInt = mathRandomInt,
  count = NUMBER_OF_HIGHEST_SCORED_NODES_TO_REPORT,
): SelectHostResult {
  if (list.length === 0) return { ok: false, message: "empty priorityList" };
  const sorted = list
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => b.entry.totalScore - a.entry.totalScore || a.index - b.index)
    .map((x) => x.entry);
  const max = sorted[0].totalScore;
  let ties = 1;
  let selected = 0;
  while (ties < sorted.length && sorted[ties].totalScore === max) {
    ties++;
    if (randomInt(ties) === 0) selected = ties - 1;
  }
  const top = sorted.slice(0, Math.max(count, ties));
  [top[0], top[selected]] = [top[selected], top[0]];
  return { ok: true, host: top[0].name, top: top.slice(0, count) };
}
