/**
 * Scheduler filter plugins (upstream 1.32 pkg/scheduler/framework/plugins) as pure
 * `(pod, nodeInfo) → FilterResult` functions, in the default profile's filter order, and the
 * FailedScheduling message builder.
 */
import type { KubeObject } from "../../../schema/types";
import { nodeAffinityFilter } from "./node-affinity";
import { nodeNameFilter } from "./node-name";
import { nodePortsFilter } from "./node-ports";
import { nodeResourcesFitFilter } from "./node-resources-fit";
import { nodeUnschedulableFilter } from "./node-unschedulable";
import { taintTolerationFilter } from "./taint-toleration";
import { FIT, type FilterFn, type FilterResult, type NodeInfo } from "./types";

export * from "./types";
export * from "./fit-error";
export * from "./node-affinity";
export * from "./node-name";
export * from "./node-ports";
export * from "./node-resources-fit";
export * from "./node-unschedulable";
export * from "./resource";
export * from "./taint-toleration";
export {
  findUntoleratedTaint,
  isExtendedResourceName,
  isScalarResourceName,
  nodeSelectorMatches,
  podRequests,
  resourceList,
  toleratesTaint,
  tolerationsTolerateTaint,
  type NodeSelectorRequirement,
  type NodeSelectorTerm,
  type ResourceList,
  type Taint,
  type Toleration,
} from "../common";

/** The default profile's Filter plugins we implement, in upstream's registration order. */
export const DEFAULT_FILTERS: ReadonlyArray<readonly [name: string, filter: FilterFn]> = [
  ["NodeUnschedulable", nodeUnschedulableFilter],
  ["NodeName", nodeNameFilter],
  ["TaintToleration", taintTolerationFilter],
  ["NodeAffinity", nodeAffinityFilter],
  ["NodePorts", nodePortsFilter],
  ["NodeResourcesFit", nodeResourcesFitFilter],
];

/**
 * RunFilterPlugins: the first plugin that rejects decides the node's status (upstream stops at the first
 * non-success unless it is collecting all failures for diagnosis, which the default scheduler does not).
 */
export function runFilters(pod: KubeObject, nodeInfo: NodeInfo, filters = DEFAULT_FILTERS): FilterResult {
  for (const [, filter] of filters) {
    const result = filter(pod, nodeInfo);
    if (!result.ok) return result;
  }
  return FIT;
}
