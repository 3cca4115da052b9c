/**
 * `/api/v1/namespaces/{ns}/pods/{name}[:{port}]/proxy[/{path}]`, every method (pkg/registry/core/pod/rest
 * ProxyREST, pod.ResourceLocation, apimachinery's UpgradeAwareHandler and proxy.Transport): the name may be
 * `name`, `name:port` or `scheme:name:port` (else 400 `invalid pod request`); the port defaults to the pod's
 * first declared container port, else 80; the pod needs a dialable IP (else 400 `address not allowed`).
 * `…/proxy` alone is redirected to `…/proxy/` for GET and HEAD. The request goes to the pod through its
 * node's kubelet with the client's method, headers (credentials removed), query and body, and the answer comes
 * back streamed, CORS headers removed and a same-host `Location` rewritten to stay behind the proxy. A pod
 * that cannot be reached: 503 `error trying to reach service: …`.
 * Not done: WebSocket upgrades through the proxy, and rewriting links inside HTML answers.
 */
import { ApiError, badRequest } from "../../errors";
import { withoutCredentialHeaders } from "../../authn/authenticate";
import { kubeletFor } from "../../kubelet/kubelet-api";
import type { ApiContext } from "../context";
import { CORS_HEADERS, dialablePodIP, proxyPort, proxySubpath, redirectsToRoot, rewriteProxyLocation, splitSchemeNamePort } from "./locate";
import { boundNode, podRefOf, readPod } from "./pod-access";

/** Hop-by-hop headers a reverse proxy does not forward (net/http/httputil). */
const HOP_BY_HOP = ["connection", "proxy-connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"];

const serviceUnavailable = (message: string) => new ApiError(503, "ServiceUnavailable", message);

export async function proxyPod(ctx: ApiContext): Promise<Response> {
  const id = ctx.req.name!;
  const target = splitSchemeNamePort(id);
  if (!target) throw badRequest(`invalid pod request ${JSON.stringify(id)}`);
  const pod = await readPod(ctx, target.name);
  const ip = dialablePodIP(pod);
  if (!ip) throw badRequest("address not allowed");
  const port = proxyPort(pod, target.port, ip);
  if (!port.ok) throw serviceUnavailable(`error trying to reach service: ${port.message}`);
  if (target.scheme === "https") {
    throw badRequest(`the pod proxy reaches pods over plain HTTP only: scheme "https" is not supported (use "http:${target.name}:${port.value}")`);
  }
  const incoming = new URL(ctx.request.url);
  const subpath = proxySubpath(ctx.req.rest, incoming.pathname);
  if (redirectsToRoot(subpath, ctx.request.method)) {
    return new Response(null, { status: 301, headers: { Location: `${incoming.pathname}/${incoming.search}` } });
  }
  const node = boundNode(pod);
  const outbound = outboundRequest(ctx.request, ip, port.value, subpath, incoming);
  let res: Response;
  try {
    res = await kubeletFor(ctx.env, node).proxyToPod(podRefOf(pod, ctx.req.namespace!), port.value, outbound);
  } catch (e) {
    throw serviceUnavailable(`error trying to reach service: ${e instanceof Error ? e.message : String(e)}`);
  }
  return inboundResponse(res, new URL(outbound.url).host, incoming);
}

/** The proxied request to `http://<host>:<port><subpath>`: credentials and hop-by-hop headers removed (services/proxy too). */
export function outboundRequest(request: Request, ip: string, port: number, subpath: string, incoming: URL): Request {
  const cleaned = withoutCredentialHeaders(request);
  const url = new URL(`http://${ip.includes(":") ? `[${ip}]` : ip}:${port}`);
  url.pathname = subpath || "/";
  url.search = incoming.search;
  const headers = new Headers(cleaned.headers);
  for (const h of HOP_BY_HOP) headers.delete(h);
  headers.set("X-Forwarded-Uri", incoming.pathname);
  const client = request.headers.get("cf-connecting-ip");
  if (client) headers.set("X-Forwarded-For", [headers.get("x-forwarded-for"), client].filter(Boolean).join(", "));
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return new Request(url, { method: request.method, headers, body: hasBody ? cleaned.body : null, redirect: "manual" });
}

/** The proxied answer: CORS headers removed, a same-host `Location` kept behind the `…/{pods,services}/<id>/proxy` prefix. */
export function inboundResponse(res: Response, podHost: string, incoming: URL): Response {
  const out = new Response(res.body, res);
  for (const h of CORS_HEADERS) out.headers.delete(h);
  const location = out.headers.get("location");
  if (location) {
    const prefix = /^(.*?\/(?:pods|services)\/[^/]+\/proxy)(?:\/|$)/.exec(incoming.pathname)?.[1] ?? incoming.pathname;
    out.headers.set("Location", rewriteProxyLocation(location, podHost, incoming.host, prefix));
  }
  return out;
}
