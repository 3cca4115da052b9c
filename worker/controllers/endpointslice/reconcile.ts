/**
 * Reconciler.Reconcile (k8s.io/endpointslice reconciler.go, 1.32) as a pure plan over one Service: desired
 * endpoints grouped by the set of ports they offer; existing slices keep the endpoints still desired (updated in
 * place), lose the rest, and are deleted when empty; leftover endpoints fill slices being updated (fullest first),
 * then the unchanged slice that comes closest to full, then new slices of at most `maxEndpointsPerSlice`; creates
 * become updates of slices that would be deleted; a Service with no endpoints keeps one empty placeholder slice.
 * Where upstream pops endpoints from a set in random order, pods are taken in name order.
 */
import type { KubeObject } from "../../../schema/types";
import { goJson } from "../history";
import { addressTypesForService, endpointPorts, endpointSliceLabels, newEndpointSlice, ownedBy, podToEndpoint, type AddressType } from "./desired";
import { LAST_CHANGE_TRIGGER_TIME, shouldPodBeInEndpoints } from "./pod-endpoints";

export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SlicePlan {
  create: KubeObject[];
  update: KubeObject[];
  delete: KubeObject[];
  /** Pods left out because their node is unknown (the Service is synced again later). */
  errors: string[];
}

/** EndpointSet's key (hashEndpoint): sorted addresses, hostname, targetRef namespace/name. */
const endpointKey = (ep: KubeObject) =>
  goJson([[...(ep.addresses ?? [])].sort(), ep.hostname ?? "", ep.targetRef?.namespace ?? "", ep.targetRef?.name ?? ""]);

/** NewPortMapKey: the ports in a canonical order. */
export const portMapKey = (ports: readonly KubeObject[]) =>
  goJson([...ports].map((p) => goJson(p)).sort());

const byPodName = (a: KubeObject, b: KubeObject) => (a.targetRef?.name < b.targetRef?.name ? -1 : a.targetRef?.name > b.targetRef?.name ? 1 : 0);

interface Desired {
  ports: KubeObject[];
  endpoints: Map<string, KubeObject>;
}

/** The desired endpoints of one address type, by port map. */
export function desiredByPortMap(svc: KubeObject, pods: readonly KubeObject[], nodes: ReadonlyMap<string, KubeObject>, addressType: AddressType, errors: string[]): Map<string, Desired> {
  const out = new Map<string, Desired>();
  for (const pod of [...pods].sort((a, b) => (a.metadata?.name < b.metadata?.name ? -1 : 1))) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(svc, pod);
    const key = portMapKey(ports);
    const node = nodes.get(pod.spec?.nodeName ?? "");
    if (!node && !svc.spec?.publishNotReadyAddresses) {
      errors.push(`skipping Pod ${pod.metadata?.name} for Service ${svc.metadata?.namespace}/${svc.metadata?.name}: Node ${pod.spec?.nodeName ?? ""} Not Found`);
      continue;
    }
    const ep = podToEndpoint(pod, node, svc, addressType);
    if (!ep.addresses.length) continue;
    if (!out.has(key)) out.set(key, { ports, endpoints: new Map() });
    out.get(key)!.endpoints.set(endpointKey(ep), ep);
  }
  return out;
}

/** Take the next desired endpoint (pod name order). */
function pop(desired: Map<string, KubeObject>): KubeObject {
  const [key, ep] = [...desired].sort(([, a], [, b]) => byPodName(a, b))[0];
  desired.delete(key);
  return ep;
}

/** reconcileByPortMapping. */
export function reconcileByPortMapping(svc: KubeObject, existing: readonly KubeObject[], desired: Desired, addressType: AddressType, max = MAX_ENDPOINTS_PER_SLICE) {
  const set = new Map(desired.endpoints);
  const byName = new Map<string, KubeObject>();
  const unchanged: string[] = [];
  const toUpdate: string[] = [];
  const toDelete: string[] = [];
  for (const slice of existing) {
    byName.set(slice.metadata.name, slice);
    const kept: KubeObject[] = [];
    let updated = false;
    for (const ep of slice.endpoints ?? []) {
      const want = set.get(endpointKey(ep));
      if (!want) continue;
      kept.push(want);
      if (goJson(want) !== goJson(ep)) updated = true;
      set.delete(endpointKey(ep));
    }
    const { labels, changed } = endpointSliceLabels(slice, svc);
    if (updated || kept.length !== (slice.endpoints ?? []).length) {
      if (!kept.length) toDelete.push(slice.metadata.name);
      else {
        byName.set(slice.metadata.name, { ...slice, metadata: { ...slice.metadata, labels }, endpoints: kept });
        toUpdate.push(slice.metadata.name);
      }
    } else if (changed) {
      byName.set(slice.metadata.name, { ...slice, metadata: { ...slice.metadata, labels } });
      toUpdate.push(slice.metadata.name);
    } else {
      unchanged.push(slice.metadata.name);
    }
  }
  // 2. Fill the slices being updated, fullest first.
  if (set.size && toUpdate.length) {
    const slices = toUpdate.map((n) => byName.get(n)!).sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const s of slices) {
      const eps = [...s.endpoints];
      while (set.size && eps.length < max) eps.push(pop(set));
      byName.set(s.metadata.name, { ...s, endpoints: eps });
    }
  }
  // 3. Then the unchanged slice closest to full, or new slices.
  const create: KubeObject[] = [];
  while (set.size) {
    let fill: KubeObject | undefined;
    if (set.size < max && unchanged.length) fill = sliceToFill(unchanged.map((n) => byName.get(n)!), set.size, max);
    const slice = fill ? { ...fill, endpoints: [...(fill.endpoints ?? [])] } : newEndpointSlice(svc, desired.ports, addressType);
    while (set.size && slice.endpoints.length < max) slice.endpoints.push(pop(set));
    if (fill) {
      byName.set(fill.metadata.name, slice);
      toUpdate.push(fill.metadata.name);
      unchanged.splice(unchanged.indexOf(fill.metadata.name), 1);
    } else {
      create.push(slice);
    }
  }
  return { create, update: toUpdate.map((n) => byName.get(n)!), delete: toDelete.map((n) => byName.get(n)!) };
}

/** getSliceToFill: the slice left closest to full after adding `n` endpoints. */
export function sliceToFill(slices: readonly KubeObject[], n: number, max: number): KubeObject | undefined {
  let closest = max;
  let best: KubeObject | undefined;
  for (const s of slices) {
    const diff = max - (n + (s.endpoints ?? []).length);
    if (diff >= 0 && diff < closest) {
      closest = diff;
      best = s;
      if (diff === 0) break;
    }
  }
  return best;
}

/** placeholderSliceCompare: of the metadata only namespace and labels count; same address type, no ports, no endpoints. */
const isSamePlaceholder = (a: KubeObject, b: KubeObject) =>
  a.metadata?.namespace === b.metadata?.namespace &&
  goJson(a.metadata?.labels ?? {}) === goJson(b.metadata?.labels ?? {}) &&
  a.addressType === b.addressType &&
  !(a.ports ?? []).length &&
  !(a.endpoints ?? []).length;

/** reconcileByAddressType and finalize's create → update conversion, without writes. */
export function reconcileAddressType(svc: KubeObject, pods: readonly KubeObject[], nodes: ReadonlyMap<string, KubeObject>, existing: readonly KubeObject[], addressType: AddressType, max = MAX_ENDPOINTS_PER_SLICE): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [], errors: [] };
  const existingByPortMap = new Map<string, KubeObject[]>();
  for (const slice of existing) {
    if (!ownedBy(slice, svc)) plan.delete.push(slice);
    else existingByPortMap.set(portMapKey(slice.ports ?? []), [...(existingByPortMap.get(portMapKey(slice.ports ?? [])) ?? []), slice]);
  }
  const desired = desiredByPortMap(svc, pods, nodes, addressType, plan.errors);
  for (const [key, d] of desired) {
    const r = reconcileByPortMapping(svc, existingByPortMap.get(key) ?? [], d, addressType, max);
    plan.create.push(...r.create);
    plan.update.push(...r.update);
    plan.delete.push(...r.delete);
  }
  for (const [key, slices] of existingByPortMap) if (!desired.has(key)) plan.delete.push(...slices);
  if (existing.length === plan.delete.length && plan.create.length === 0) {
    const placeholder = newEndpointSlice(svc, [], addressType);
    if (plan.delete.length === 1 && isSamePlaceholder(plan.delete[0], placeholder)) plan.delete = [];
    else plan.create.push(placeholder);
  }
  // finalize: rather than create one slice and delete another, reuse the name of the one being deleted.
  for (let i = 0; i < plan.delete.length && plan.create.length; ) {
    const gone = plan.delete[i];
    if (gone.addressType === addressType && ownedBy(gone, svc)) {
      const slice = plan.create.pop()!;
      const { generateName: _unused, ...meta } = slice.metadata;
      plan.update.push({ ...slice, metadata: { ...meta, name: gone.metadata.name, resourceVersion: gone.metadata.resourceVersion } });
      plan.delete.splice(i, 1);
    } else {
      i++;
    }
  }
  return plan;
}

/** Reconcile: every address type the Service has; slices of other types are deleted. */
export function reconcileSlices(svc: KubeObject, pods: readonly KubeObject[], nodes: ReadonlyMap<string, KubeObject>, existing: readonly KubeObject[], max = MAX_ENDPOINTS_PER_SLICE): SlicePlan {
  const types = addressTypesForService(svc);
  const plan: SlicePlan = { create: [], update: [], delete: existing.filter((s) => !types.includes(s.addressType)), errors: [] };
  for (const t of types) {
    const p = reconcileAddressType(svc, pods, nodes, existing.filter((s) => s.addressType === t), t, max);
    plan.create.push(...p.create);
    plan.update.push(...p.update);
    plan.delete.push(...p.delete);
    plan.errors.push(...p.errors);
  }
  return plan;
}

/** addTriggerTimeAnnotation: set (or, with no trigger time, clear) the annotation on a slice being written. */
export function withTriggerTime(slice: KubeObject, time: string | undefined): KubeObject {
  const annotations: Record<string, string> = { ...(slice.metadata?.annotations ?? {}) };
  if (time) annotations[LAST_CHANGE_TRIGGER_TIME] = time;
  else delete annotations[LAST_CHANGE_TRIGGER_TIME];
  return { ...slice, metadata: { ...slice.metadata, annotations } };
}
