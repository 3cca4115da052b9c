/**
 * The names and addresses Services are reached by. Upstream a cloud controller gives a LoadBalancer Service an
 * address of the provider's; here the provider is the edge, so the address is a hostname under the cluster's
 * load-balancer domain (`LOAD_BALANCER_DOMAIN`, default `lb.localhost`, which curl and browsers resolve to the
 * loopback address with no DNS set-up). Requests arriving at the Worker with such a Host go to Services, never
 * to the Kubernetes API.
 */
import type { Env } from "../env";

export const DEFAULT_LOAD_BALANCER_DOMAIN = "lb.localhost";
/** kube-apiserver --service-cluster-ip-range. */
export const SERVICE_CIDR = "10.96.0.0/12";
/** The `kubernetes` Service's ClusterIP: the first address of the service range, as upstream. */
export const KUBERNETES_SERVICE_IP = "10.96.0.1";
/** The API server's advertised address and secure port (the `kubernetes` Endpoints), outside every node's IP. */
export const API_SERVER_ADDRESS = "172.31.255.254";
export const API_SERVER_PORT = 6443;
/** The cluster DNS domain (kubelet --cluster-domain). */
export const CLUSTER_DOMAIN = "cluster.local";
/** The label under the load-balancer domain where the edge IngressClass's Ingresses are served. */
export const INGRESS_LABEL = "ingress";
/** The label under the load-balancer domain that holds the NodePort host names. */
export const NODES_LABEL = "nodes";

/** The load-balancer domain, lower-cased, without leading or trailing dots. */
export function loadBalancerDomain(env: Pick<Env, "LOAD_BALANCER_DOMAIN">): string {
  const d = (env.LOAD_BALANCER_DOMAIN ?? "").trim().toLowerCase().replace(/^\.+|\.+$/g, "");
  return d || DEFAULT_LOAD_BALANCER_DOMAIN;
}

/** A LoadBalancer Service's hostname: `<name>-<namespace>.<domain>`, or with `-<suffix>` when that one is taken. */
export function loadBalancerHostname(name: string, namespace: string, domain: string, suffix?: string): string {
  return `${name}-${namespace}${suffix ? `-${suffix}` : ""}.${domain}`;
}

/** The host that reaches `nodePort` on `node`: `<node>-<nodePort>.nodes.<domain>`. */
export function nodePortHostname(node: string, nodePort: number, domain: string): string {
  return `${node}-${nodePort}.${NODES_LABEL}.${domain}`;
}

/** The status hostname of every Ingress of the edge IngressClass. */
export function ingressHostname(domain: string): string {
  return `${INGRESS_LABEL}.${domain}`;
}
