/**
 * The subsets of a Service's core/v1 Endpoints as the endpoints controller builds them (pkg/controller/endpoint
 * and pkg/api/v1/endpoints RepackSubsets, 1.32): each pod that belongs in the endpoints contributes its address
 * (of the Service's IP family) once per Service port it offers — ready, or not ready unless
 * publishNotReadyAddresses —; then addresses are regrouped by the exact set of ports they offer (not ready wins
 * over ready for the same address and port) and sorted; past 1000 addresses the Endpoints is truncated, ready
 * addresses first.
 *
 * Upstream sorts subsets and ports by an md5 of Go's spew dump; here ports sort by name, port, protocol and
 * subsets by their JSON: the same sets, a stable order.
 */
import type { KubeObject } from "../../../schema/types";
import { goJson } from "../history";
import { findPort, isIPv6, isPodReady, isServiceIPSet, podIPs, shouldPodBeInEndpoints, shouldSetHostname } from "../endpointslice/pod-endpoints";

/** maxCapacity and the over-capacity annotation (v1.EndpointsOverCapacity = "truncated"). */
export const MAX_CAPACITY = 1000;
export const OVER_CAPACITY_ANNOTATION = "endpoints.kubernetes.io/over-capacity";

/** podToEndpointAddressForService: the pod's IP of the Service's (first) family, nodeName, targetRef; hostname when published. */
export function podToEndpointAddress(svc: KubeObject, pod: KubeObject): KubeObject | undefined {
  let v6: boolean;
  const families: string[] = svc.spec?.ipFamilies ?? [];
  if (families.length) v6 = families[0] === "IPv6";
  else if (isServiceIPSet(svc)) v6 = isIPv6(svc.spec.clusterIP);
  else v6 = isIPv6(pod.status?.podIP ?? "");
  const ip = podIPs(pod).find((a) => isIPv6(a) === v6);
  if (!ip) return undefined;
  const address: KubeObject = { ip, targetRef: { kind: "Pod", namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid } };
  // Upstream always sets nodeName (empty for an unbound pod, which Endpoints validation would refuse).
  if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
  if (shouldSetHostname(pod, svc)) address.hostname = pod.spec.hostname;
  return address;
}

/** One pod's subset per port (addEndpointSubset). */
interface RawSubset {
  address: KubeObject;
  ready: boolean;
  /** undefined: a headless Service without ports. */
  port?: KubeObject;
}

/** The raw, unpacked subsets of the Service's pods. */
export function rawSubsets(svc: KubeObject, pods: readonly KubeObject[]): RawSubset[] {
  const tolerateUnready = !!svc.spec?.publishNotReadyAddresses;
  const out: RawSubset[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const address = podToEndpointAddress(svc, pod);
    if (!address) continue;
    const ready = tolerateUnready || isPodReady(pod);
    const ports: KubeObject[] = svc.spec?.ports ?? [];
    if (!ports.length) {
      if (svc.spec?.clusterIP === "None") out.push({ address, ready });
      continue;
    }
    for (const sp of ports) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: KubeObject = { name: sp.name ?? "", port, protocol: sp.protocol ?? "TCP" };
      if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
      out.push({ address, ready, port: ep });
    }
  }
  return out;
}

const addressKey = (a: KubeObject) => `${a.ip}\0${a.targetRef?.uid ?? ""}`;
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const byIPAndUID = (a: KubeObject, b: KubeObject) => cmp(a.ip, b.ip) || cmp(a.targetRef?.uid ?? "", b.targetRef?.uid ?? "");
const byPort = (a: KubeObject, b: KubeObject) => cmp(a.name ?? "", b.name ?? "") || cmp(a.port ?? 0, b.port ?? 0) || cmp(a.protocol ?? "", b.protocol ?? "");

/** RepackSubsets: addresses grouped by the exact set of ports they offer; sorted (SortSubsets). */
export function repackSubsets(raw: readonly RawSubset[]): KubeObject[] {
  const addresses = new Map<string, KubeObject>();
  // port key → (address key → ready); "" is the no-port sentinel.
  const portReady = new Map<string, { port?: KubeObject; ready: Map<string, boolean> }>();
  for (const r of raw) {
    const ak = addressKey(r.address);
    if (!addresses.has(ak)) addresses.set(ak, r.address);
    const pk = r.port ? goJson(r.port) : "";
    if (!portReady.has(pk)) portReady.set(pk, { port: r.port, ready: new Map() });
    const m = portReady.get(pk)!.ready;
    // Not ready wins: a recorded not-ready state stays.
    if (!m.has(ak) || m.get(ak)) m.set(ak, r.ready);
  }
  // Addresses-with-readiness sets → the ports they offer.
  const groups = new Map<string, { ready: Map<string, boolean>; ports: KubeObject[] }>();
  for (const { port, ready } of portReady.values()) {
    const key = goJson([...ready].sort(([a], [b]) => cmp(a, b)));
    if (!groups.has(key)) groups.set(key, { ready, ports: [] });
    if (port) groups.get(key)!.ports.push(port);
  }
  const subsets: KubeObject[] = [];
  for (const { ready, ports } of groups.values()) {
    const s: KubeObject = {};
    const readyAddrs = [...ready].filter(([, r]) => r).map(([k]) => addresses.get(k)!).sort(byIPAndUID);
    const notReady = [...ready].filter(([, r]) => !r).map(([k]) => addresses.get(k)!).sort(byIPAndUID);
    if (readyAddrs.length) s.addresses = readyAddrs;
    if (notReady.length) s.notReadyAddresses = notReady;
    if (ports.length) s.ports = [...ports].sort(byPort);
    subsets.push(s);
  }
  return subsets.sort((a, b) => cmp(goJson(a), goJson(b)));
}

/**
 * truncateEndpoints: over MAX_CAPACITY addresses, keep each subset's proportional share (rounded up) — of the
 * ready addresses when those alone exceed capacity (dropping every not-ready one), else of the not-ready ones.
 * Returns the subsets and whether they were truncated.
 */
export function truncateSubsets(subsets: readonly KubeObject[]): { subsets: KubeObject[]; truncated: boolean } {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += (s.addresses ?? []).length;
    totalNotReady += (s.notReadyAddresses ?? []).length;
  }
  if (totalReady + totalNotReady <= MAX_CAPACITY) return { subsets: [...subsets], truncated: false };
  const truncateReady = totalReady > MAX_CAPACITY;
  const max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  const out = subsets.map((s) => {
    const list: KubeObject[] = (truncateReady ? s.addresses : s.notReadyAddresses) ?? [];
    const toBeAdded = Math.min(Math.ceil((list.length / numTotal) * max), canBeAdded);
    const kept = list.slice(0, toBeAdded);
    canBeAdded -= kept.length;
    const next: KubeObject = { ...s };
    if (truncateReady) {
      next.addresses = kept;
      delete next.notReadyAddresses;
    } else {
      next.notReadyAddresses = kept;
    }
    return next;
  });
  return { subsets: out, truncated: true };
}

/** The sorted, repacked subsets for the Service's pods (before truncation). */
export const desiredSubsets = (svc: KubeObject, pods: readonly KubeObject[]): KubeObject[] => repackSubsets(rawSubsets(svc, pods));
