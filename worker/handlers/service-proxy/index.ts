/**
 * `/api/v1/namespaces/{ns}/services/{[scheme:]name[:port]}/proxy[/{path}]`, every method (ServiceREST's
 * ProxyREST with ResourceLocation, ./locate.ts): RBAC sees `<verb> services/proxy` (handlers/resource.ts); the
 * Service is read (404), refused when it has no pod endpoints to offer (ExternalName, the `kubernetes`
 * Service: 503), its port chosen; `…/proxy` alone is redirected to `…/proxy/` for GET and HEAD. The request
 * goes to a ready endpoint of that port through kube-proxy (`proxyToService`: pods only, 503 without ready
 * endpoints, kube-proxy's text/plain body passed on) with the client's method, headers (credentials removed), query and body; the pod sees
 * `http://<name>.<ns>.svc.cluster.local:<port>/<path>`. The answer comes back streamed, CORS headers removed,
 * a same-host `Location` rewritten behind the proxy. The hop's source for NetworkPolicy is the API server's
 * address (upstream the proxied connection comes from the API server's host network).
 * Not done: `https:` endpoints (pods serve plain HTTP: 400), WebSocket upgrades, rewriting HTML links.
 */
import { exports as workerExports } from "cloudflare:workers";
import { ApiError, badRequest, notFound } from "../../errors";
import { proxyToService } from "../../kube-proxy";
import { API_SERVER_ADDRESS, CLUSTER_DOMAIN } from "../../services/domain";
import { objectKey, storeFor } from "../../storage";
import type { ApiContext } from "../context";
import type { Handler } from "../subresources";
import { proxySubpath, redirectsToRoot, splitSchemeNamePort } from "../pod-connect/locate";
import { inboundResponse, outboundRequest } from "../pod-connect/pod-proxy";
import { serviceProxyPort, serviceProxyRefusal } from "./locate";

const serviceUnavailable = (message: string) => new ApiError(503, "ServiceUnavailable", message);

export const proxyService: Handler = async (ctx: ApiContext) => {
  const id = ctx.req.name!;
  const target = splitSchemeNamePort(id);
  if (!target) throw badRequest(`invalid service request ${JSON.stringify(id)}`);
  const namespace = ctx.req.namespace!;
  const stored = await storeFor(ctx.env, ctx.entry).get(objectKey(ctx.entry, namespace, target.name));
  if (!stored.ok) throw notFound("", "services", target.name);
  const service = JSON.parse(stored.value);
  const refusal = serviceProxyRefusal(service);
  if (refusal) throw serviceUnavailable(refusal);
  const port = serviceProxyPort(service, target.port);
  if (!port.ok) throw serviceUnavailable(port.message);
  if (target.scheme === "https") {
    throw badRequest(`the service proxy reaches pods over plain HTTP only: scheme "https" is not supported (use "http:${target.name}:${port.value.port}")`);
  }
  const incoming = new URL(ctx.request.url);
  const subpath = proxySubpath(ctx.req.rest, incoming.pathname);
  if (redirectsToRoot(subpath, ctx.request.method)) {
    return new Response(null, { status: 301, headers: { Location: `${incoming.pathname}/${incoming.search}` } });
  }
  const host = `${target.name}.${namespace}.svc.${CLUSTER_DOMAIN}`;
  const outbound = outboundRequest(ctx.request, host, port.value.port, subpath, incoming);
  const res = await proxyToService({ env: ctx.env, exports: workerExports }, { namespace, name: target.name }, port.value.port, outbound, { kind: "external", ip: API_SERVER_ADDRESS });
  return inboundResponse(res, new URL(outbound.url).host, incoming);
};

/** `services/proxy` for handlers/subresources.ts: every verb the request-info parse gives a proxy request. */
export const SERVICE_PROXY_SUBRESOURCES: Record<string, Record<string, Handler>> = {
  "/services/proxy": { get: proxyService, create: proxyService, update: proxyService, patch: proxyService, delete: proxyService, options: proxyService },
};
