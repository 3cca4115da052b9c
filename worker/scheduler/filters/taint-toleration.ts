/**
 * TaintToleration filter (pkg/scheduler/framework/plugins/tainttoleration); toleration matching itself is
 * ../common/tolerations.
 */
import type { KubeObject } from "../../../schema/types";
import { findUntoleratedTaint, type Taint } from "../common/tolerations";
import { FIT, unresolvable, type FilterResult, type NodeInfo } from "./types";

/** helper.DoNotScheduleTaintsFilterFunc: the effects a pod must tolerate to be scheduled. */
export const isDoNotScheduleTaint = (taint: Taint): boolean =>
  taint.effect === "NoSchedule" || taint.effect === "NoExecute";

/** `node(s) had untolerated taint {key: value}` — upstream prints the value even when empty. */
export const untoleratedTaintReason = (taint: Taint): string =>
  `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`;

/** TaintToleration.Filter: every NoSchedule and NoExecute taint of the node must be tolerated. */
export function taintTolerationFilter(pod: KubeObject, nodeInfo: NodeInfo): FilterResult {
  const taint = findUntoleratedTaint(nodeInfo.node.spec?.taints, pod.spec?.tolerations, isDoNotScheduleTaint);
  return taint ? unresolvable(untoleratedTaintReason(taint)) : FIT;
}
