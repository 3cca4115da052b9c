/**
 * Which way a request entering the Worker goes, decided by its Host alone (pure). Upstream the API server and
 * the data plane listen on different addresses; here one Worker serves both, so the Host is the address:
 *
 * | Host | route |
 * |---|---|
 * | the API's own hosts (`CLUSTER_HOSTS` entries, `localhost`, `127.0.0.1`, `[::1]`) | `api` |
 * | `ingress.<lb>` | `ingress` (the edge IngressClass's status hostname) |
 * | `<node>-<nodePort>.nodes.<lb>` | `nodePort` |
 * | `<label>.<lb>` (one DNS label) | `loadBalancer` (a Service's status hostname) |
 * | a host an edge-class Ingress rule claims (exact, or `*.suffix` per IngressRule.host) | `ingress` |
 * | anything else under `<lb>` | `none`: 404, never the API |
 * | any other host | `api` |
 *
 * A host under the load-balancer domain never reaches the API, even when `CLUSTER_HOSTS` names it (a
 * misconfiguration: the API's hosts must lie outside that domain). Single-label hosts under the domain belong
 * to LoadBalancer Services and `nodes.<lb>` to NodePorts: an Ingress cannot claim them (a namespace could
 * otherwise take another namespace's LoadBalancer traffic); deeper names under the domain (`shop.apps.<lb>`)
 * can be claimed. Cluster-internal names (`svc`, `*.svc`, `cluster.local`, `*.cluster.local`) and the API's
 * hosts are never claimable. Hosts outside the domain are claimable only when `CLUSTER_HOSTS` names the API's
 * hosts: without it the API's own public name is unknown, and an Ingress could otherwise take the API's
 * traffic (credentials included) by naming it.
 */
import { NODE_PORT_RANGE } from "../../schema/core-v1/service-rules";
import { CLUSTER_DOMAIN, INGRESS_LABEL, NODES_LABEL } from "../services/domain";

export type EdgeRoute =
  | { kind: "api" }
  | { kind: "loadBalancer"; hostname: string }
  | { kind: "nodePort"; node: string; port: number }
  | { kind: "ingress"; host: string }
  | { kind: "none"; host: string; reason: string };

export interface EdgeConfig {
  /** The API's own host names (normalized, without port). */
  apiHosts: ReadonlySet<string>;
  /** The load-balancer domain (worker/services/domain.ts loadBalancerDomain). */
  lbDomain: string;
  /** Whether Ingresses may claim hosts outside the load-balancer domain (`CLUSTER_HOSTS` is set). */
  claimOutsideDomain: boolean;
  /** `spec.rules[].host` of the edge class's Ingresses (`foo.example.com` or `*.example.com`). */
  ingressHosts: readonly string[];
}

/** The hosts that always reach the API, besides `CLUSTER_HOSTS`. */
export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"] as const;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A Host header's name: port stripped (IPv6 brackets kept), lower-cased, trailing dots removed. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    h = end < 0 ? h : h.slice(0, end + 1);
  } else {
    const colon = h.lastIndexOf(":");
    if (colon >= 0 && h.indexOf(":") === colon) h = h.slice(0, colon);
  }
  return h.replace(/\.+$/, "");
}

/** The API hosts from `CLUSTER_HOSTS` (comma-separated `host:port`) plus the loopback names. */
export function apiHostsOf(clusterHosts: string | undefined): Set<string> {
  const hosts = new Set<string>(LOOPBACK_HOSTS);
  for (const entry of (clusterHosts ?? "").split(",")) {
    const h = normalizeHost(entry);
    if (h) hosts.add(h);
  }
  return hosts;
}

const isUnder = (host: string, domain: string): boolean => host.endsWith(`.${domain}`) && host.length > domain.length + 1;

/** A name inside the cluster's DNS (kube-dns answers it): never served at the edge. */
export function isClusterInternal(host: string): boolean {
  return host === "svc" || host.endsWith(".svc") || host === CLUSTER_DOMAIN || host.endsWith(`.${CLUSTER_DOMAIN}`);
}

/**
 * IngressRule.host matching (networking/v1): an exact host matches itself; `*.foo.com` matches exactly one
 * more label (`bar.foo.com`, not `foo.com` nor `baz.bar.foo.com`).
 */
export function ingressHostMatches(ruleHost: string, host: string): boolean {
  const rule = ruleHost.toLowerCase();
  if (!rule.startsWith("*.")) return rule === host;
  const suffix = rule.slice(1);
  if (!host.endsWith(suffix)) return false;
  const first = host.slice(0, host.length - suffix.length);
  return first.length > 0 && !first.includes(".");
}

/** Whether an Ingress rule host may claim `host` at all (see the module comment). */
export function claimableByIngress(host: string, config: Omit<EdgeConfig, "ingressHosts">): boolean {
  if (!host || config.apiHosts.has(host) || isClusterInternal(host)) return false;
  const d = config.lbDomain;
  if (host === d) return false;
  if (!isUnder(host, d)) return config.claimOutsideDomain;
  const rest = host.slice(0, -(d.length + 1));
  return rest.includes(".") && !isUnder(host, `${NODES_LABEL}.${d}`);
}

/**
 * Whether `host` can only be decided with the Ingress hosts: not an API host and outside the load-balancer
 * domain. The edge reads Ingresses for such hosts only, so API requests on API hosts never pay for it.
 */
export function needsIngressHosts(host: string, config: Omit<EdgeConfig, "ingressHosts">): boolean {
  const h = normalizeHost(host);
  if (h === config.lbDomain || isUnder(h, config.lbDomain)) return deepUnderDomain(h, config.lbDomain);
  return claimableByIngress(h, config);
}

const deepUnderDomain = (host: string, d: string): boolean =>
  isUnder(host, d) && host.slice(0, -(d.length + 1)).includes(".") && !isUnder(host, `${NODES_LABEL}.${d}`);

/** The route for a request's Host (see the module comment). */
export function edgeRoute(rawHost: string, config: EdgeConfig): EdgeRoute {
  const host = normalizeHost(rawHost);
  const d = config.lbDomain;
  const claimed = () => claimableByIngress(host, config) && config.ingressHosts.some((r) => ingressHostMatches(r, host));
  if (host !== d && !isUnder(host, d)) {
    if (config.apiHosts.has(host)) return { kind: "api" };
    return claimed() ? { kind: "ingress", host } : { kind: "api" };
  }
  if (host === `${INGRESS_LABEL}.${d}`) return { kind: "ingress", host };
  const nodes = `${NODES_LABEL}.${d}`;
  if (isUnder(host, nodes)) {
    const m = /^(.+)-(\d{1,5})$/.exec(host.slice(0, -(nodes.length + 1)));
    const port = m ? Number(m[2]) : NaN;
    if (!m || port < NODE_PORT_RANGE.min || port > NODE_PORT_RANGE.max) {
      return { kind: "none", host, reason: `${host} is not <node>-<nodePort>.${nodes} with a node port in ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}` };
    }
    return { kind: "nodePort", node: m[1], port };
  }
  if (host !== d) {
    const label = host.slice(0, -(d.length + 1));
    if (DNS_LABEL.test(label) && label !== NODES_LABEL) return { kind: "loadBalancer", hostname: host };
    if (claimed()) return { kind: "ingress", host };
  }
  return { kind: "none", host, reason: `no LoadBalancer Service, NodePort or Ingress serves ${host}` };
}
