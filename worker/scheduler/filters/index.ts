/**
 * Scheduler filter plugins (upstream 1.32 pkg/scheduler/framework/plugins) as pure
 * `(pod, nodeInfo, cycleState) → FilterResult` functions, in the default profile's filter order, the PreFilter
 * phase that builds the cycle state the cluster-wide plugins (PodTopologySpread, InterPodAffinity) read, and the
 * FailedScheduling message builder.
 */
import type { KubeObject } from "../../../schema/types";
import { interPodAffinityFilter } from "./inter-pod-affinity";
import { nodeAffinityFilter } from "./node-affinity";
import { nodeNameFilter } from "./node-name";
import { nodePortsFilter } from "./node-ports";
import { nodeResourcesFitFilter } from "./node-resources-fit";
import { nodeUnschedulableFilter } from "./node-unschedulable";
import { podTopologySpreadFilter } from "./pod-topology-spread";
import { taintTolerationFilter } from "./taint-toleration";
import { FIT, type CycleState, type FilterFn, type FilterResult, type NodeInfo } from "./types";

export * from "./types";
export * from "./fit-error";
export * from "./inter-pod-affinity";
export * from "./node-affinity";
export * from "./node-name";
export * from "./node-ports";
export * from "./node-resources-fit";
export * from "./node-unschedulable";
export * from "./pod-topology-spread";
export * from "./pre-filter";
export * from "./resource";
export * from "./taint-toleration";
export {
  clusterSnapshot,
  findUntoleratedTaint,
  isExtendedResourceName,
  isScalarResourceName,
  nodeSelectorMatches,
  podRequests,
  resourceList,
  toleratesTaint,
  tolerationsTolerateTaint,
  type ClusterSnapshot,
  type NodeSelectorRequirement,
  type NodeSelectorTerm,
  type ResourceList,
  type Taint,
  type Toleration,
} from "../common";

/**
 * The default profile's Filter plugins we implement, in upstream's registration order (the volume plugins, which
 * sit between NodeResourcesFit and PodTopologySpread upstream, are not implemented).
 */
export const DEFAULT_FILTERS: ReadonlyArray<readonly [name: string, filter: FilterFn]> = [
  ["NodeUnschedulable", nodeUnschedulableFilter],
  ["NodeName", nodeNameFilter],
  ["TaintToleration", taintTolerationFilter],
  ["NodeAffinity", nodeAffinityFilter],
  ["NodePorts", nodePortsFilter],
  ["NodeResourcesFit", nodeResourcesFitFilter],
  ["PodTopologySpread", podTopologySpreadFilter],
  ["InterPodAffinity", interPodAffinityFilter],
];

/**
 * RunFilterPlugins: the first plugin that rejects decides the node's status (upstream stops at the first
 * non-success unless it is collecting all failures for diagnosis, which the default scheduler does not).
 * `state` is `runPreFilters(pod, snapshot).state` for this pod and cycle; without it PodTopologySpread and
 * InterPodAffinity behave as if their PreFilter had skipped, i.e. they check nothing.
 */
export function runFilters(pod: KubeObject, nodeInfo: NodeInfo, filters = DEFAULT_FILTERS, state: CycleState = {}): FilterResult {
  for (const [, filter] of filters) {
    const result = filter(pod, nodeInfo, state);
    if (!result.ok) return result;
  }
  return FIT;
}
