/**
 * The scheduler's integer framework.Resource (cpu in milli-units, everything else in units, rounded up) that
 * NodeResourcesFit's filter compares: the incoming pod's request, NodeInfo.Allocatable and NodeInfo.Requested.
 * Requests come from ../common/pod-requests without the non-zero defaults, as upstream's filter reads them.
 */
import type { KubeObject } from "../../../schema/types";
import { quantityMilliValue, quantityValue } from "../../../schema/validation/quantity-exact";
import { isScalarResourceName, podRequests, resourceList, type ResourceList } from "../common/pod-requests";

/** framework.Resource: cpu in millicores, memory and ephemeral-storage in bytes, scalars in units. */
export interface Resource {
  milliCPU: bigint;
  memory: bigint;
  ephemeralStorage: bigint;
  /** Allocatable `pods`; 0 on a request. */
  allowedPodNumber: bigint;
  scalar: Map<string, bigint>;
}

export const emptyResource = (): Resource => ({
  milliCPU: 0n,
  memory: 0n,
  ephemeralStorage: 0n,
  allowedPodNumber: 0n,
  scalar: new Map(),
});

/** Resource.Add: a ResourceList in the scheduler's integer units (MilliValue for cpu, Value otherwise). */
export function addToResource(r: Resource, list: ResourceList): Resource {
  for (const [name, q] of list) {
    switch (name) {
      case "cpu":
        r.milliCPU += quantityMilliValue(q);
        break;
      case "memory":
        r.memory += quantityValue(q);
        break;
      case "ephemeral-storage":
        r.ephemeralStorage += quantityValue(q);
        break;
      case "pods":
        r.allowedPodNumber += quantityValue(q);
        break;
      default:
        if (isScalarResourceName(name)) r.scalar.set(name, (r.scalar.get(name) ?? 0n) + quantityValue(q));
    }
  }
  return r;
}

/** The incoming pod's request (computePodResourceRequest); `pods` is not a request and is ignored. */
export function podRequestResource(pod: KubeObject): Resource {
  const r = addToResource(emptyResource(), podRequests(pod));
  r.allowedPodNumber = 0n;
  return r;
}

/** NodeInfo.Allocatable: `status.allocatable` in scheduler units. */
export const nodeAllocatable = (node: KubeObject): Resource =>
  addToResource(emptyResource(), resourceList(node.status?.allocatable));

/** NodeInfo.Requested: the summed requests of the pods already on the node. */
export function nodeRequested(pods: KubeObject[]): Resource {
  const r = emptyResource();
  for (const pod of pods) addToResource(r, podRequests(pod));
  r.allowedPodNumber = 0n;
  return r;
}
