/**
 * What the edge does to a request and its target port before handing it to kube-proxy (pure). A cloud load
 * balancer passes the request on unchanged (the Host is kept); like an ingress controller, the edge adds the
 * `X-Forwarded-*` headers: `X-Forwarded-For` appends the client address to what the client sent (nginx's
 * `$proxy_add_x_forwarded_for`), `X-Forwarded-Proto` is the scheme the client used, `X-Forwarded-Host` the Host.
 */
import type { KubeObject } from "../../schema/types";

/** A copy of `request` with the `X-Forwarded-*` headers set; method, URL, other headers and body unchanged. */
export function forwardedRequest(request: Request, clientIp: string): Request {
  const url = new URL(request.url);
  const headers = new Headers(request.headers);
  const prior = headers.get("x-forwarded-for");
  const chain = [prior, clientIp].filter(Boolean).join(", ");
  if (chain) headers.set("X-Forwarded-For", chain);
  headers.set("X-Forwarded-Proto", url.protocol.replace(/:$/, ""));
  headers.set("X-Forwarded-Host", request.headers.get("host") ?? url.host);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return new Request(url, { method: request.method, headers, body: hasBody ? request.body : null, redirect: "manual" });
}

interface ServicePortLike {
  port?: number;
}

/**
 * The Service port a LoadBalancer request goes to: upstream a load balancer listens on every Service port and
 * the client picks one by the port it dials; here every request arrives on the Worker's one port, so the
 * scheme picks it: `port: 80` for http, `port: 443` for https, else the Service's only (or first) port.
 * Undefined for a Service without ports.
 */
export function loadBalancerPort(service: KubeObject, scheme: string): number | undefined {
  const ports = ((service.spec as { ports?: ServicePortLike[] } | undefined)?.ports ?? []).filter((p) => typeof p.port === "number");
  const want = scheme === "https" ? 443 : scheme === "http" ? 80 : undefined;
  return (ports.find((p) => p.port === want) ?? ports[0])?.port;
}

/**
 * Why the edge refuses to send external traffic to a Service (503), or undefined: the `kubernetes` Service
 * (its endpoint is the API server, and a Host under the load-balancer domain never reaches the API) and
 * ExternalName Services (kube-proxy re-resolves their name, which may be the API's `kubernetes.default.svc`).
 * A missing Service is left to kube-proxy (503 naming it).
 */
export function edgeServiceRefusal(service: KubeObject | undefined): string | undefined {
  if (!service) return undefined;
  const ref = `${service.metadata?.namespace}/${service.metadata?.name}`;
  if (ref === "default/kubernetes") return "Service default/kubernetes is the API server: it is not served at the edge";
  if (service.spec?.type === "ExternalName") return `Service ${ref} is an ExternalName Service (${service.spec?.externalName ?? ""}): the edge serves Services with endpoints only`;
  return undefined;
}
