/** The Services as this isolate last listed them (cluster-state.ts), indexed by name, ClusterIP, NodePort and LB hostname. */
import type { KubeObject } from "../../schema/types";
import type { Env } from "../env";
import type { ServiceIndex } from "./index";
import { clusterList, derived } from "./cluster-state";

/** Indexes a list of Services. Pure. */
export function indexServices(services: readonly KubeObject[]): ServiceIndex {
  const byName = new Map<string, KubeObject>();
  const byIP = new Map<string, KubeObject>();
  const byNodePort = new Map<number, { service: KubeObject; port: KubeObject }>();
  const byHost = new Map<string, KubeObject>();
  for (const svc of services) {
    byName.set(`${svc.metadata?.namespace}/${svc.metadata?.name}`, svc);
    for (const ip of [svc.spec?.clusterIP, ...(svc.spec?.clusterIPs ?? [])]) if (typeof ip === "string" && ip && ip !== "None") byIP.set(ip, svc);
    for (const port of svc.spec?.ports ?? []) if (typeof port?.nodePort === "number") byNodePort.set(port.nodePort, { service: svc, port });
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) if (typeof ing?.hostname === "string") byHost.set(ing.hostname.toLowerCase(), svc);
  }
  return {
    get: (namespace, name) => byName.get(`${namespace}/${name}`),
    byClusterIP: (ip) => byIP.get(ip),
    byNodePort: (nodePort) => byNodePort.get(nodePort),
    byLoadBalancerHostname: (hostname) => byHost.get(hostname.toLowerCase().replace(/\.$/, "")),
  };
}

/** indexServices memoized per list. */
export const indexedServices = derived(indexServices);

/** The Services as this isolate last read them (cached ≤ ~1 s), indexed. */
export async function serviceIndex(env: Env): Promise<ServiceIndex> {
  return indexedServices(await clusterList(env, "services"));
}
