/**
 * A pod's requests to anything but its own localhost (pod-network.ts hands them here): the URL's host is
 * resolved as cluster DNS and kube-proxy would (resolve.ts) and the request goes to the API server, a Service,
 * a pod, or — outside the cluster — out through the Worker's `fetch` (pods have internet egress, subject to
 * NetworkPolicy egress). Every refusal is a plain-text 502/503 (403 for NetworkPolicy) naming what failed.
 */
import type { KubeObject } from "../../schema/types";
import type { PodNetworkProps } from "../kubelet/isolate/pod-network";
import type { KubeProxyDeps, ProxyClient } from "./index";
import { resolveClusterURL } from "./resolve";
import { apiServerFetch } from "./api-server";
import { dialPodChecked, proxyToService, sendToEndpoints } from "./proxy";
import { clusterView, pods, serviceSlices } from "./view";
import { checkPolicy } from "./policy";
import { badGateway, unavailable } from "./responses";
import type { Endpoint } from "./endpoints";

/** ExternalName chains (CNAME → CNAME …) are followed this deep. */
const MAX_CNAME_DEPTH = 8;

/** The calling pod as a client, with its current labels when the pod is known (props carry the start-time ones). */
async function podClient(deps: KubeProxyDeps, props: PodNetworkProps): Promise<ProxyClient> {
  const pod = (await pods(deps.env)).byUid.get(props.podUid);
  return {
    kind: "pod",
    namespace: pod?.metadata?.namespace ?? props.namespace ?? "",
    name: pod?.metadata?.name ?? props.name ?? "",
    uid: props.podUid,
    labels: pod?.metadata?.labels ?? props.labels ?? {},
    ip: pod?.status?.podIP ?? props.ip ?? "",
  };
}

/** One outbound request of a pod's container to a host other than localhost. */
export async function podOutboundFetch(deps: KubeProxyDeps, props: PodNetworkProps, request: Request): Promise<Response> {
  try {
    return await routeFrom(deps, await podClient(deps, props), request, 0);
  } catch (e) {
    // The cluster could not be read (the API refused or failed): the request fails, the pod's fetch does not throw.
    return unavailable(`kube-edge pod network: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Headless: a name whose A records are the ready pods' IPs; the client connects to one of them on the URL's port. */
async function headlessFetch(deps: KubeProxyDeps, service: KubeObject, port: number, request: Request, client: ProxyClient): Promise<Response> {
  const ns = service.metadata.namespace;
  const slices = await serviceSlices(deps.env, ns, service.metadata.name);
  const byIP = new Map<string, Endpoint>();
  for (const s of slices) for (const e of sliceEndpointsAnyPort(s)) byIP.set(e.ip, { ...e, port });
  const ready = [...byIP.values()].filter((e) => e.ready);
  return sendToEndpoints(deps, `${ns}/${service.metadata.name}`, ready, request, client);
}

function sliceEndpointsAnyPort(slice: KubeObject): Endpoint[] {
  return (slice.endpoints ?? []).flatMap((ep: KubeObject) => {
    const ip = ep?.addresses?.[0];
    if (typeof ip !== "string") return [];
    const ref = ep.targetRef?.kind === "Pod" ? { namespace: ep.targetRef.namespace ?? slice.metadata?.namespace, name: ep.targetRef.name, ...(ep.targetRef.uid ? { uid: ep.targetRef.uid } : {}) } : undefined;
    return [{ ip, port: 0, ready: ep.conditions?.ready !== false, serving: ep.conditions?.serving !== false, terminating: ep.conditions?.terminating === true, ...(ref ? { pod: ref } : {}) }];
  });
}

/** An ExternalName Service: the request goes to `spec.externalName`, itself resolved again (in-cluster names stay in). */
export async function externalNameFetch(deps: KubeProxyDeps, service: KubeObject, port: number | undefined, request: Request, client: ProxyClient, depth = 0): Promise<Response> {
  const target = String(service.spec?.externalName ?? "");
  if (!target) return badGateway(`service "${service.metadata?.namespace}/${service.metadata?.name}" is ExternalName without externalName`);
  const url = new URL(request.url);
  url.hostname = target;
  if (port !== undefined) url.port = String(port);
  return routeFrom(deps, client, new Request(url, request), depth + 1, service.metadata?.namespace);
}

async function routeFrom(deps: KubeProxyDeps, client: ProxyClient, request: Request, depth: number, namespace?: string): Promise<Response> {
  if (depth > MAX_CNAME_DEPTH) return badGateway(`kube-edge pod network: lookup ${new URL(request.url).hostname}: too many ExternalName (CNAME) hops`);
  const ns = namespace ?? (client.kind === "pod" ? client.namespace : "default");
  const route = resolveClusterURL(request.url, ns, await clusterView(deps.env));
  switch (route.kind) {
    case "api-server":
      return apiServerFetch(deps, request, client);
    case "service":
    case "node-port":
      return proxyToService(deps, { namespace: route.service.metadata.namespace, name: route.service.metadata.name }, route.port, request, client);
    case "headless":
      return headlessFetch(deps, route.service, route.port, request, client);
    case "external-name":
      return externalNameFetch(deps, route.service, route.port, request, client, depth);
    case "pod": {
      const out = await dialPodChecked(deps, route.pod, route.port, request, client);
      return out.kind === "response" ? out.response : badGateway(`kube-edge pod network: ${out.message}`);
    }
    case "no-such-host":
      return badGateway(`kube-edge pod network: dial tcp: lookup ${route.host}: no such host`);
    case "refused":
      return badGateway(`kube-edge pod network: ${route.message}`);
    case "outside": {
      if (client.kind !== "pod") return unavailable(`${route.host} is outside the cluster: only pods have egress`);
      const host = new URL(request.url).hostname;
      const denied = await checkPolicy(deps, client, { kind: "external", host }, Number(new URL(request.url).port || (request.url.startsWith("https:") ? 443 : 80)));
      if (denied) return denied;
      try {
        return await fetch(request);
      } catch (e) {
        return badGateway(`kube-edge pod network: ${route.host}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
