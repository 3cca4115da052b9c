/**
 * The edge class's Ingresses as this isolate last read them, re-read at most once a second (an informer's
 * bounded lag, as kube-proxy's serviceIndex): the Ingresses of every namespace whose IngressClass is the
 * edge's. Read only for requests whose Host is not the API's (worker/edge/route.ts).
 */
import type { Registry } from "../../schema/registry-core";
import type { Env } from "../env";
import type { KubeObject } from "../../schema/types";
import { listPrefix, storeFor } from "../storage";
import { ingressRuleHosts, isEdgeIngress, type IngressLike } from "./ingress-rules";
import { SnapshotCache } from "../kube-proxy/snapshot-cache";

export interface IngressIndex {
  /** The Ingresses the edge class serves. */
  ingresses: IngressLike[];
  /** Their rule hosts (exact and `*.` wildcards), lower-cased. */
  hosts: string[];
}

const TTL_MS = 1000;
/** Values, never the promise of a read (a promise of one request must not be awaited by another). */
const cache = new SnapshotCache<IngressIndex>(TTL_MS, 0);

/** The index, re-read when older than a second. */
export async function ingressIndex(env: Env, registry: Registry): Promise<IngressIndex> {
  const res = await cache.get(() => readIngressIndex(env, registry));
  if (!res.ok) throw new Error(res.message);
  return res.value;
}

async function readIngressIndex(env: Env, registry: Registry): Promise<IngressIndex> {
  const ingresses = registry.lookup("networking.k8s.io", "v1", "ingresses");
  const classes = registry.lookup("networking.k8s.io", "v1", "ingressclasses");
  if (!ingresses || !classes) throw new Error("the networking.k8s.io/v1 ingresses and ingressclasses resources are not registered");
  const [list, cls] = await Promise.all([storeFor(env, ingresses).list(listPrefix(ingresses)), storeFor(env, classes).list(listPrefix(classes))]);
  if (!list.ok) throw new Error(`listing ingresses failed: ${list.reason}`);
  if (!cls.ok) throw new Error(`listing ingressclasses failed: ${cls.reason}`);
  const classObjects = cls.items.map((text) => JSON.parse(text) as KubeObject);
  const edge = list.items.map((text) => JSON.parse(text) as IngressLike).filter((ing) => isEdgeIngress(ing, classObjects));
  return { ingresses: edge, hosts: ingressRuleHosts(edge) };
}
