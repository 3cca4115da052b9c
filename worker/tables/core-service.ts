/**
 * core/v1 Service and Endpoints tables: upstream printService (getServiceExternalIP, makePortString)
 * and printEndpoints (formatEndpoints).
 */
import { arr, ageOf, formatLabels, int, nameOf, str } from "./format";
import { AGE_COLUMN, NAME_COLUMN, column, type KubeObject, type TableDef } from "./types";

/**
 * loadBalancerStatusStringer with wide=true (the server always prints wide, so no 16-char clipping):
 * the distinct ingress IPs (or hostnames when an entry has no IP), sorted, joined by ",".
 * Also used for Ingress status, which has the same shape.
 */
export function loadBalancerStatusString(lb: KubeObject | undefined): string {
  const out = new Set<string>();
  for (const ing of arr(lb?.ingress)) {
    if (ing.ip) out.add(str(ing.ip));
    else if (ing.hostname) out.add(str(ing.hostname));
  }
  return [...out].sort().join(",");
}

/** The Service type, with v1 defaulting (absent → ClusterIP). */
function serviceType(svc: KubeObject): string {
  return str(svc.spec?.type) || "ClusterIP";
}

/**
 * getServiceExternalIP: ClusterIP/NodePort → spec.externalIPs or "<none>"; LoadBalancer → ingress
 * addresses then externalIPs, or "<pending>"; ExternalName → spec.externalName; otherwise "<unknown>".
 */
export function serviceExternalIP(svc: KubeObject): string {
  const externalIPs = arr<string>(svc.spec?.externalIPs).map(str);
  switch (serviceType(svc)) {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length > 0 ? externalIPs.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = loadBalancerStatusString(svc.status?.loadBalancer);
      if (externalIPs.length > 0) return [...(lb ? lb.split(",") : []), ...externalIPs].join(",");
      return lb || "<pending>";
    }
    case "ExternalName":
      return str(svc.spec?.externalName);
    default:
      return "<unknown>";
  }
}

/** makePortString: "port/PROTO" or "port:nodePort/PROTO", joined by ","; protocol defaults to TCP. */
export function servicePorts(ports: unknown): string {
  return arr(ports)
    .map((p) => {
      const proto = str(p.protocol) || "TCP";
      return int(p.nodePort) > 0 ? `${int(p.port)}:${int(p.nodePort)}/${proto}` : `${int(p.port)}/${proto}`;
    })
    .join(",");
}

/** The first cluster IP: spec.clusterIPs[0], falling back to spec.clusterIP (v1 → internal conversion). */
function clusterIP(svc: KubeObject): string {
  const ips = arr<string>(svc.spec?.clusterIPs);
  return str(ips.length > 0 ? ips[0] : svc.spec?.clusterIP) || "<none>";
}

export const SERVICE_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Type", "string", "type determines how the Service is exposed. Defaults to ClusterIP."),
    column("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."),
    column("External-IP", "string", "IP addresses on which nodes also accept traffic for this service."),
    column("Port(s)", "string", "The list of ports that are exposed by this service."),
    AGE_COLUMN,
    column("Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", 1),
  ],
  cells: (svc, now) => [
    nameOf(svc),
    serviceType(svc),
    clusterIP(svc),
    serviceExternalIP(svc),
    servicePorts(svc.spec?.ports) || "<none>",
    ageOf(svc, now),
    formatLabels(svc.spec?.selector),
  ],
};

/** net.JoinHostPort: IPv6 addresses are bracketed. */
function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * formatEndpoints (all ports): up to 3 "ip:port" entries (bare IPs for port-less subsets), then
 * " + N more..."; "<none>" without subsets.
 */
export function formatEndpoints(ep: KubeObject): string {
  const subsets = arr(ep.subsets);
  if (subsets.length === 0) return "<none>";
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = arr(ss.addresses);
    const ports = arr(ss.ports);
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) if (list.length < max) list.push(str(a.ip));
      continue;
    }
    for (const p of ports) {
      count += addresses.length;
      for (const a of addresses) if (list.length < max) list.push(joinHostPort(str(a.ip), int(p.port)));
    }
  }
  const joined = list.join(",");
  return count > max ? `${joined} + ${count - max} more...` : joined;
}

export const ENDPOINTS_TABLE: TableDef = {
  columns: [NAME_COLUMN, column("Endpoints", "string", "The set of all endpoints is the union of all subsets."), AGE_COLUMN],
  cells: (ep, now) => [nameOf(ep), formatEndpoints(ep), ageOf(ep, now)],
};
