/**
 * The edge: the Worker's first middleware. A request whose Host is the API's goes on to the API (audit,
 * authentication, RBAC) without any lookup; a LoadBalancer, NodePort or Ingress host is answered here, by
 * kube-proxy, and never reaches authentication, RBAC, the registry or the API:
 * - LoadBalancer `<label>.<lb>`: the Service whose `status.loadBalancer.ingress[].hostname` it is (type
 *   LoadBalancer), on the port forward.ts loadBalancerPort picks from the scheme.
 * - NodePort `<node>-<nodePort>.nodes.<lb>`: the Service holding that nodePort, when the Node exists
 *   (externalTrafficPolicy Cluster: any node reaches every endpoint).
 * - Ingress hosts: the backend ingress-rules.ts routeIngress picks.
 * The client is `{kind:"external", ip: CF-Connecting-IP}`; the request goes on with its Host, plus the
 * `X-Forwarded-*` headers. What the edge itself refuses is a text/plain 404 (no such host, Service, node or
 * rule) or 503 (a resource backend, a Service without ports, a failed read, the `kubernetes` and ExternalName
 * Services: forward.ts edgeServiceRefusal).
 * Not done: externalTrafficPolicy Local (NodePorts reach endpoints on every node), loadBalancerSourceRanges.
 */
import type { MiddlewareHandler } from "hono";
import type { Registry } from "../../schema/registry-core";
import type { KubeObject } from "../../schema/types";
import type { AppEnv } from "../app";
import type { Env } from "../env";
import { proxyToService, serviceIndex, type KubeProxyDeps, type ProxyClient, type ServicePortRef } from "../kube-proxy";
import { loadBalancerDomain } from "../services/domain";
import { objectKey, storeFor } from "../storage";
import { edgeServiceRefusal, forwardedRequest, loadBalancerPort } from "./forward";
import { ingressIndex, type IngressIndex } from "./ingress-index";
import { routeIngress } from "./ingress-rules";
import { apiHostsOf, edgeRoute, needsIngressHosts, type EdgeConfig, type EdgeRoute } from "./route";

const text = (status: number, body: string) => new Response(`${body}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

let configFor: { key: string; value: Omit<EdgeConfig, "ingressHosts"> } | undefined;

/** The API hosts and load-balancer domain of `env` (memoized per isolate on the values). */
export function edgeConfig(env: Env): Omit<EdgeConfig, "ingressHosts"> {
  const key = `${env.CLUSTER_HOSTS ?? ""}|${env.LOAD_BALANCER_DOMAIN ?? ""}`;
  if (configFor?.key !== key) configFor = { key, value: { apiHosts: apiHostsOf(env.CLUSTER_HOSTS), lbDomain: loadBalancerDomain(env), claimOutsideDomain: !!env.CLUSTER_HOSTS?.trim() } };
  return configFor.value;
}

/** The edge middleware (see the module comment); mount it before everything else. */
export function edgeMiddleware(registry: Registry): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const base = edgeConfig(c.env);
    if (base.apiHosts.has(url.hostname)) return next();
    let route: EdgeRoute;
    let ingress: IngressIndex | undefined;
    try {
      ingress = needsIngressHosts(url.host, base) ? await ingressIndex(c.env, registry) : undefined;
      route = edgeRoute(url.host, { ...base, ingressHosts: ingress?.hosts ?? [] });
      if (route.kind === "api") return next();
      return await serveEdge(c.env, registry, exportsOf(c), route, c.req.raw, ingress);
    } catch (e) {
      return text(503, `kube-edge: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

async function serveEdge(env: Env, registry: Registry, exports: unknown, route: EdgeRoute, request: Request, ingress: IngressIndex | undefined): Promise<Response> {
  const url = new URL(request.url);
  const deps: KubeProxyDeps = { env, exports };
  const client: ProxyClient = { kind: "external", ip: request.headers.get("cf-connecting-ip") ?? "" };
  const send = async (svc: { namespace: string; name: string }, port: ServicePortRef) => {
    const refusal = edgeServiceRefusal((await serviceIndex(env)).get(svc.namespace, svc.name));
    if (refusal) return text(503, refusal);
    return proxyToService(deps, svc, port, forwardedRequest(request, client.ip), client);
  };
  switch (route.kind) {
    case "api":
    case "none":
      return text(404, route.kind === "none" ? route.reason : `${url.host} is the API's host`);
    case "loadBalancer": {
      const svc = (await serviceIndex(env)).byLoadBalancerHostname(route.hostname);
      if (!svc || svc.spec?.type !== "LoadBalancer") return text(404, `no LoadBalancer Service has the hostname ${route.hostname}`);
      const port = loadBalancerPort(svc, url.protocol.replace(/:$/, ""));
      if (port === undefined) return text(503, `Service ${refOf(svc).namespace}/${refOf(svc).name} has no ports`);
      return send(refOf(svc), port);
    }
    case "nodePort": {
      if (!(await nodeExists(env, registry, route.node))) return text(404, `node ${JSON.stringify(route.node)} not found`);
      const held = (await serviceIndex(env)).byNodePort(route.port);
      if (!held) return text(404, `no Service has the node port ${route.port}`);
      return send(refOf(held.service), held.port.port as number);
    }
    case "ingress": {
      const decided = routeIngress((ingress ?? (await ingressIndex(env, registry))).ingresses, route.host, url.pathname);
      if (decided.kind === "notFound") return text(404, decided.message);
      const b = decided.backend;
      if (b.kind === "resource") {
        return text(503, `Ingress ${b.namespace}/${b.ingress}: the backend is the resource ${b.resource}; the kube-edge IngressClass serves Service backends only`);
      }
      return send({ namespace: b.namespace, name: b.name }, b.port);
    }
  }
}

const refOf = (svc: KubeObject) => ({ namespace: svc.metadata.namespace as string, name: svc.metadata.name as string });

async function nodeExists(env: Env, registry: Registry, name: string): Promise<boolean> {
  const nodes = registry.lookup("", "v1", "nodes");
  if (!nodes) return false;
  return (await storeFor(env, nodes).get(objectKey(nodes, undefined, name))).ok;
}

/** The invocation's `ctx.exports` (the loopback bindings kube-proxy loads pod isolates with), if any. */
function exportsOf(c: { readonly executionCtx: unknown }): unknown {
  try {
    return (c.executionCtx as { exports?: unknown }).exports;
  } catch {
    return undefined;
  }
}
