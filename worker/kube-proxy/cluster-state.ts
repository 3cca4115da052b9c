/**
 * What the data path reads of the cluster: Services, EndpointSlices, Pods and Nodes, each listed through the
 * API (RBAC, audit) at most about once a second per isolate and shared by the requests of that second
 * (upstream kube-proxy watches the same objects; its rules lag the API by its sync period too). The reads run
 * as `system:kube-proxy` with the ClusterRole of ./rbac.ts: unlike upstream's kube-proxy, whose iptables rules
 * never need a pod, this data path also resolves pod IPs, pod DNS names and pod labels (NetworkPolicy).
 */
import type { KubeObject } from "../../schema/types";
import type { Env } from "../env";
import { internalRequest } from "../internal-client";
import { registry } from "../../schema/registry";
import { KUBE_PROXY_USER } from "./rbac";
import { SnapshotCache } from "./snapshot-cache";

/** How long a list is served from memory. */
export const CACHE_MS = 1000;

const PATHS = {
  services: "/api/v1/services",
  endpointslices: "/apis/discovery.k8s.io/v1/endpointslices",
  pods: "/api/v1/pods",
  nodes: "/api/v1/nodes",
} as const;
export type ClusterResource = keyof typeof PATHS;

/**
 * One snapshot per resource: lists as read, never the promise of a read (./snapshot-cache). A failed read is
 * the caller's failure: no older list stands in for it.
 */
const caches = new Map<ClusterResource, SnapshotCache<KubeObject[]>>();

async function listAll(env: Env, resource: ClusterResource): Promise<KubeObject[]> {
  const res = await internalRequest(env, registry, KUBE_PROXY_USER, "GET", PATHS[resource]);
  if (res.status !== 200) throw new Error(`kube-proxy: listing ${resource}: ${res.status} ${res.body?.message ?? ""}`);
  return res.body.items ?? [];
}

/** The objects of `resource`, at most CACHE_MS old (`fresh` forces a new read, e.g. after a dial found a pod gone). */
export async function clusterList(env: Env, resource: ClusterResource, fresh = false): Promise<KubeObject[]> {
  let cache = caches.get(resource);
  if (!cache) caches.set(resource, (cache = new SnapshotCache<KubeObject[]>(CACHE_MS, 0)));
  const res = await cache.get(() => listAll(env, resource), fresh);
  if (!res.ok) throw new Error(res.message);
  return res.value;
}

/** Memoizes a value derived from one list, per list identity. */
export function derived<T>(build: (items: KubeObject[]) => T): (items: KubeObject[]) => T {
  let last: { items: KubeObject[]; value: T } | undefined;
  return (items) => {
    if (last?.items !== items) last = { items, value: build(items) };
    return last.value;
  };
}
