/**
 * Score ranges and DefaultNormalizeScore (pkg/scheduler/framework/interface.go,
 * pkg/scheduler/framework/plugins/helper/normalize_score.go).
 */

/** framework.MaxNodeScore: the highest score a plugin may give a node after normalization. */
export const MAX_NODE_SCORE = 100;
/** framework.MinNodeScore. */
export const MIN_NODE_SCORE = 0;

/** framework.NodeScore. */
export interface NodeScore {
  name: string;
  score: number;
}

/**
 * helper.DefaultNormalizeScore: scales raw scores from [0, max(scores)] to [0, maxPriority] with int64 division
 * (truncating); `reverse` subtracts the result from maxPriority. When every score is 0 the scores stay 0, or all
 * become maxPriority when reversed. Inputs are assumed non-negative integers, as upstream.
 */
export function defaultNormalizeScore(scores: number[], reverse: boolean, maxPriority = MAX_NODE_SCORE): number[] {
  const maxCount = scores.reduce((m, s) => (s > m ? s : m), 0);
  if (maxCount === 0) return scores.map((s) => (reverse ? maxPriority : s));
  return scores.map((s) => {
    const scaled = Math.trunc((maxPriority * s) / maxCount);
    return reverse ? maxPriority - scaled : scaled;
  });
}
