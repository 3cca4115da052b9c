/**
 * NodeAffinity filter (pkg/scheduler/framework/plugins/nodeaffinity) over the required part only:
 * `spec.nodeSelector` and `requiredDuringSchedulingIgnoredDuringExecution`, as
 * k8s.io/component-helpers/scheduling/corev1/nodeaffinity GetRequiredNodeAffinity; term matching itself is
 * ../common/node-selector.
 */
import type { KubeObject } from "../../../schema/types";
import { requiredNodeAffinityMatches } from "../common/node-selector";
import { FIT, unresolvable, type FilterResult, type NodeInfo } from "./types";

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

/** RequiredNodeAffinity.Match (it lives in ../common: PodTopologySpread's nodeAffinityPolicy reads it too). */
export { requiredNodeAffinityMatches };

/** NodeAffinity.Filter (without the scheduler profile's `addedAffinity`, which we do not configure). */
export function nodeAffinityFilter(pod: KubeObject, nodeInfo: NodeInfo): FilterResult {
  return requiredNodeAffinityMatches(pod, nodeInfo.node) ? FIT : unresolvable(ERR_REASON_POD);
}
