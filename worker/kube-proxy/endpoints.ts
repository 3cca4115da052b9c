/**
 * Endpoint selection as kube-proxy programs it (pkg/proxy: servicechangetracker, endpointslicecache,
 * topology.go CategorizeEndpoints): a Service port's endpoints are the addresses of its EndpointSlices
 * (label `kubernetes.io/service-name`) with the slice port of the same name; ready endpoints serve, and only
 * when none is ready do serving-and-terminating ones (ProxyTerminatingEndpoints). Pure.
 */
import type { KubeObject } from "../../schema/types";

/** discovery.k8s.io/v1 EndpointSlice label naming the Service. */
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
/** The default `sessionAffinityConfig.clientIP.timeoutSeconds` (3 h, v1.DefaultClientIPServiceAffinitySeconds). */
export const DEFAULT_AFFINITY_SECONDS = 10800;

/** One address of a Service port: a pod IP and the port it serves the Service port on. */
export interface Endpoint {
  ip: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** targetRef (a Pod) */
  pod?: { namespace: string; name: string; uid?: string };
  nodeName?: string;
  hostname?: string;
}

export const endpointKey = (e: Pick<Endpoint, "ip" | "port">): string => `${e.ip}:${e.port}`;

/** The Service port a reference names: by `port` number or by name; undefined = the only port. */
export function servicePortOf(svc: KubeObject, ref: number | string | undefined): { ok: true; port: KubeObject } | { ok: false; status: 400 | 503; message: string } {
  const ports: KubeObject[] = svc.spec?.ports ?? [];
  const name = `${svc.metadata?.namespace}/${svc.metadata?.name}`;
  if (ref === undefined || ref === "") {
    if (ports.length === 1) return { ok: true, port: ports[0] };
    return ports.length === 0 ? { ok: false, status: 503, message: `service ${name} has no ports` } : { ok: false, status: 400, message: `service ${name} has ${ports.length} ports: name one of ${ports.map((p) => p.name || p.port).join(", ")}` };
  }
  const found = ports.find((p) => (typeof ref === "number" ? p.port === ref : p.name === ref || String(p.port) === ref));
  return found ? { ok: true, port: found } : { ok: false, status: 503, message: `service ${name} has no port ${ref}` };
}

/**
 * The endpoints of one Service port (by its name; "" for an unnamed port) from the Service's slices, deduped by
 * address:port (one endpoint may appear in several slices while they are being rebalanced). Slices with an
 * address type other than IPv4 and addresses without the port are skipped.
 */
export function sliceEndpoints(slices: readonly KubeObject[], portName: string): Endpoint[] {
  const out = new Map<string, Endpoint>();
  for (const slice of slices) {
    if (slice.addressType && slice.addressType !== "IPv4") continue;
    const sp = (slice.ports ?? []).find((p: KubeObject) => (p?.name ?? "") === portName && (p?.protocol ?? "TCP") === "TCP");
    if (!sp || typeof sp.port !== "number") continue;
    for (const ep of slice.endpoints ?? []) {
      const ip = ep?.addresses?.[0];
      if (typeof ip !== "string") continue;
      const c = ep.conditions ?? {};
      // A nil ready means ready (EndpointConditions: "unknown state ... interpreted as ready"); serving follows ready.
      const ready = c.ready !== false;
      const e: Endpoint = { ip, port: sp.port, ready, serving: c.serving ?? ready, terminating: c.terminating === true };
      const ref = ep.targetRef;
      if (ref?.kind === "Pod" && ref.name) e.pod = { namespace: ref.namespace ?? slice.metadata?.namespace, name: ref.name, ...(ref.uid ? { uid: ref.uid } : {}) };
      if (ep.nodeName) e.nodeName = ep.nodeName;
      if (ep.hostname) e.hostname = ep.hostname;
      out.set(endpointKey(e), e);
    }
  }
  return [...out.values()];
}

/** CategorizeEndpoints: the ready endpoints, else (ProxyTerminatingEndpoints) the serving terminating ones. */
export function usableEndpoints(endpoints: readonly Endpoint[]): Endpoint[] {
  const ready = endpoints.filter((e) => e.ready);
  return ready.length ? ready : endpoints.filter((e) => e.serving && e.terminating);
}

/** `sessionAffinity: ClientIP` of a Service: the stickiness timeout in seconds, or undefined for None. */
export function affinitySeconds(svc: KubeObject): number | undefined {
  if (svc.spec?.sessionAffinity !== "ClientIP") return undefined;
  const t = svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  return typeof t === "number" && t > 0 ? t : DEFAULT_AFFINITY_SECONDS;
}

/** What an affinity table remembers for one (Service port, client IP). */
export interface AffinityEntry {
  endpoint: string;
  expiresMs: number;
}

export interface PickInput {
  endpoints: readonly Endpoint[];
  /** Endpoints already tried for this request (they failed as gone). */
  exclude?: ReadonlySet<string>;
  /** Affinity: the remembered entry for this client (if any) and the timeout; now for expiry. */
  affinity?: { entry: AffinityEntry | undefined; seconds: number; nowMs: number };
  /** In [0, 1): the spread across replicas (iptables' `statistic --mode random`). */
  random: number;
}

/**
 * Which endpoint serves a request: the client's remembered endpoint while its affinity is live and it is still
 * usable (iptables `recent --rcheck --seconds`), else a random one; the new affinity entry when affinity is on.
 */
export function pickEndpoint(input: PickInput): { endpoint: Endpoint; affinity?: AffinityEntry } | undefined {
  const candidates = input.endpoints.filter((e) => !input.exclude?.has(endpointKey(e)));
  if (candidates.length === 0) return undefined;
  const a = input.affinity;
  const sticky = a?.entry && a.entry.expiresMs > a.nowMs ? candidates.find((e) => endpointKey(e) === a.entry!.endpoint) : undefined;
  const endpoint = sticky ?? candidates[Math.min(candidates.length - 1, Math.floor(input.random * candidates.length))];
  return a ? { endpoint, affinity: { endpoint: endpointKey(endpoint), expiresMs: a.nowMs + a.seconds * 1000 } } : { endpoint };
}
