/**
 * kube-proxy: the cluster's data path. Upstream kube-proxy programs iptables/IPVS so that a packet to a
 * Service's ClusterIP:port (or a NodePort, or a LoadBalancer address) reaches one ready endpoint; here the data
 * path is a function call: the Worker (or a pod's `globalOutbound`, worker/kubelet/isolate/pod-network.ts)
 * picks an endpoint from the Service's EndpointSlices and loads that pod's container isolate directly with
 * `env.LOADER`, asking the pod's kubelet only which instance is current. NetworkPolicy (./network-policy) is
 * applied on every hop; a denied hop answers 403 at once (upstream drops the packet and the client times out).
 */
import type { KubeObject } from "../../schema/types";
import type { Env } from "../env";

/** Who sends a request: a client outside the cluster (CF-Connecting-IP, or "") or a pod. */
export type ProxyClient =
  | { kind: "external"; ip: string }
  | { kind: "pod"; namespace: string; name: string; uid: string; labels: Record<string, string>; ip: string };

export interface KubeProxyDeps {
  env: Env;
  /** The main Worker's `ctx.exports` (the PodNetwork / PodVolumes entrypoints a re-loaded isolate gets, the API server). */
  exports: unknown;
}

/** A Service port by number (`spec.ports[].port`) or name; undefined = the Service's only port (400 when it has several). */
export type ServicePortRef = number | string | undefined;

/** The Services as this isolate last read them (cached ≤ ~1 s), indexed. */
export interface ServiceIndex {
  get(namespace: string, name: string): KubeObject | undefined;
  byClusterIP(ip: string): KubeObject | undefined;
  /** The Service and its `spec.ports[]` entry whose `nodePort` this is. */
  byNodePort(nodePort: number): { service: KubeObject; port: KubeObject } | undefined;
  /** The Service whose `status.loadBalancer.ingress[].hostname` is this one (lower case). */
  byLoadBalancerHostname(hostname: string): KubeObject | undefined;
}

export { proxyToService, proxyToPodPort } from "./proxy";
export { serviceIndex } from "./service-index";
