/**
 * NodeResourcesFit filter (pkg/scheduler/framework/plugins/noderesources/fit.go, fitsRequest) as of 1.32:
 * the pod count against allocatable `pods`, then cpu, memory, ephemeral-storage and scalar resources
 * against allocatable minus what the node's pods already request. Every shortfall is a reason; the status is
 * Unschedulable (preemption may help), never Unresolvable in 1.32.
 */
import type { KubeObject } from "../../../schema/types";
import { nodeAllocatable, nodeRequested, podRequestResource } from "./resource";
import { FIT, unschedulable, type FilterResult, type NodeInfo } from "./types";

export const ERR_REASON_TOO_MANY_PODS = "Too many pods";

/** framework.InsufficientResource, for callers (preemption, events) that need the numbers. */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: bigint;
  used: bigint;
  capacity: bigint;
}

/** fitsRequest: the resources the pod lacks on this node, in upstream's order. */
export function insufficientResources(pod: KubeObject, nodeInfo: NodeInfo): InsufficientResource[] {
  const request = podRequestResource(pod);
  const allocatable = nodeAllocatable(nodeInfo.node);
  const used = nodeRequested(nodeInfo.pods);
  const out: InsufficientResource[] = [];

  const podCount = BigInt(nodeInfo.pods.length);
  if (podCount + 1n > allocatable.allowedPodNumber) {
    out.push({
      resourceName: "pods",
      reason: ERR_REASON_TOO_MANY_PODS,
      requested: 1n,
      used: podCount,
      capacity: allocatable.allowedPodNumber,
    });
  }

  const check = (resourceName: string, requested: bigint, usedAmount: bigint, capacity: bigint) => {
    if (requested > 0n && requested > capacity - usedAmount) {
      out.push({ resourceName, reason: `Insufficient ${resourceName}`, requested, used: usedAmount, capacity });
    }
  };
  check("cpu", request.milliCPU, used.milliCPU, allocatable.milliCPU);
  check("memory", request.memory, used.memory, allocatable.memory);
  check("ephemeral-storage", request.ephemeralStorage, used.ephemeralStorage, allocatable.ephemeralStorage);
  // Upstream walks a Go map here (random order); reasons are counted, not ordered, so request order will do.
  for (const [name, amount] of request.scalar) {
    check(name, amount, used.scalar.get(name) ?? 0n, allocatable.scalar.get(name) ?? 0n);
  }
  return out;
}

/** NodeResourcesFit.Filter (no ignoredResources / ignoredResourceGroups configured). */
export function nodeResourcesFitFilter(pod: KubeObject, nodeInfo: NodeInfo): FilterResult {
  const missing = insufficientResources(pod, nodeInfo);
  return missing.length === 0 ? FIT : unschedulable(...missing.map((m) => m.reason));
}
