/**
 * The shapes every scheduler filter shares: the NodeInfo it reads (defined in ../common), the outcome of one Filter
 * call (framework.Status with codes Success / Unschedulable / UnschedulableAndUnresolvable) as a value, and the
 * CycleState the PreFilter phase (./pre-filter) computes once per pod for the filters that need the whole cluster.
 */
import type { KubeObject } from "../../../schema/types";
import type { NodeInfo } from "../common/node-info";
import type { InterPodAffinityPreFilterState } from "./inter-pod-affinity";
import type { PodTopologySpreadPreFilterState } from "./pod-topology-spread";

export type { NodeInfo };

/**
 * A filter's verdict. `reasons` are upstream's Status reasons verbatim (they become the FailedScheduling
 * message); `unresolvable` is UnschedulableAndUnresolvable: preempting pods on this node cannot help.
 */
export type FilterResult = { ok: true } | { ok: false; reasons: string[]; unresolvable?: boolean };

/**
 * framework.CycleState as the filters read it: each cluster-wide plugin's PreFilter state, absent when its
 * PreFilter returned Skip (the pod has nothing that plugin checks) — its Filter then passes every node.
 */
export interface CycleState {
  podTopologySpread?: PodTopologySpreadPreFilterState;
  interPodAffinity?: InterPodAffinityPreFilterState;
}

/** framework.FilterPlugin.Filter as a pure function; per-node filters ignore `state`. */
export type FilterFn = (pod: KubeObject, nodeInfo: NodeInfo, state?: CycleState) => FilterResult;

/**
 * A PreFilter plugin's status: Success with its state, Skip, a rejection of every node
 * (UnschedulableAndUnresolvable, which becomes FitError's PreFilterMsg), or an Error (a failed cycle).
 */
export type PreFilterStatus<S> =
  | { code: "Success"; state: S }
  | { code: "Skip" }
  | { code: "UnschedulableAndUnresolvable" | "Error"; message: string };

export const FIT: FilterResult = Object.freeze({ ok: true });

/** framework.NewStatus(Unschedulable, reasons...). */
export const unschedulable = (...reasons: string[]): FilterResult => ({ ok: false, reasons });

/** framework.NewStatus(UnschedulableAndUnresolvable, reasons...). */
export const unresolvable = (...reasons: string[]): FilterResult => ({ ok: false, reasons, unresolvable: true });
