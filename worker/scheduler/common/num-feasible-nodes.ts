/**
 * How many feasible nodes one scheduling cycle looks for before it stops filtering (pkg/scheduler/schedule_one.go
 * numFeasibleNodesToFind, 1.32): all of them in a cluster of fewer than 100 nodes; otherwise percentageOfNodesToScore
 * of the cluster, adaptive when unset (0) — 50% minus 1% per 125 nodes, never below 5% — and never fewer than 100.
 */

/** minFeasibleNodesToFind. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** minFeasibleNodesPercentageToFind. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * numFeasibleNodesToFind with Go's int32 arithmetic (integer division). `percentageOfNodesToScore` is the profile's
 * or the scheduler's setting; 0 (the default, DefaultPercentageOfNodesToScore) selects the adaptive percentage.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}
