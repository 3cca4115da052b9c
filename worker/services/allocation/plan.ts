/**
 * What a Service write asks of the allocators (pkg/registry/core/service/storage/alloc.go): the cluster IP and
 * node ports the new Service needs that the old one did not hold, and the values a stored Service holds (what
 * its delete, or a later write, gives back). Pure: the adapter (./transaction.ts) turns requests into values.
 */
import type { KubeObject } from "../../../schema/types";

/** A value to allocate: `value` undefined means "any free one" (AllocateNext), else that one (Allocate). */
export type AllocationRequest =
  | { kind: "clusterIP"; value?: string }
  /** `indexes`: the spec.ports entries that take the allocated node port. */
  | { kind: "nodePort"; value?: number; indexes: number[] }
  | { kind: "healthCheckNodePort"; value?: number };

/** The values a Service holds in the allocators. */
export interface HeldValues {
  ips: string[];
  nodePorts: number[];
}

type Obj = KubeObject;
const ports = (svc: Obj | undefined): Obj[] => (Array.isArray(svc?.spec?.ports) ? svc.spec.ports.map((p: Obj) => p ?? {}) : []);

/** needsClusterIP: every type but ExternalName (a headless Service's "None" is a value, not an allocation). */
export const needsClusterIP = (svc: Obj | undefined): boolean => !!svc && svc.spec?.type !== "ExternalName";
/** needsNodePort: NodePort and LoadBalancer Services. */
export const needsNodePort = (svc: Obj | undefined): boolean => svc?.spec?.type === "NodePort" || svc?.spec?.type === "LoadBalancer";
/** shouldAllocateNodePorts: NodePort, or LoadBalancer unless allocateLoadBalancerNodePorts is false. */
export const shouldAllocateNodePorts = (svc: Obj): boolean =>
  svc.spec?.type === "NodePort" || (svc.spec?.type === "LoadBalancer" && svc.spec?.allocateLoadBalancerNodePorts !== false);
/** service.NeedsHealthCheck: a LoadBalancer with externalTrafficPolicy Local. */
export const needsHealthCheck = (svc: Obj | undefined): boolean =>
  svc?.spec?.type === "LoadBalancer" && svc?.spec?.externalTrafficPolicy === "Local";

/** The cluster IPs a Service holds: its clusterIPs (or clusterIP) when it needs one, "None" excluded. */
export function clusterIPsOf(svc: Obj | undefined): string[] {
  if (!needsClusterIP(svc)) return [];
  const ips: string[] = Array.isArray(svc!.spec?.clusterIPs) && svc!.spec.clusterIPs.length ? svc!.spec.clusterIPs : svc!.spec?.clusterIP ? [svc!.spec.clusterIP] : [];
  return ips.filter((ip) => ip && ip !== "None");
}

/** collectServiceNodePorts plus the health-check node port when the Service needs one. */
export function heldValues(svc: Obj | undefined): HeldValues {
  const nodePorts = needsNodePort(svc) ? ports(svc).map((p) => Number(p.nodePort) || 0).filter((n) => n > 0) : [];
  const hc = Number(svc?.spec?.healthCheckNodePort) || 0;
  if (needsHealthCheck(svc) && hc > 0) nodePorts.push(hc);
  return { ips: clusterIPsOf(svc), nodePorts: [...new Set(nodePorts)] };
}

/** What `old` held that `svc` no longer holds (ReleaseDeferred on update, everything on delete). */
export function releasedValues(old: Obj | undefined, svc: Obj | undefined): HeldValues {
  const before = heldValues(old);
  const after = heldValues(svc);
  return {
    ips: before.ips.filter((ip) => !after.ips.includes(ip)),
    nodePorts: before.nodePorts.filter((p) => !after.nodePorts.includes(p)),
  };
}

function clusterIPRequests(svc: Obj, old: Obj | undefined): AllocationRequest[] {
  if (!needsClusterIP(svc) || svc.spec?.clusterIP === "None" || svc.spec?.clusterIPs?.[0] === "None") return [];
  const held = clusterIPsOf(old);
  const wanted = clusterIPsOf(svc);
  if (wanted.length === 0) return [{ kind: "clusterIP" }];
  return wanted.filter((ip) => !held.includes(ip)).map((ip) => ({ kind: "clusterIP", value: ip }));
}

/** initNodePorts (create): ports with the same port number share one node port; explicit values honoured. */
function createNodePortRequests(svc: Obj): AllocationRequest[] {
  const out: AllocationRequest[] = [];
  const byPort = new Map<number, { kind: "nodePort"; value?: number; indexes: number[] }>();
  const all = ports(svc);
  const allocate = shouldAllocateNodePorts(svc);
  all.forEach((p, i) => {
    if (!p.nodePort && !allocate) return;
    const shared = byPort.get(p.port);
    if (!shared) {
      const requested = all.find((q) => q.port === p.port && q.nodePort)?.nodePort;
      const req = { kind: "nodePort" as const, ...(requested ? { value: requested } : {}), indexes: [i] };
      byPort.set(p.port, req);
      out.push(req);
    } else if (!p.nodePort || p.nodePort === shared.value) shared.indexes.push(i);
    else out.push({ kind: "nodePort", value: p.nodePort, indexes: [i] });
  });
  return out;
}

/** updateNodePorts: node ports the old Service held are kept; new explicit ones reserved; missing ones drawn. */
function updateNodePortRequests(svc: Obj, old: Obj): AllocationRequest[] {
  const out: AllocationRequest[] = [];
  const held = new Set(needsNodePort(old) ? ports(old).map((p) => p.nodePort).filter(Boolean) : []);
  const requested = new Set<number>();
  const allocate = shouldAllocateNodePorts(svc);
  ports(svc).forEach((p, i) => {
    if (!p.nodePort && !allocate) return;
    if (!p.nodePort) out.push({ kind: "nodePort", indexes: [i] });
    else if (!held.has(p.nodePort) && !requested.has(p.nodePort)) {
      requested.add(p.nodePort);
      out.push({ kind: "nodePort", value: p.nodePort, indexes: [i] });
    }
  });
  return out;
}

/** allocHealthCheckNodePort / updateHealthCheckNodePort: only when the Service starts needing one. */
function healthCheckRequests(svc: Obj, old: Obj | undefined): AllocationRequest[] {
  if (!needsHealthCheck(svc) || needsHealthCheck(old)) return [];
  const hc = Number(svc.spec?.healthCheckNodePort) || 0;
  return [{ kind: "healthCheckNodePort", ...(hc ? { value: hc } : {}) }];
}

/** Every allocation a write of `svc` (over `old`, absent on create) needs, in upstream's order. */
export function allocationRequests(svc: Obj, old: Obj | undefined): AllocationRequest[] {
  if (svc.kind !== undefined && svc.kind !== "Service") return [];
  const nodePorts = needsNodePort(svc) ? (old ? updateNodePortRequests(svc, old) : createNodePortRequests(svc)) : [];
  return [...clusterIPRequests(svc, old), ...nodePorts, ...healthCheckRequests(svc, old)];
}
