/**
 * The node pool as a control loop (`node-pool`): what a cloud's node group controller does for a cluster —
 * the configured nodes get a running kubelet, nodes gone from the configuration are drained and removed by
 * theirs. The configuration is the ConfigMap `kube-system/node-pool` (key `pool.json`) when it exists, else
 * the `NODE_POOL` variable (worker/kubelet/node/pool-config.ts); an edit of the ConfigMap wakes the loop, the
 * cron resync repeats it every minute (a kubelet whose object was lost is started again).
 */
import type { Env } from "../../env";
import type { KubeObject } from "../../../schema/types";
import type { ControllerLoop, WrittenChange } from "../../controllers/framework/loop";
import { mapLimit } from "../../controllers/framework/queue";
import { kubeletStub } from "../../controllers/framework/wake";
import { KUBE_CONTROLLER_MANAGER } from "../../controllers/node-lifecycle/shared-informers";
import { assignNodeIndexes, expandNodePool, LABEL_NODE_POOL, nodeIndexOfPodCidr, nodeIPFor, parseNodePool, podCidrFor, type NodeSpecConfig } from "../node";
import type { KubeletConfig } from "./config";

export const NODE_POOL_CONFIGMAP = "node-pool";
export const NODE_POOL_KEY = "pool.json";
const POOL = "pool";

/** The loop's key is the pool: a change of its ConfigMap, or of a managed Node's existence, wakes it. */
export function nodePoolWakes(change: WrittenChange): string[] {
  const m = change.object.metadata ?? {};
  if (change.resource === "/configmaps") return m.namespace === "kube-system" && m.name === NODE_POOL_CONFIGMAP ? [POOL] : [];
  return [];
}

/** The configured nodes, each with the KubeletConfig its kubelet starts with (pure). */
export function plannedKubelets(nodes: readonly KubeObject[], specs: readonly NodeSpecConfig[], env: Pick<Env, "CLUSTER_HOSTS" | "SIMULATED_RUNTIME">): KubeletConfig[] {
  const held: Record<string, number> = {};
  for (const n of nodes) {
    const index = nodeIndexOfPodCidr(n.spec?.podCIDR ?? "");
    if (index !== undefined) held[n.metadata.name] = index;
  }
  // Indexes of registered nodes stay theirs (whether configured or leaving), new nodes get the lowest free ones.
  const indexes = assignNodeIndexes(held, [...Object.keys(held), ...specs.map((s) => s.name)]);
  const ownHosts = (env.CLUSTER_HOSTS ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  const out: KubeletConfig[] = [];
  for (const node of specs) {
    const index = indexes[node.name];
    const podCIDR = index === undefined ? undefined : podCidrFor(index);
    const nodeIP = index === undefined ? undefined : nodeIPFor(index);
    if (index === undefined || !podCIDR || !nodeIP) continue;
    out.push({ node, index, podCIDR, nodeIP, ownHosts, simulatedAllowed: env.SIMULATED_RUNTIME !== "off", runtimeVersion: "workerd" });
  }
  return out;
}

export async function syncNodePool(api: import("../../controllers/framework/api").ControllerApi): Promise<void> {
  const env = api.env;
  const [configMaps, nodes] = await Promise.all([
    api.list("/api/v1/namespaces/kube-system/configmaps", { fieldSelector: `metadata.name=${NODE_POOL_CONFIGMAP}` }),
    api.list("/api/v1/nodes"),
  ]);
  const text: string | undefined = configMaps[0] ? (configMaps[0].data?.[NODE_POOL_KEY] ?? "") : env.NODE_POOL;
  const parsed = parseNodePool(text);
  if (!parsed.ok) {
    // A bad edit changes nothing: the nodes stay as they are until the configuration is valid again.
    console.error(`node pool configuration is invalid, nodes left as they are: ${parsed.message}`);
    return;
  }
  const planned = plannedKubelets(nodes, expandNodePool(parsed.pool), env);
  const wanted = new Set(planned.map((k) => k.node.name));
  const leaving = nodes.filter((n) => Object.hasOwn(n.metadata.labels ?? {}, LABEL_NODE_POOL) && !wanted.has(n.metadata.name));
  await mapLimit(planned, 16, (config) => kubeletStub(env, config.node.name).start(config));
  await mapLimit(leaving, 16, (n) => kubeletStub(env, n.metadata.name).remove());
}

export const nodePoolLoop: ControllerLoop = {
  name: "node-pool",
  // It only reads (the kubelets register and remove their Nodes themselves), as the controller manager's informers.
  user: KUBE_CONTROLLER_MANAGER,
  component: "node-pool-controller",
  wakes: nodePoolWakes,
  async sync(api) {
    await syncNodePool(api);
  },
  async resyncKeys() {
    return [POOL];
  },
};
