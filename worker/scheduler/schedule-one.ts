/**
 * One scheduling cycle's algorithm for one pod (pkg/scheduler/schedule_one.go schedulePod, 1.32) over a
 * snapshot: the PreFilter phase (a rejection fails every node), the nominated node alone, then the filters on
 * (a sample of) all nodes with the nominated pods of equal or higher priority counted, then the score plugins
 * and host selection among the feasible nodes.
 * Pure; randomness is injected.
 */
import type { KubeObject } from "../../schema/types";
import { numFeasibleNodesToFind, type NodeInfo } from "./common";
import { addPodToCycleState, DEFAULT_FILTERS, runFilters, runPreFilters, type CycleState, type FilterResult } from "./filters";
import { DEFAULT_SCORE_PLUGIN_WEIGHTS, DEFAULT_SCORE_PLUGINS, prioritizeAndSelectHost, type RandomInt } from "./scores";
import { podPriority } from "./queue";
import { nominatedPodsOn, type Snapshot } from "./snapshot";

/** ErrNoNodesAvailable. */
export const ERR_NO_NODES_AVAILABLE = "no nodes available to schedule pods";

export type FilterFailure = Extract<FilterResult, { ok: false }>;

/** framework.Diagnosis: each rejecting node's status by node name, a PreFilter rejection, the cycle state. */
export interface Diagnosis {
  numAllNodes: number;
  nodeStatuses: Map<string, FilterFailure>;
  /** A PreFilter rejection: every node has this status (unresolvable), and it is the FitError's PreFilterMsg. */
  preFilterMsg?: string;
  /** The PreFilter state of the cycle (preemption filters with it). */
  state: CycleState;
}

export type ScheduleResult =
  | { ok: true; host: string }
  /** ErrNoNodesAvailable: no node exists at all. */
  | { ok: false; noNodes: true }
  /** FitError: no node passed the filters. */
  | { ok: false; fit: Diagnosis }
  /** Any other error of the cycle (a PreFilter or score plugin's): PodScheduled=False, reason SchedulerError. */
  | { ok: false; error: string };

const nameOf = (info: NodeInfo): string => String(info.node?.metadata?.name ?? "");

/**
 * RunFilterPluginsWithNominatedPods: the filters pass with the node's nominated pods of equal or higher
 * priority added (they will land there; the cycle state learns of them through AddPod) and, when any were
 * added, without them too.
 */
export function filterWithNominatedPods(pod: KubeObject, info: NodeInfo, snapshot: Snapshot, state: CycleState): FilterResult {
  const priority = podPriority(pod);
  const nominated = nominatedPodsOn(snapshot, nameOf(info), pod).filter((p) => podPriority(p) >= priority);
  if (nominated.length === 0) return runFilters(pod, info, DEFAULT_FILTERS, state);
  const withNominated: NodeInfo = { node: info.node, pods: [...info.pods, ...nominated] };
  const added = nominated.reduce((s, p) => addPodToCycleState(s, pod, p, withNominated), state);
  const result = runFilters(pod, withNominated, DEFAULT_FILTERS, added);
  return result.ok ? runFilters(pod, info, DEFAULT_FILTERS, state) : result;
}

/**
 * findNodesThatPassFilters: visits nodes from `start` round the list until numFeasibleNodesToFind fit
 * (upstream starts where the previous cycle stopped; a random start spreads the sample the same way).
 */
export function findNodesThatPassFilters(pod: KubeObject, snapshot: Snapshot, start: number, diagnosis: Diagnosis): NodeInfo[] {
  const nodes = snapshot.nodes;
  const want = numFeasibleNodesToFind(nodes.length);
  const feasible: NodeInfo[] = [];
  for (let i = 0; i < nodes.length && feasible.length < want; i++) {
    const info = nodes[(start + i) % nodes.length];
    const result = filterWithNominatedPods(pod, info, snapshot, diagnosis.state);
    if (result.ok) feasible.push(info);
    else diagnosis.nodeStatuses.set(nameOf(info), result);
  }
  return feasible;
}

/** schedulePod: the host for `pod` in `snapshot`, or why there is none. */
export function schedulePod(pod: KubeObject, snapshot: Snapshot, randomInt: RandomInt): ScheduleResult {
  const nodes = snapshot.nodes;
  if (nodes.length === 0) return { ok: false, noNodes: true };
  const pre = runPreFilters(pod, snapshot);
  if (!pre.ok) {
    if (pre.code === "Error") return { ok: false, error: pre.message };
    const status: FilterFailure = { ok: false, reasons: [pre.message], unresolvable: true };
    const nodeStatuses = new Map(nodes.map((info) => [nameOf(info), status]));
    return { ok: false, fit: { numAllNodes: nodes.length, nodeStatuses, preFilterMsg: pre.message, state: {} } };
  }
  const diagnosis: Diagnosis = { numAllNodes: nodes.length, nodeStatuses: new Map(), state: pre.state };
  // A nominated node (set by an earlier preemption) is likely the only fit: it is tried alone first.
  const nominated = snapshot.byName.get(pod?.status?.nominatedNodeName ?? "");
  if (nominated && filterWithNominatedPods(pod, nominated, snapshot, pre.state).ok) return { ok: true, host: nameOf(nominated) };
  const start = numFeasibleNodesToFind(nodes.length) < nodes.length ? randomInt(nodes.length) : 0;
  const feasible = findNodesThatPassFilters(pod, snapshot, start, diagnosis);
  if (feasible.length === 0) return { ok: false, fit: diagnosis };
  const selected = prioritizeAndSelectHost(pod, feasible, randomInt, DEFAULT_SCORE_PLUGINS, DEFAULT_SCORE_PLUGIN_WEIGHTS, snapshot);
  return selected.ok ? { ok: true, host: selected.host } : { ok: false, error: selected.message };
}
