/**
 * TaintToleration filter (pkg/scheduler/framework/plugins/tainttoleration); toleration matching itself is
 * ../common/tolerations.
 */
import type { KubeObject } from "../../../schema/types";
import { findUntoleratedTaint, isDoNotScheduleTaint, type Taint } from "../common/tolerations";
import { FIT, unresolvable, type FilterResult, type NodeInfo } from "./types";

export { isDoNotScheduleTaint };

/** `node(s) had untolerated taint {key: value}` — upstream prints the value even when empty. */
export const untoleratedTaintReason = (taint: Taint): string =>
  `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`;

/** TaintToleration.Filter: every NoSchedule and NoExecute taint of the node must be tolerated. */
export function taintTolerationFilter(pod: KubeObject, nodeInfo: NodeInfo): FilterResult {
  const taint = findUntoleratedTaint(nodeInfo.node.spec?.taints, pod.spec?.tolerations, isDoNotScheduleTaint);
  return taint ? unresolvable(untoleratedTaintReason(taint)) : FIT;
}
