/**
 * A pod's effective resource requests, shared by NodeResourcesFit's filter and the resource score plugins:
 * k8s.io/component-helpers/resource PodRequests (1.32, pod-level resources and in-place resize off, as by
 * default) with the scheduler's optional non-zero defaults (pkg/scheduler/util/pod_resources.go). Quantities
 * are summed exactly and converted once (cpu → MilliValue, everything else → Value, both rounded up).
 */
import type { KubeObject } from "../../../schema/types";
import { isQualifiedName } from "../../../schema/validation/names";
import { memoByObject } from "./memo";
import {
  addExact,
  compareExact,
  parseExactQuantity,
  quantityMilliValue,
  quantityValue,
  type Quantity,
} from "../../../schema/validation/quantity-exact";

/** v1.ResourceList with exact quantities. */
export type ResourceList = Map<string, Quantity>;

/** schedutil.DefaultMilliCPURequest: 0.1 core for a container that requests no cpu. */
export const DEFAULT_MILLI_CPU_REQUEST = 100n;
/** schedutil.DefaultMemoryRequest: 200 MiB for a container that requests no memory. */
export const DEFAULT_MEMORY_REQUEST = 200n * 1024n * 1024n;

const NON_MISSING: ReadonlyArray<[string, Quantity]> = [
  ["cpu", { nanos: DEFAULT_MILLI_CPU_REQUEST * 1_000_000n, format: "DecimalSI" }],
  ["memory", { nanos: DEFAULT_MEMORY_REQUEST * 1_000_000_000n, format: "DecimalSI" }],
];

/** v1helper.IsPrefixedNativeResource. */
const isPrefixedNativeResource = (name: string): boolean => name.includes("kubernetes.io/");

/** v1helper.IsExtendedResourceName: outside the kubernetes.io namespace, and `requests.<name>` is a qualified name. */
export function isExtendedResourceName(name: string): boolean {
  const native = !name.includes("/") || isPrefixedNativeResource(name);
  if (native || name.startsWith("requests.")) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** schedutil.IsScalarResourceName: extended, hugepages-*, prefixed native and attachable-volumes-* resources. */
export const isScalarResourceName = (name: string): boolean =>
  isExtendedResourceName(name) ||
  name.startsWith("hugepages-") ||
  isPrefixedNativeResource(name) ||
  name.startsWith("attachable-volumes-");

/** A wire ResourceList (`resources.requests`, `overhead`, `allocatable`); entries that do not parse are dropped. */
export function resourceList(raw: unknown): ResourceList {
  const list: ResourceList = new Map();
  if (raw === null || typeof raw !== "object") return list;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const q = parseExactQuantity(value);
    if (q) list.set(name, q);
  }
  return list;
}

/** addResourceList: into += add, per resource. */
function addInto(into: ResourceList, add: ResourceList): void {
  for (const [name, q] of add) into.set(name, into.has(name) ? addExact(into.get(name)!, q) : q);
}

/** maxResourceList: into = max(into, other), per resource. */
function maxInto(into: ResourceList, other: ResourceList): void {
  for (const [name, q] of other) if (!into.has(name) || compareExact(q, into.get(name)!) > 0) into.set(name, q);
}

/** applyNonMissing: a missing cpu / memory request becomes the default; an explicit "0" stays 0. */
function containerRequests(container: KubeObject, nonMissing: boolean): ResourceList {
  const reqs = resourceList(container?.resources?.requests);
  if (nonMissing) for (const [name, q] of NON_MISSING) if (!reqs.has(name)) reqs.set(name, q);
  return reqs;
}

/**
 * PodRequests: the sum of the regular containers plus every sidecar (init container with restartPolicy
 * Always), raised per resource to the largest init-time footprint — an init container runs beside the sidecars
 * declared before it (KEP-753) — then `spec.overhead` added. `nonMissing` (PodResourcesOptions
 * NonMissingContainerRequests) gives each container without a cpu / memory request 100m / 200Mi: upstream does
 * this only for scoring (NodeResourcesFit's LeastAllocated and NodeInfo.NonZeroRequested), never for the filter.
 * The list is shared (memoized per pod object): read it, never change it.
 */
export function podRequests(pod: KubeObject, nonMissing = false): ResourceList {
  return nonMissing ? podRequestsNonMissing(pod) : podRequestsAsWritten(pod);
}

/** The requests read-only: memoized per pod object (./memo). */
const podRequestsAsWritten = memoByObject((pod: KubeObject) => computePodRequests(pod, false));
const podRequestsNonMissing = memoByObject((pod: KubeObject) => computePodRequests(pod, true));

function computePodRequests(pod: KubeObject, nonMissing: boolean): ResourceList {
  const spec = pod?.spec ?? {};
  const reqs: ResourceList = new Map();
  for (const c of spec.containers ?? []) addInto(reqs, containerRequests(c, nonMissing));
  const sidecars: ResourceList = new Map();
  const initPeak: ResourceList = new Map();
  for (const c of spec.initContainers ?? []) {
    const own = containerRequests(c, nonMissing);
    const footprint: ResourceList = new Map();
    if (c?.restartPolicy === "Always") {
      addInto(reqs, own);
      addInto(sidecars, own);
      addInto(footprint, sidecars);
    } else {
      addInto(footprint, own);
      addInto(footprint, sidecars);
    }
    maxInto(initPeak, footprint);
  }
  maxInto(reqs, initPeak);
  addInto(reqs, resourceList(spec.overhead));
  return reqs;
}

/** The scheduler's integer for a resource: MilliValue for cpu, Value for everything else (0 when absent). */
export function resourceAmount(list: ResourceList, name: string): bigint {
  const q = list.get(name);
  if (!q) return 0n;
  return name === "cpu" ? quantityMilliValue(q) : quantityValue(q);
}
