/**
 * The FailedScheduling message: framework.FitError.Error() (pkg/scheduler/framework/types.go) and the
 * DefaultPreemption PostFilter message appended to it. Format:
 * `0/N nodes are available: <PreFilterMsg>. <count reason, …>. preemption: <…>` — the per-node reasons are
 * counted and the "<count> <reason>" strings sorted as plain strings (so "10 …" sorts before "2 …", as upstream).
 */

/** Reasons DefaultPreemption records per node when it finds no candidate. */
export const PREEMPTION_NOT_HELPFUL = "Preemption is not helpful for scheduling";
export const NO_PREEMPTION_VICTIMS = "No preemption victims found for incoming pod.";
/** PodEligibleToPreemptOthers for `preemptionPolicy: Never`. */
export const NOT_ELIGIBLE_PREEMPTION_POLICY_NEVER = "not eligible due to preemptionPolicy=Never.";

export interface FitErrorInput {
  /** Every node considered (NumAllNodes). */
  numAllNodes: number;
  /** Each rejecting node's reasons (the explicit entries of NodeToStatus). */
  nodeReasons: Iterable<string[]>;
  /** Reasons counted once for each node absent from `nodeReasons` (NodeToStatus.AbsentNodesStatus). */
  absentNodesReasons?: string[];
  /** A PreFilter rejection; when set, per-node reasons are not repeated. */
  preFilterMsg?: string;
  /** The PostFilter (preemption) status message, appended as is. */
  postFilterMsg?: string;
}

/** FitError.Error(). */
export function fitErrorMessage(input: FitErrorInput): string {
  let message = `0/${input.numAllNodes} nodes are available:`;
  if (input.preFilterMsg) {
    message += ` ${input.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    let explicit = 0;
    for (const reasons of input.nodeReasons) {
      explicit++;
      for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    const absent = input.numAllNodes - explicit;
    if (absent > 0) {
      for (const reason of input.absentNodesReasons ?? []) counts.set(reason, (counts.get(reason) ?? 0) + absent);
    }
    const histogram = [...counts].map(([reason, count]) => `${count} ${reason}`).sort(byBytes);
    if (histogram.length > 0) message += ` ${histogram.join(", ")}.`;
  }
  if (input.postFilterMsg) message += ` ${input.postFilterMsg}`;
  return message;
}

/** Go's sort.Strings order (byte-wise; UTF-16 code units agree for the ASCII reasons we produce). */
const byBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * DefaultPreemption.PostFilter's message when no candidate was found: `preemption: ` + a FitError over the
 * nodes it examined (nodes it skipped count as "Preemption is not helpful for scheduling").
 */
export function preemptionFailureMessage(numAllNodes: number, nodeReasons: Iterable<string[]>): string {
  return `preemption: ${fitErrorMessage({ numAllNodes, nodeReasons, absentNodesReasons: [PREEMPTION_NOT_HELPFUL] })}`;
}

/** DefaultPreemption.PostFilter's message when the pod may not preempt (e.g. NOT_ELIGIBLE_PREEMPTION_POLICY_NEVER). */
export const preemptionIneligibleMessage = (reason: string): string => `preemption: ${reason}`;
