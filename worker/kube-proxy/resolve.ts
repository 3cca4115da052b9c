/**
 * Where a pod's outbound URL goes, as cluster DNS (CoreDNS's kubernetes plugin) and kube-proxy's rules decide
 * it. A pod's resolv.conf searches `<ns>.svc.cluster.local svc.cluster.local cluster.local` with `ndots:5`, so
 * `svc`, `svc.ns`, `svc.ns.svc` and `svc.ns.svc.cluster.local[.]` all name Service `ns/svc`; a headless
 * Service's pods are `<hostname>.<subdomain>.<ns>.svc.cluster.local`, any pod is `a-b-c-d.<ns>.pod.cluster.local`.
 * Addresses: a ClusterIP (10.96.0.0/12) with one of the Service's ports, a pod IP, a node's InternalIP with a
 * NodePort; the `kubernetes` Service (10.96.0.1:443, `kubernetes.default.svc`) and the API server's advertised
 * address are the API server itself. A name under cluster.local that matches nothing is NXDOMAIN; everything
 * else is outside the cluster. Pure: the cluster is read through `ClusterView`.
 */
import type { KubeObject } from "../../schema/types";
import { API_SERVER_ADDRESS, API_SERVER_PORT, CLUSTER_DOMAIN, KUBERNETES_SERVICE_IP, SERVICE_CIDR } from "../services/domain";
import { CLUSTER_CIDR } from "../kubelet/node/node-index";

/** The cluster as name resolution sees it (synchronous lookups over a snapshot). */
export interface ClusterView {
  service(namespace: string, name: string): KubeObject | undefined;
  serviceByClusterIP(ip: string): KubeObject | undefined;
  serviceByNodePort(nodePort: number): { service: KubeObject; port: KubeObject } | undefined;
  podByIP(ip: string): KubeObject | undefined;
  /** The pod published as `<hostname>.<subdomain>.<namespace>.svc` (pod spec.hostname/subdomain, or a slice endpoint's hostname). */
  podByDNSName(namespace: string, subdomain: string, hostname: string): KubeObject | undefined;
  isNodeIP(ip: string): boolean;
}

export type ClusterRoute =
  | { kind: "api-server" }
  /** A Service port (by its `port` number) through its ClusterIP rules. */
  | { kind: "service"; service: KubeObject; port: number }
  /** A headless Service's name: its A records are the ready pods' IPs, so the URL port is the pod's port. */
  | { kind: "headless"; service: KubeObject; port: number }
  | { kind: "external-name"; service: KubeObject; host: string; port: number; protocol: string }
  | { kind: "pod"; pod: KubeObject; port: number }
  | { kind: "node-port"; service: KubeObject; port: number }
  | { kind: "no-such-host"; host: string }
  | { kind: "refused"; message: string }
  | { kind: "outside"; host: string };

const DEFAULT_PORTS: Record<string, number> = { "http:": 80, "https:": 443, "ws:": 80, "wss:": 443 };

/** IPv4 text → 32-bit number, or undefined. */
export function ipv4ToNumber(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bits] = cidr.split("/");
  const b = ipv4ToNumber(base);
  const n = ipv4ToNumber(ip);
  if (b === undefined || n === undefined) return false;
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return (b & mask) === (n & mask);
}

const isHeadless = (svc: KubeObject) => svc.spec?.clusterIP === "None";

/** The search list of a pod in `namespace` (ClusterFirst dnsPolicy), applied as the resolver does with ndots:5. */
export function searchCandidates(host: string, namespace: string): string[] {
  if (host.endsWith(".")) return [host.slice(0, -1)];
  const dots = host.split(".").length - 1;
  const search = [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN].map((d) => `${host}.${d}`);
  return dots >= 5 ? [host, ...search] : [...search, host];
}

function serviceRoute(svc: KubeObject, port: number): ClusterRoute {
  const ns = svc.metadata?.namespace;
  const name = svc.metadata?.name;
  if (ns === "default" && name === "kubernetes") return { kind: "api-server" };
  if (svc.spec?.type === "ExternalName") return { kind: "external-name", service: svc, host: String(svc.spec.externalName ?? ""), port, protocol: "" };
  if (isHeadless(svc)) return { kind: "headless", service: svc, port };
  const ports: KubeObject[] = svc.spec?.ports ?? [];
  if (!ports.some((p) => p.port === port)) return { kind: "refused", message: `dial tcp ${svc.spec?.clusterIP ?? name}:${port}: connect: connection refused (service ${ns}/${name} has no port ${port})` };
  return { kind: "service", service: svc, port };
}

/** One fully qualified name under cluster.local → a route, or undefined when no record exists. */
function resolveClusterName(fqdn: string, view: ClusterView, port: number): ClusterRoute | undefined {
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const labels = fqdn.slice(0, -suffix.length).split(".");
  if (labels.length === 3 && labels[2] === "svc") {
    const [name, ns] = labels;
    if (ns === "default" && name === "kubernetes") return { kind: "api-server" };
    const svc = view.service(ns, name);
    return svc && serviceRoute(svc, port);
  }
  if (labels.length === 4 && labels[3] === "svc") {
    const [hostname, subdomain, ns] = labels;
    const pod = view.podByDNSName(ns, subdomain, hostname);
    return pod && { kind: "pod", pod, port };
  }
  if (labels.length === 3 && labels[2] === "pod") {
    const ip = labels[0].replaceAll("-", ".");
    const pod = view.podByIP(ip);
    return pod && pod.metadata?.namespace === labels[1] ? { kind: "pod", pod, port } : undefined;
  }
  return undefined;
}

function resolveIP(ip: string, port: number, view: ClusterView): ClusterRoute {
  if ((ip === KUBERNETES_SERVICE_IP && port === 443) || (ip === API_SERVER_ADDRESS && port === API_SERVER_PORT)) return { kind: "api-server" };
  if (cidrContains(SERVICE_CIDR, ip)) {
    const svc = view.serviceByClusterIP(ip);
    return svc ? serviceRoute(svc, port) : { kind: "refused", message: `dial tcp ${ip}:${port}: no service has cluster IP ${ip}` };
  }
  const pod = view.podByIP(ip);
  if (pod) return { kind: "pod", pod, port };
  if (view.isNodeIP(ip)) {
    const np = view.serviceByNodePort(port);
    return np ? { kind: "node-port", service: np.service, port: np.port.port } : { kind: "refused", message: `dial tcp ${ip}:${port}: connect: connection refused (no NodePort ${port})` };
  }
  if (cidrContains(CLUSTER_CIDR, ip)) return { kind: "refused", message: `dial tcp ${ip}:${port}: connect: no route to host (no pod has IP ${ip})` };
  return { kind: "outside", host: `${ip}:${port}` };
}

/** Where `url`, requested by a pod of `namespace`, goes. */
export function resolveClusterURL(url: string, namespace: string, view: ClusterView): ClusterRoute {
  const u = URL.parse(url);
  if (!u) return { kind: "no-such-host", host: url };
  const host = u.hostname.toLowerCase();
  const port = u.port ? Number(u.port) : (DEFAULT_PORTS[u.protocol] ?? 80);
  if (ipv4ToNumber(host) !== undefined) return resolveIP(host, port, view);
  if (host.startsWith("[")) return { kind: "outside", host: u.host };
  for (const name of searchCandidates(host, namespace)) {
    const route = resolveClusterName(name, view, port);
    if (route) return route.kind === "external-name" ? { ...route, protocol: u.protocol } : route;
  }
  const absolute = host.replace(/\.$/, "");
  if (absolute === CLUSTER_DOMAIN || absolute.endsWith(`.${CLUSTER_DOMAIN}`) || !absolute.includes(".")) return { kind: "no-such-host", host: absolute };
  return { kind: "outside", host: u.host };
}
