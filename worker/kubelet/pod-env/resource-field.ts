/**
 * Downward API resource references (pkg/api/v1/resource: ExtractContainerResourceValue,
 * MergeContainerResourceLimits, findContainerInPod; the kubelet's defaultPodLimitsForDownwardAPI): a container's
 * requests or limits of cpu, memory, ephemeral-storage or hugepages-*, divided by the divisor and rounded up;
 * a missing cpu/memory/ephemeral-storage limit reads as the node's allocatable.
 */
import {
  parseExactQuantity,
  quantityMilliValue,
  quantityValue,
  type Quantity,
} from "../../../schema/validation/quantity-exact";
import { isObj, list, str, type Container, type Got, type Pod } from "./types";

export interface ResourceFieldRef {
  containerName?: string;
  resource?: string;
  divisor?: unknown;
}

/** Node allocatable (or capacity) as on the Node object: resource name → quantity. */
export type ResourceList = Record<string, unknown>;

const ZERO: Quantity = { nanos: 0n, format: "DecimalSI" };
const ONE: Quantity = { nanos: 1_000_000_000n, format: "DecimalSI" };
const LIMIT_DEFAULTED = ["cpu", "memory", "ephemeral-storage"];

const quantityOf = (rl: unknown, name: string): Quantity =>
  (isObj(rl) ? parseExactQuantity(rl[name]) : undefined) ?? ZERO;

/** ceil(a / b) as int64(math.Ceil(float64(a)/float64(b))) does for the values quantities hold. */
function ceilDiv(a: bigint, b: bigint): string {
  if (b === 0n) return "0";
  const q = a / b;
  return String(a % b !== 0n && a > 0n === b > 0n ? q + 1n : q);
}

/** MergeContainerResourceLimits: a copy whose missing or zero cpu/memory/ephemeral-storage limits are the node's. */
export function mergeContainerResourceLimits(container: Container, allocatable: ResourceList): Container {
  const limits: Record<string, unknown> = { ...(isObj(container.resources?.limits) ? container.resources.limits : {}) };
  for (const name of LIMIT_DEFAULTED) {
    const q = parseExactQuantity(limits[name]);
    if ((q === undefined || q.nanos === 0n) && allocatable[name] !== undefined) limits[name] = allocatable[name];
  }
  return { ...container, resources: { ...(isObj(container.resources) ? container.resources : {}), limits } };
}

/** ExtractContainerResourceValue (a zero divisor means 1). */
export function extractContainerResourceValue(ref: ResourceFieldRef, container: Container): Got<string> {
  const parsed = parseExactQuantity(ref.divisor);
  const divisor = parsed && parsed.nanos !== 0n ? parsed : ONE;
  const resource = str(ref.resource);
  const dot = resource.indexOf(".");
  const field = resource.slice(0, dot);
  const name = resource.slice(dot + 1);
  if (dot > 0 && (field === "limits" || field === "requests")) {
    const q = quantityOf(container.resources?.[field], name);
    if (name === "cpu") return { ok: true, value: ceilDiv(quantityMilliValue(q), quantityMilliValue(divisor)) };
    if (name === "memory" || name === "ephemeral-storage" || name.startsWith("hugepages-")) {
      return { ok: true, value: ceilDiv(quantityValue(q), quantityValue(divisor)) };
    }
  }
  return { ok: false, message: `unsupported container resource : ${resource}` };
}

/** findContainerInPod: app containers first, then init containers. */
export function findContainerInPod(pod: Pod, name: string): Got<Container> {
  const found = [...list(pod.spec?.containers), ...list(pod.spec?.initContainers)].find((c) => c.name === name);
  return found ? { ok: true, value: found } : { ok: false, message: `container ${name} not found` };
}

/**
 * The value of a resourceFieldRef: of `container` itself when the reference names no container (environment
 * variables), else of the named container of the pod; limits defaulted from `allocatable` either way.
 */
export function resourceFieldValue(
  pod: Pod,
  ref: ResourceFieldRef,
  allocatable: ResourceList,
  container?: Container,
): Got<string> {
  const name = str(ref.containerName);
  const target = name || !container ? findContainerInPod(pod, name) : { ok: true as const, value: container };
  if (!target.ok) return target;
  return extractContainerResourceValue(ref, mergeContainerResourceLimits(target.value, allocatable));
}
