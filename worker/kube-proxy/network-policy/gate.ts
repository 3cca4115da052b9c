/**
 * The gate's reads: every NetworkPolicy, and the Namespaces (for namespaceSelector peers) only when some policy
 * has one, straight from the store as the API server's own loopback reads do (no RBAC: the data path is part
 * of the cluster, as upstream's policy agents read through their own privileged identity). Held per isolate
 * for at most POLICY_CACHE_TTL_MS; a cluster without NetworkPolicies costs one small list per isolate per TTL.
 */
import type { ResourceEntry } from "../../../schema/registry-core";
import { registry } from "../../../schema/registry";
import type { KubeObject } from "../../../schema/types";
import type { Env } from "../../env";
import { listPrefix, storeFor } from "../../storage";
import { compilePolicySet, needsNamespaceLabels, type PolicySet } from "./compile";
import { evaluateHop } from "./evaluate";
import { SnapshotCache } from "../snapshot-cache";
import type { NetworkPolicyGate, PolicyVerdict } from "./types";

/** How stale the policies a verdict is based on may be (upstream agents act on watch events within ~1 s). */
export const POLICY_CACHE_TTL_MS = 1000;
/** How long the last policies keep being enforced when the store cannot be read. */
export const POLICY_STALE_ON_ERROR_MS = 30_000;
const PAGE_BYTES = 8 * 1024 * 1024;

const cache = new SnapshotCache<PolicySet>(POLICY_CACHE_TTL_MS, POLICY_STALE_ON_ERROR_MS);

async function listAll(env: Env, entry: ResourceEntry): Promise<KubeObject[]> {
  const store = storeFor(env, entry);
  const items: KubeObject[] = [];
  let startAfter: string | undefined;
  let revision = 0;
  for (;;) {
    const res = await store.list(listPrefix(entry), { maxBytes: PAGE_BYTES, ...(revision ? { revision } : {}), ...(startAfter ? { startAfter } : {}) });
    if (!res.ok) throw new Error(`listing ${entry.resource} failed: ${res.reason}`);
    for (const text of res.items) items.push(JSON.parse(text) as KubeObject);
    if (!res.lastKey) return items;
    revision = res.revision;
    startAfter = res.lastKey;
  }
}

/** Reads and compiles the cluster's NetworkPolicies (and Namespaces when needed). */
export async function loadPolicySet(env: Env): Promise<PolicySet> {
  const policies = await listAll(env, registry.lookup("networking.k8s.io", "v1", "networkpolicies")!);
  if (policies.length === 0) return compilePolicySet([]);
  const namespaces = needsNamespaceLabels(policies) ? await listAll(env, registry.lookup("", "v1", "namespaces")!) : [];
  return compilePolicySet(policies, namespaces);
}

/** Forgets this isolate's policies: the next verdict reads them again. */
export function clearNetworkPolicyCache(): void {
  cache.clear();
}

/**
 * The gate the data path asks for every hop: the verdict of ./evaluate against this isolate's snapshot of the
 * policies. When the policies cannot be read (and no recent snapshot is held) the hop is denied.
 */
export function networkPolicyGate(env: Env): NetworkPolicyGate {
  return async (src, dst, port): Promise<PolicyVerdict> => {
    const held = cache.fresh();
    if (held) return evaluateHop(held, src, dst, port);
    const loaded = await cache.get(() => loadPolicySet(env));
    if (!loaded.ok) return { allowed: false, reason: `network policies unavailable: ${loaded.message}` };
    return evaluateHop(loaded.value, src, dst, port);
  };
}
