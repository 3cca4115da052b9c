/**
 * The PreFilter phase for the default profile's cluster-wide filters (framework.RunPreFilterPlugins, 1.32, over
 * PodTopologySpread then InterPodAffinity, in profile order) and its PreFilterExtensions (RunPreFilterExtensionAddPod /
 * RemovePod), which preemption and nominated pods use to see the cluster with a pod added or removed.
 *
 * Use: `const pre = runPreFilters(pod, snapshot)`; if `pre.ok`, call `runFilters(pod, nodeInfo, DEFAULT_FILTERS,
 * pre.state)` per node. If not: a rejection (UnschedulableAndUnresolvable) is FitError's PreFilterMsg for every node
 * (`fitErrorMessage({ numAllNodes, nodeReasons: [], preFilterMsg: pre.message })`); an Error fails the cycle with
 * `pre.message` as the error.
 */
import type { KubeObject } from "../../../schema/types";
import type { ClusterSnapshot } from "../common/snapshot";
import { interPodAffinityPreFilter, interPodAffinityUpdateWithPod } from "./inter-pod-affinity";
import { podTopologySpreadPreFilter, podTopologySpreadUpdateWithPod } from "./pod-topology-spread";
import type { CycleState, NodeInfo, PreFilterStatus } from "./types";

export type PreFilterResult =
  | { ok: true; state: CycleState }
  | { ok: false; plugin: string; code: "UnschedulableAndUnresolvable" | "Error"; message: string };

type Failure = Extract<PreFilterResult, { ok: false }>;

/** A plugin's non-success, non-skip status as the framework reports it: errors wrapped with the plugin's name. */
function failure(plugin: string, status: PreFilterStatus<unknown>): Failure | undefined {
  if (status.code === "Success" || status.code === "Skip") return undefined;
  const message = status.code === "Error" ? `running PreFilter plugin "${plugin}": ${status.message}` : status.message;
  return { ok: false, plugin, code: status.code, message };
}

/** RunPreFilterPlugins: the first plugin that does not succeed (or skip) ends the phase. */
export function runPreFilters(pod: KubeObject, cluster: ClusterSnapshot): PreFilterResult {
  const state: CycleState = {};
  const spread = podTopologySpreadPreFilter(pod, cluster);
  const spreadFailure = failure("PodTopologySpread", spread);
  if (spreadFailure) return spreadFailure;
  if (spread.code === "Success") state.podTopologySpread = spread.state;
  const affinity = interPodAffinityPreFilter(pod, cluster);
  const affinityFailure = failure("InterPodAffinity", affinity);
  if (affinityFailure) return affinityFailure;
  if (affinity.code === "Success") state.interPodAffinity = affinity.state;
  return { ok: true, state };
}

/**
 * The cycle state as if `other` were also running on `nodeInfo`'s node (AddPod) — or no longer (RemovePod, `-1`).
 * Plugins that skipped stay skipped, as upstream runs the extensions only for plugins that ran. Pure: returns a new
 * state.
 */
export function updateCycleStateWithPod(
  state: CycleState,
  pod: KubeObject,
  other: KubeObject,
  nodeInfo: NodeInfo,
  delta: 1 | -1,
): CycleState {
  const next: CycleState = { ...state };
  if (state.podTopologySpread) {
    next.podTopologySpread = podTopologySpreadUpdateWithPod(state.podTopologySpread, other, pod, nodeInfo.node, delta);
  }
  if (state.interPodAffinity) {
    next.interPodAffinity = interPodAffinityUpdateWithPod(state.interPodAffinity, other, nodeInfo.node, delta);
  }
  return next;
}

/** RunPreFilterExtensionAddPod. */
export const addPodToCycleState = (state: CycleState, pod: KubeObject, podToAdd: KubeObject, nodeInfo: NodeInfo): CycleState =>
  updateCycleStateWithPod(state, pod, podToAdd, nodeInfo, 1);

/** RunPreFilterExtensionRemovePod. */
export const removePodFromCycleState = (state: CycleState, pod: KubeObject, podToRemove: KubeObject, nodeInfo: NodeInfo): CycleState =>
  updateCycleStateWithPod(state, pod, podToRemove, nodeInfo, -1);
