/** A ClusterView (resolve.ts) over this isolate's cached lists of Services, EndpointSlices, Pods and Nodes. */
import type { KubeObject } from "../../schema/types";
import type { Env } from "../env";
import type { ClusterView } from "./resolve";
import { clusterList, derived } from "./cluster-state";
import { indexedServices } from "./service-index";
import { SERVICE_NAME_LABEL } from "./endpoints";

const podIndex = derived((pods: KubeObject[]) => {
  const byIP = new Map<string, KubeObject>();
  const byUid = new Map<string, KubeObject>();
  const byName = new Map<string, KubeObject>();
  const byDNS = new Map<string, KubeObject>();
  for (const p of pods) {
    if (p.status?.phase === "Succeeded" || p.status?.phase === "Failed") continue;
    for (const ip of [p.status?.podIP, ...(p.status?.podIPs ?? []).map((x: KubeObject) => x?.ip)]) if (typeof ip === "string" && ip) byIP.set(ip, p);
    byUid.set(p.metadata?.uid, p);
    byName.set(`${p.metadata?.namespace}/${p.metadata?.name}`, p);
    if (p.spec?.hostname && p.spec?.subdomain) byDNS.set(`${p.metadata?.namespace}/${p.spec.subdomain}/${p.spec.hostname}`, p);
  }
  return { byIP, byUid, byName, byDNS };
});

/** Slice endpoints' hostnames → pod keys (`ns/name`): `<hostname>.<service>.<ns>.svc` (StatefulSet pods). */
const sliceHostnames = derived((slices: KubeObject[]) => {
  const out = new Map<string, string>();
  for (const s of slices) {
    const svc = s.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!svc) continue;
    for (const ep of s.endpoints ?? []) {
      if (ep?.hostname && ep.targetRef?.kind === "Pod") out.set(`${s.metadata.namespace}/${svc}/${ep.hostname}`, `${s.metadata.namespace}/${ep.targetRef.name}`);
    }
  }
  return out;
});

const nodeIPs = derived((nodes: KubeObject[]) => new Set<string>(nodes.flatMap((n) => (n.status?.addresses ?? []).filter((a: KubeObject) => a?.type === "InternalIP").map((a: KubeObject) => a.address))));

export type PodIndex = ReturnType<typeof podIndex>;

/** The pods of the cluster (cached), indexed by IP, uid, `ns/name` and `ns/subdomain/hostname`. */
export async function pods(env: Env, fresh = false): Promise<PodIndex> {
  return podIndex(await clusterList(env, "pods", fresh));
}

/** The EndpointSlices of one Service (label kubernetes.io/service-name), from the cached list. */
export async function serviceSlices(env: Env, namespace: string, name: string, fresh = false): Promise<KubeObject[]> {
  return (await clusterList(env, "endpointslices", fresh)).filter((s) => s.metadata?.namespace === namespace && s.metadata?.labels?.[SERVICE_NAME_LABEL] === name);
}

/** The whole view name resolution needs. */
export async function clusterView(env: Env): Promise<ClusterView> {
  const [services, slices, podList, nodes] = await Promise.all([clusterList(env, "services"), clusterList(env, "endpointslices"), clusterList(env, "pods"), clusterList(env, "nodes")]);
  const svc = indexedServices(services);
  const p = podIndex(podList);
  const hostnames = sliceHostnames(slices);
  const ips = nodeIPs(nodes);
  return {
    service: svc.get,
    serviceByClusterIP: svc.byClusterIP,
    serviceByNodePort: svc.byNodePort,
    podByIP: (ip) => p.byIP.get(ip),
    podByDNSName: (ns, subdomain, hostname) => {
      // A pod's hostname/subdomain record exists only while a headless Service of that name does (upstream CoreDNS).
      const published = svc.get(ns, subdomain);
      if (!published) return undefined;
      const key = hostnames.get(`${ns}/${subdomain}/${hostname}`);
      return (key ? p.byName.get(key) : undefined) ?? p.byDNS.get(`${ns}/${subdomain}/${hostname}`);
    },
    isNodeIP: (ip) => ips.has(ip),
  };
}
