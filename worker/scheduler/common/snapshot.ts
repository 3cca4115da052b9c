/**
 * The cluster-wide view one scheduling cycle reads (upstream's cache Snapshot plus the informer listers that
 * InterPodAffinity and PodTopologySpread consult): every node with its pods, the namespaces' labels (for
 * namespaceSelector), and optionally the workloads that give PodTopologySpread its system default constraints.
 *
 * How a caller fills it: list nodes, pods, namespaces (and, for default spreading, services, replicationcontrollers,
 * replicasets and statefulsets) once per cycle and hand them to `clusterSnapshot`. Plugins never filter `nodes`
 * themselves: it is upstream's NodeInfos().List() — all nodes, feasible or not.
 */
import type { KubeObject } from "../../../schema/types";
import type { NodeInfo } from "./node-info";

/**
 * The objects helper.DefaultSelector reads to build a pod's default spreading selector: the services, replication
 * controllers, replica sets and stateful sets of the pod's namespace (others are ignored, so passing every
 * namespace's is fine).
 */
export interface SpreadWorkloads {
  services: readonly KubeObject[];
  replicationControllers: readonly KubeObject[];
  replicaSets: readonly KubeObject[];
  statefulSets: readonly KubeObject[];
}

export interface ClusterSnapshot {
  /** Every node (NodeInfos().List()), each with its non-terminal bound pods, as NodeInfo documents. */
  nodes: readonly NodeInfo[];
  /** Namespace name → `metadata.labels`; a namespace absent here does not exist (GetNamespaceLabelsSnapshot → nil). */
  namespaces: ReadonlyMap<string, Record<string, string>>;
  /**
   * For PodTopologySpread's system default constraints (defaultingType System). Absent: pods without their own
   * topologySpreadConstraints get no default spreading.
   */
  workloads?: SpreadWorkloads;
}

const TERMINAL_PHASES = new Set(["Succeeded", "Failed"]);

/**
 * Builds a snapshot from plain lists: pods are grouped under the node their `spec.nodeName` names (pods of nodes
 * not in `nodes`, unbound pods and Succeeded / Failed pods are left out, as the scheduler cache does); node order
 * is kept.
 */
export function clusterSnapshot(
  nodes: readonly KubeObject[],
  pods: readonly KubeObject[],
  namespaces: readonly KubeObject[] = [],
  workloads?: SpreadWorkloads,
): ClusterSnapshot {
  const byNode = new Map<string, KubeObject[]>();
  for (const node of nodes) byNode.set(String(node?.metadata?.name ?? ""), []);
  for (const pod of pods) {
    const nodeName = pod?.spec?.nodeName;
    if (!nodeName || TERMINAL_PHASES.has(pod?.status?.phase)) continue;
    byNode.get(nodeName)?.push(pod);
  }
  return {
    nodes: nodes.map((node) => ({ node, pods: byNode.get(String(node?.metadata?.name ?? "")) ?? [] })),
    namespaces: new Map(namespaces.map((ns) => [String(ns?.metadata?.name ?? ""), { ...(ns?.metadata?.labels ?? {}) }])),
    ...(workloads ? { workloads } : {}),
  };
}

/** A snapshot of just these nodes and no namespaces: what scoring falls back to when a caller passes none. */
export const snapshotOfNodes = (nodes: readonly NodeInfo[]): ClusterSnapshot => ({ nodes, namespaces: new Map() });
