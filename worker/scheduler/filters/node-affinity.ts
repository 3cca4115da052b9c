/**
 * NodeAffinity filter (pkg/scheduler/framework/plugins/nodeaffinity) over the required part only:
 * `spec.nodeSelector` and `requiredDuringSchedulingIgnoredDuringExecution`, as
 * k8s.io/component-helpers/scheduling/corev1/nodeaffinity GetRequiredNodeAffinity; term matching itself is
 * ../common/node-selector.
 */
import type { KubeObject } from "../../../schema/types";
import { nodeSelectorMatches } from "../common/node-selector";
import { FIT, unresolvable, type FilterResult, type NodeInfo } from "./types";

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

/**
 * RequiredNodeAffinity.Match: every `spec.nodeSelector` entry equals the node's label, and, when the pod has
 * `requiredDuringSchedulingIgnoredDuringExecution`, one of its terms matches.
 */
export function requiredNodeAffinityMatches(pod: KubeObject, node: KubeObject): boolean {
  const labels: Record<string, string> = node.metadata?.labels ?? {};
  const selector: Record<string, string> = pod.spec?.nodeSelector ?? {};
  for (const [key, value] of Object.entries(selector)) {
    if (!Object.prototype.hasOwnProperty.call(labels, key) || labels[key] !== value) return false;
  }
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return required == null || nodeSelectorMatches(required.nodeSelectorTerms, node);
}

/** NodeAffinity.Filter (without the scheduler profile's `addedAffinity`, which we do not configure). */
export function nodeAffinityFilter(pod: KubeObject, nodeInfo: NodeInfo): FilterResult {
  return requiredNodeAffinityMatches(pod, nodeInfo.node) ? FIT : unresolvable(ERR_REASON_POD);
}
