/**
 * framework.NodeInfo's Allocatable / Requested / NonZeroRequested, one resource at a time, as the resource score
 * plugins read them. Per-pod requests come from ../common/pod-requests.
 */
import type { KubeObject } from "../../../schema/types";
import type { NodeInfo } from "../common/node-info";
import { memoByObject } from "../common/memo";
import { resourceAmount, resourceList } from "../common/pod-requests";
import { nodeTotals } from "../filters/resource";

const allocatableAmounts = memoByObject((node: KubeObject) => {
  const list = resourceList(node?.status?.allocatable);
  return new Map([...list.keys()].map((name) => [name, resourceAmount(list, name)]));
});

/** NodeInfo.Allocatable for one resource, or undefined when status.allocatable does not list it. */
export const allocatableAmount = (node: KubeObject, name: string): bigint | undefined => allocatableAmounts(node).get(name);

/**
 * NodeInfo.Requested (`nonZero` false) or NodeInfo.NonZeroRequested (`nonZero` true; upstream keeps it only for cpu
 * and memory) for one resource: the per-pod amounts summed.
 */
export function nodeRequestedAmount(info: NodeInfo, name: string, nonZero: boolean): bigint {
  const t = nodeTotals(info.pods);
  switch (name) {
    case "cpu":
      return nonZero ? t.nonZeroMilliCPU : t.requested.milliCPU;
    case "memory":
      return nonZero ? t.nonZeroMemory : t.requested.memory;
    case "ephemeral-storage":
      return t.requested.ephemeralStorage;
    default:
      return t.requested.scalar.get(name) ?? 0n;
  }
}
