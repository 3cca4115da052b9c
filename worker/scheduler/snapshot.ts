/**
 * The scheduler cache's snapshot for one pass (internal/cache.Snapshot), built from one list of nodes, pods and
 * namespaces (./common clusterSnapshot: a NodeInfo per node with its assigned, non-terminal pods), and the
 * nominator's pods (pending pods with status.nominatedNodeName, by node). A pass changes it as
 * upstream's cache does between cycles: an assumed pod joins its node, a preemptor joins its nominated node's
 * nominated pods, victims are marked terminating. Pure; the lists given are not modified.
 */
import type { KubeObject } from "../../schema/types";
import { clusterSnapshot, type ClusterSnapshot, type NodeInfo, type SpreadWorkloads } from "./common";
import { isPendingPod } from "./queue";

/** The cycle's ClusterSnapshot (what PreFilter and the cluster-wide scores read) plus the nominator. */
export interface Snapshot extends ClusterSnapshot {
  /** NodeInfos in node list order (the order nodes are visited); a pass adds assumed pods to them. */
  nodes: NodeInfo[];
  byName: Map<string, NodeInfo>;
  /** Pending pods nominated to a node (status.nominatedNodeName), by node name. */
  nominated: Map<string, KubeObject[]>;
}

export function buildSnapshot(
  nodes: KubeObject[],
  pods: KubeObject[],
  namespaces: KubeObject[] = [],
  workloads?: SpreadWorkloads,
): Snapshot {
  const cluster = clusterSnapshot(nodes, pods, namespaces, workloads);
  const infos: NodeInfo[] = cluster.nodes.map((i) => ({ node: i.node, pods: [...i.pods] }));
  const byName = new Map(infos.map((i) => [String(i.node.metadata?.name ?? ""), i]));
  const nominated = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const nominatedTo = pod?.status?.nominatedNodeName;
    if (nominatedTo && isPendingPod(pod)) nominated.set(nominatedTo, [...(nominated.get(nominatedTo) ?? []), pod]);
  }
  return { ...cluster, nodes: infos, byName, nominated };
}

const sameUid = (a: KubeObject, b: KubeObject): boolean => a.metadata?.uid === b.metadata?.uid;

/** The pod leaves the nominator (it was bound, or its nomination was cleared). */
export function forgetNomination(snapshot: Snapshot, pod: KubeObject): void {
  for (const [node, pods] of snapshot.nominated) {
    const rest = pods.filter((p) => !sameUid(p, pod));
    if (rest.length !== pods.length) snapshot.nominated.set(node, rest);
  }
}

/** AssumePod: the pod counts on `nodeName` from now on (the copy carries spec.nodeName). */
export function assumePod(snapshot: Snapshot, pod: KubeObject, nodeName: string): void {
  forgetNomination(snapshot, pod);
  const info = snapshot.byName.get(nodeName);
  if (info) info.pods.push({ ...pod, spec: { ...pod.spec, nodeName } });
}

/** AddNominatedPod: the pod is nominated to `nodeName` (the copy carries status.nominatedNodeName). */
export function nominatePod(snapshot: Snapshot, pod: KubeObject, nodeName: string): void {
  forgetNomination(snapshot, pod);
  const copy = { ...pod, status: { ...pod.status, nominatedNodeName: nodeName } };
  snapshot.nominated.set(nodeName, [...(snapshot.nominated.get(nodeName) ?? []), copy]);
}

/** Victims being deleted stay on their node until gone, marked terminating (as the informer then shows them). */
export function markTerminating(snapshot: Snapshot, nodeName: string, victims: KubeObject[], now: string): void {
  const info = snapshot.byName.get(nodeName);
  if (!info) return;
  info.pods = info.pods.map((p) =>
    victims.some((v) => sameUid(v, p)) ? { ...p, metadata: { ...p.metadata, deletionTimestamp: now } } : p,
  );
}

/** The nominated pods on `nodeName` other than `pod`. */
export const nominatedPodsOn = (snapshot: Snapshot, nodeName: string, pod: KubeObject): KubeObject[] =>
  (snapshot.nominated.get(nodeName) ?? []).filter((p) => !sameUid(p, pod));
