/**
 * The Service and pod hops of the data path: a Service port → one usable endpoint (endpoints.ts) → the pod's
 * container (dialer.ts), NetworkPolicy asked first; an endpoint whose isolate is gone is dropped and another
 * tried, as a client retrying a refused connection would reach another backend.
 */
import type { KubeObject } from "../../schema/types";
import type { KubeProxyDeps, ProxyClient, ServicePortRef } from "./index";
import { affinitySeconds, endpointKey, pickEndpoint, servicePortOf, sliceEndpoints, usableEndpoints, type AffinityEntry, type Endpoint } from "./endpoints";
import { dialPod, namedContainerPort } from "./dialer";
import { checkPolicy, podDestination } from "./policy";
import { badGateway, badRequest, unavailable } from "./responses";
import { serviceIndex } from "./service-index";
import { pods, serviceSlices } from "./view";
import { apiServerFetch } from "./api-server";

/** `sessionAffinity: ClientIP` memory of this isolate: `ns/name:port|clientIP` → endpoint until it expires. */
const affinity = new Map<string, AffinityEntry>();
const AFFINITY_MAX = 10_000;
/** At most this many endpoints are tried for one request. */
const MAX_ATTEMPTS = 3;

function remember(key: string, entry: AffinityEntry): void {
  if (affinity.size >= AFFINITY_MAX) {
    const now = Date.now();
    for (const [k, e] of affinity) if (e.expiresMs <= now) affinity.delete(k);
    if (affinity.size >= AFFINITY_MAX) affinity.clear();
  }
  affinity.set(key, entry);
}

/** Sends `request` to the pod behind `endpoint` (NetworkPolicy first); `gone` lets the caller try another. */
async function dialEndpoint(deps: KubeProxyDeps, endpoint: Endpoint, request: Request, client: ProxyClient, fresh: boolean): Promise<{ kind: "response"; response: Response } | { kind: "gone"; message: string }> {
  const index = await pods(deps.env, fresh);
  const pod = (endpoint.pod && index.byName.get(`${endpoint.pod.namespace}/${endpoint.pod.name}`)) ?? index.byIP.get(endpoint.ip);
  if (!pod || (endpoint.pod?.uid && pod.metadata?.uid !== endpoint.pod.uid)) return { kind: "gone", message: `endpoint ${endpointKey(endpoint)}: pod ${endpoint.pod?.name ?? endpoint.ip} is gone` };
  return dialPodChecked(deps, pod, endpoint.port, request, client);
}

/** A hop to one pod's port: NetworkPolicy, then the dial; refusals become 502/403 responses. */
export async function dialPodChecked(deps: KubeProxyDeps, pod: KubeObject, port: number, request: Request, client: ProxyClient): Promise<{ kind: "response"; response: Response } | { kind: "gone"; message: string }> {
  const denied = await checkPolicy(deps, client, podDestination(pod), port);
  if (denied) return { kind: "response", response: denied };
  const out = await dialPod(deps, pod, port, request);
  if (out.kind === "refused") return { kind: "response", response: badGateway(out.message) };
  return out;
}

/**
 * One request through a set of endpoints: the client's sticky endpoint or a random one, then others while the
 * chosen ones are gone (the pod lists are re-read once a pod turns out gone).
 */
export async function sendToEndpoints(deps: KubeProxyDeps, label: string, endpoints: Endpoint[], request: Request, client: ProxyClient, sticky?: { key: string; seconds: number }): Promise<Response> {
  if (endpoints.length === 0) return unavailable(`no endpoints available for service "${label}"`);
  const tried = new Set<string>();
  const failures: string[] = [];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const nowMs = Date.now();
    const picked = pickEndpoint({ endpoints, exclude: tried, random: Math.random(), ...(sticky ? { affinity: { entry: affinity.get(sticky.key), seconds: sticky.seconds, nowMs } } : {}) });
    if (!picked) break;
    tried.add(endpointKey(picked.endpoint));
    const out = await dialEndpoint(deps, picked.endpoint, request, client, attempt > 0);
    if (out.kind === "response") {
      if (sticky && picked.affinity) remember(sticky.key, picked.affinity);
      return out.response;
    }
    failures.push(out.message);
    if (request.bodyUsed) break;
  }
  return unavailable(`service "${label}": no endpoint answered: ${failures.join("; ")}`);
}

/** Sends `request` to a ready endpoint of Service ns/name's port (see index.ts). */
export async function proxyToService(deps: KubeProxyDeps, svc: { namespace: string; name: string }, port: ServicePortRef, request: Request, client: ProxyClient): Promise<Response> {
  const label = `${svc.namespace}/${svc.name}`;
  if (svc.namespace === "default" && svc.name === "kubernetes") return apiServerFetch(deps, request, client);
  const service = (await serviceIndex(deps.env)).get(svc.namespace, svc.name);
  if (!service) return unavailable(`service "${label}" not found`);
  if (service.spec?.type === "ExternalName") {
    const { externalNameFetch } = await import("./pod-outbound");
    return externalNameFetch(deps, service, typeof port === "number" ? port : undefined, request, client);
  }
  const sp = servicePortOf(service, port);
  if (!sp.ok) return sp.status === 400 ? badRequest(sp.message) : unavailable(sp.message);
  const slices = await serviceSlices(deps.env, svc.namespace, svc.name);
  const endpoints = usableEndpoints(sliceEndpoints(slices, sp.port.name ?? ""));
  const seconds = affinitySeconds(service);
  const clientIP = client.ip;
  const sticky = seconds !== undefined && clientIP ? { key: `${label}:${sp.port.port}|${clientIP}`, seconds } : undefined;
  return sendToEndpoints(deps, label, endpoints, request, client, sticky);
}

/** Sends `request` to `port` (number or container port name) of one pod. */
export async function proxyToPodPort(deps: KubeProxyDeps, pod: { namespace: string; name: string }, port: number | string, request: Request, client: ProxyClient): Promise<Response> {
  const key = `${pod.namespace}/${pod.name}`;
  const found = (await pods(deps.env)).byName.get(key) ?? (await pods(deps.env, true)).byName.get(key);
  if (!found) return unavailable(`pod "${key}" not found`);
  const number = typeof port === "number" ? port : /^\d+$/.test(port) ? Number(port) : namedContainerPort(found, port);
  if (number === undefined) return badGateway(`pod "${key}" has no container port named ${port}`);
  const out = await dialPodChecked(deps, found, number, request, client);
  return out.kind === "response" ? out.response : badGateway(out.message);
}
