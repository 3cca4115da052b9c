/**
 * framework.NodeInfo's Allocatable / Requested / NonZeroRequested, one resource at a time, as the resource score
 * plugins read them. Per-pod requests come from ../common/pod-requests.
 */
import type { KubeObject } from "../../../schema/types";
import type { NodeInfo } from "../common/node-info";
import { podRequests, resourceAmount, resourceList } from "../common/pod-requests";

/** NodeInfo.Allocatable for one resource, or undefined when status.allocatable does not list it. */
export function allocatableAmount(node: KubeObject, name: string): bigint | undefined {
  const list = resourceList(node?.status?.allocatable);
  return list.has(name) ? resourceAmount(list, name) : undefined;
}

/**
 * NodeInfo.Requested (`nonZero` false) or NodeInfo.NonZeroRequested (`nonZero` true; upstream keeps it only for cpu
 * and memory) for one resource: the per-pod amounts summed.
 */
export function nodeRequestedAmount(info: NodeInfo, name: string, nonZero: boolean): bigint {
  let sum = 0n;
  for (const pod of info.pods) sum += resourceAmount(podRequests(pod, nonZero), name);
  return sum;
}
