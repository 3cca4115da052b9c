/**
 * The scheduler's integer framework.Resource (cpu in milli-units, everything else in units, rounded up) that
 * NodeResourcesFit's filter compares: the incoming pod's request, NodeInfo.Allocatable and NodeInfo.Requested.
 * Requests come from ../common/pod-requests without the non-zero defaults, as upstream's filter reads them.
 */
import type { KubeObject } from "../../../schema/types";
import { quantityMilliValue, quantityValue } from "../../../schema/validation/quantity-exact";
import { memoByObject } from "../common/memo";
import { isScalarResourceName, podRequests, resourceAmount, resourceList, type ResourceList } from "../common/pod-requests";

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

/**
 * The incoming pod's request (computePodResourceRequest); `pods` is not a request and is ignored. Shared
 * (memoized per pod object), like the two below: read, never change.
 */
export const podRequestResource = memoByObject((pod: KubeObject): Resource => {
  const r = addToResource(emptyResource(), podRequests(pod));
  r.allowedPodNumber = 0n;
  return r;
});

/** NodeInfo.Allocatable: `status.allocatable` in scheduler units. */
export const nodeAllocatable = memoByObject(
  (node: KubeObject): Resource => addToResource(emptyResource(), resourceList(node.status?.allocatable)),
);

/**
 * NodeInfo.Requested and NodeInfo.NonZeroRequested (cpu and memory with the 100m / 200Mi defaults) of a pod
 * list, as upstream's NodeInfo keeps them: kept per list, pods appended since the last call (AssumePod) added on,
 * a list that shrank summed afresh. Shared: read, never change.
 */
export interface NodeTotals {
  count: number;
  requested: Resource;
  nonZeroMilliCPU: bigint;
  nonZeroMemory: bigint;
}

const totals = new WeakMap<readonly KubeObject[], NodeTotals>();

export function nodeTotals(pods: readonly KubeObject[]): NodeTotals {
  let t = totals.get(pods);
  if (!t || t.count > pods.length) totals.set(pods, (t = { count: 0, requested: emptyResource(), nonZeroMilliCPU: 0n, nonZeroMemory: 0n }));
  for (; t.count < pods.length; t.count++) {
    const pod = pods[t.count];
    const own = podRequestResource(pod);
    const r = t.requested;
    r.milliCPU += own.milliCPU;
    r.memory += own.memory;
    r.ephemeralStorage += own.ephemeralStorage;
    for (const [name, amount] of own.scalar) r.scalar.set(name, (r.scalar.get(name) ?? 0n) + amount);
    const nonZero = podRequests(pod, true);
    t.nonZeroMilliCPU += resourceAmount(nonZero, "cpu");
    t.nonZeroMemory += resourceAmount(nonZero, "memory");
  }
  return t;
}

/** NodeInfo.Requested: the summed requests of the pods already on the node (shared: read, never change). */
export const nodeRequested = (pods: readonly KubeObject[]): Resource => nodeTotals(pods).requested;
