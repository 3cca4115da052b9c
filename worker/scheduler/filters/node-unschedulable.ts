/** NodeUnschedulable filter (pkg/scheduler/framework/plugins/nodeunschedulable). */
import type { KubeObject } from "../../../schema/types";
import { tolerationsTolerateTaint } from "../common/tolerations";
import { FIT, unresolvable, type FilterResult, type NodeInfo } from "./types";

export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";

/** v1.TaintNodeUnschedulable: the taint whose toleration also tolerates `spec.unschedulable`. */
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

/**
 * A cordoned node (`spec.unschedulable: true`) rejects pods unless they tolerate the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint (as DaemonSet pods do).
 */
export function nodeUnschedulableFilter(pod: KubeObject, nodeInfo: NodeInfo): FilterResult {
  if (nodeInfo.node.spec?.unschedulable !== true) return FIT;
  const tolerated = tolerationsTolerateTaint(pod.spec?.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: "NoSchedule" });
  return tolerated ? FIT : unresolvable(ERR_REASON_UNSCHEDULABLE);
}
