/**
 * DaemonSetsController.rollingUpdate (pkg/controller/daemon/update.go, 1.32) as a plan. Without surge: delete old
 * pods that are unavailable anyway, and old available ones while fewer than maxUnavailable nodes are unavailable
 * (manage then creates their replacements). With surge: create a new pod beside an old unavailable one at once, and
 * beside old available ones up to maxSurge; delete an old pod once its node's new pod is available; delete pods on
 * nodes that no longer fit only while enough pods elsewhere are available.
 */
import type { KubeObject } from "../../../schema/types";
import { CONTROLLER_REVISION_HASH_LABEL, nodeShouldRunDaemonPod, templateGeneration, TEMPLATE_GENERATION_LABEL } from "./daemon-pod";
import { isPodAvailable } from "./pod-state";
import { surgeCount, unavailableCount } from "./strategy";

/** IsPodUpdated: the pod carries the current revision's hash (or the legacy template generation). */
export function isPodUpdated(pod: KubeObject, hash: string, generation: string | undefined): boolean {
  const labels: Record<string, string> = pod.metadata?.labels ?? {};
  return (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === generation) || (!!hash && labels[CONTROLLER_REVISION_HASH_LABEL] === hash);
}

/**
 * findUpdatedPodsOnNode: the node's one new and one old non-deleted pod; ok false when it has more of either
 * (manage prunes those first).
 */
export function findUpdatedPodsOnNode(ds: KubeObject, pods: readonly KubeObject[], hash: string): { ok: boolean; newPod?: KubeObject; oldPod?: KubeObject } {
  let newPod: KubeObject | undefined;
  let oldPod: KubeObject | undefined;
  const generation = templateGeneration(ds);
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { ok: true, newPod, oldPod };
}

export interface DesiredCounts {
  maxSurge: number;
  maxUnavailable: number;
  desiredNumberScheduled: number;
  /** The node → pods map with an empty entry for every node that should run the daemon and has no pod. */
  byNode: Map<string, KubeObject[]>;
}

/** updatedDesiredNodeCounts; undefined when maxSurge or maxUnavailable is not a valid int or percentage. */
export function updatedDesiredNodeCounts(ds: KubeObject, nodes: readonly KubeObject[], byNode: ReadonlyMap<string, KubeObject[]>): DesiredCounts | undefined {
  const out = new Map(byNode);
  let desired = 0;
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    if (!out.has(node.metadata?.name)) out.set(node.metadata?.name, []);
  }
  let maxUnavailable = unavailableCount(ds, desired);
  const maxSurge = surgeCount(ds, desired);
  if (maxUnavailable === undefined || maxSurge === undefined) return undefined;
  // An impossible configuration (both 0) falls back to accepting one unavailable pod.
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable, desiredNumberScheduled: desired, byNode: out };
}

export interface RollingUpdatePlan {
  deletes: string[];
  createOn: string[];
}

/** rollingUpdate; undefined when the strategy's numbers are invalid (upstream's error). Nodes visited in name order. */
export function planRollingUpdate(ds: KubeObject, nodes: readonly KubeObject[], byNode: ReadonlyMap<string, KubeObject[]>, hash: string, now: Date): RollingUpdatePlan | undefined {
  const counts = updatedDesiredNodeCounts(ds, nodes, byNode);
  if (!counts) return undefined;
  const { maxSurge, maxUnavailable, desiredNumberScheduled } = counts;
  const minReady = Number(ds.spec?.minReadySeconds ?? 0);
  const available = (pod: KubeObject) => isPodAvailable(pod, minReady, now);
  const entries = [...counts.byNode].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const nodeByName = new Map(nodes.map((n) => [n.metadata?.name as string, n]));
  // A node that is gone no longer fits the DaemonSet (upstream errors on the missing node and retries).
  const shouldRun = (name: string) => {
    const node = nodeByName.get(name);
    return node !== undefined && nodeShouldRunDaemonPod(node, ds).shouldRun;
  };

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const replacements: string[] = [];
    const candidates: string[] = [];
    for (const [, pods] of entries) {
      const { ok, newPod, oldPod } = findUpdatedPodsOnNode(ds, pods, hash);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) {
        numUnavailable++;
      } else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (!available(oldPod!)) {
        replacements.push(oldPod!.metadata?.name);
        numUnavailable++;
      } else if (numUnavailable < maxUnavailable) {
        candidates.push(oldPod!.metadata?.name);
      }
    }
    const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
    return { deletes: [...replacements, ...candidates.slice(0, remaining)], createOn: [] };
  }

  const deletes: string[] = [];
  const shouldNotRunDeletes: string[] = [];
  const candidateNodes: string[] = [];
  const allowedNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const [nodeName, pods] of entries) {
    const { ok, newPod, oldPod } = findUpdatedPodsOnNode(ds, pods, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod) {
      if (available(oldPod)) numAvailable++;
    } else if (newPod && available(newPod)) {
      numAvailable++;
    }
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!shouldRun(nodeName)) deletes.push(oldPod.metadata?.name);
        else allowedNodes.push(nodeName);
      } else if (!shouldRun(nodeName)) {
        shouldNotRunDeletes.push(oldPod.metadata?.name);
      } else if (numSurge < maxSurge) {
        candidateNodes.push(nodeName);
      }
      continue;
    }
    // Already surged here: wait for the new pod, then retire the old one.
    if (!available(newPod)) numSurge++;
    else deletes.push(oldPod.metadata?.name);
  }
  // Keep 100% availability when placement moves: retire pods on unfit nodes only as others become available.
  const deletable = Math.min(numAvailable - desiredNumberScheduled, shouldNotRunDeletes.length);
  if (deletable > 0) deletes.push(...shouldNotRunDeletes.slice(0, deletable));
  const remainingSurge = Math.min(Math.max(maxSurge - numSurge, 0), candidateNodes.length);
  return { deletes, createOn: [...allowedNodes, ...candidateNodes.slice(0, remainingSurge)] };
}
