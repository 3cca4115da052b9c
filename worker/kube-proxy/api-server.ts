/**
 * The API server as a target of the pod network (`kubernetes.default.svc`, 10.96.0.1:443): the request goes
 * to the main Worker's own fetch (`ctx.exports.default`), so a pod's service-account token authenticates it
 * and RBAC authorizes it as on a cluster. Only what the pod sent is forwarded: no header the edge adds
 * (`cf-*`, `x-forwarded-*`, `x-real-ip`) and no client certificate (those come from the edge's `request.cf`).
 */
import type { KubeProxyDeps, ProxyClient } from "./index";
import { unavailable } from "./responses";

const EDGE_HEADERS = /^(cf-|x-forwarded-|x-real-ip$|forwarded$)/i;

/** The Host the API is addressed at: loopback is always one of the API's own hosts (never a Service). */
export const API_SERVER_LOOPBACK = "localhost";

/** The request as the API server receives it from a pod. Pure. */
export function apiServerRequest(request: Request): Request {
  const url = new URL(request.url);
  const target = new URL(`https://${API_SERVER_LOOPBACK}${url.pathname}${url.search}`);
  const headers = new Headers();
  for (const [k, v] of request.headers) if (!EDGE_HEADERS.test(k)) headers.set(k, v);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return new Request(target, { method: request.method, headers, body: hasBody ? request.body : null, redirect: "manual" });
}

/**
 * Sends a pod's request to the API server (the main Worker's default entrypoint). Only pods reach it this way:
 * a client from outside (a LoadBalancer, NodePort or Ingress request, the service proxy) naming the
 * `kubernetes` Service, directly or through an ExternalName, gets 503, so no edge hostname leads to the API.
 */
export async function apiServerFetch(deps: KubeProxyDeps, request: Request, client: ProxyClient): Promise<Response> {
  if (client.kind !== "pod") return unavailable("the kubernetes Service (the API server) is reachable from pods only");
  const self = (deps.exports as { default?: Fetcher } | undefined)?.default;
  if (!self || typeof self.fetch !== "function") {
    return new Response("kube-edge pod network: the API server is not reachable from this Worker (no ctx.exports.default)\n", { status: 502, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return self.fetch(apiServerRequest(request));
}
