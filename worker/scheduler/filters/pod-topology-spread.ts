/**
 * PodTopologySpread's PreFilter, Filter and PreFilterExtensions (pkg/scheduler/framework/plugins/podtopologyspread/
 * filtering.go, 1.32) for whenUnsatisfiable DoNotSchedule. PreFilter counts, per constraint and topology value, the
 * pods matching the constraint's selector in the pod's namespace on every eligible node (one carrying all the
 * constraints' topology keys and passing the node inclusion policies). Filter admits a node when
 * `matching pods in its domain + (1 if the pod matches itself) - global minimum <= maxSkew`, the global minimum
 * being 0 while fewer than minDomains domains exist. The system default constraints are ScheduleAnyway and so never
 * reach this filter. Constraint parsing is ../common/topology-spread.
 */
import type { KubeObject } from "../../../schema/types";
import { matchLabels } from "../../selectors";
import { podNamespace, topologyValue } from "../common/affinity-term";
import type { ClusterSnapshot } from "../common/snapshot";
import {
  countPodsMatchSelector,
  matchNodeInclusionPolicies,
  nodeLabelsMatchSpreadConstraints,
  podSpreadConstraints,
  type SpreadConstraint,
} from "../common/topology-spread";
import { FIT, unresolvable, unschedulable, type CycleState, type FilterResult, type NodeInfo, type PreFilterStatus } from "./types";

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

/** math.MaxInt32: the critical path's count while a constraint has no domain at all. */
const MAX_INT32 = 2 ** 31 - 1;

/** preFilterState: the DoNotSchedule constraints and, per constraint, topology value → matching pods. */
export interface PodTopologySpreadPreFilterState {
  constraints: SpreadConstraint[];
  tpValueToMatchNum: ReadonlyMap<string, number>[];
}

/**
 * PodTopologySpread.PreFilter (calPreFilterState) over every node of the snapshot; Skip when the pod has no
 * DoNotSchedule constraint. A constraint that does not parse fails the cycle with upstream's error text.
 */
export function podTopologySpreadPreFilter(pod: KubeObject, cluster: ClusterSnapshot): PreFilterStatus<PodTopologySpreadPreFilterState> {
  const parsed = podSpreadConstraints(pod, "DoNotSchedule", cluster.workloads);
  if (!parsed.ok) return { code: "Error", message: `get constraints from pod: ${parsed.message}` };
  const constraints = parsed.constraints;
  if (constraints.length === 0) return { code: "Skip" };
  const tpValueToMatchNum = constraints.map(() => new Map<string, number>());
  const ns = podNamespace(pod);
  for (const { node, pods } of cluster.nodes) {
    if (!nodeLabelsMatchSpreadConstraints(node, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!matchNodeInclusionPolicies(c, pod, node)) return;
      const value = topologyValue(node, c.topologyKey)!;
      const counts = tpValueToMatchNum[i];
      counts.set(value, (counts.get(value) ?? 0) + countPodsMatchSelector(pods, c.selector, ns));
    });
  }
  return { code: "Success", state: { constraints, tpValueToMatchNum } };
}

/**
 * updateWithPod (AddPod +1 / RemovePod -1): `other`, on `node`, counts for each constraint whose selector it matches
 * when it shares the preemptor's namespace and the node is eligible for the preemptor. Returns a new state.
 */
export function podTopologySpreadUpdateWithPod(
  s: PodTopologySpreadPreFilterState,
  other: KubeObject,
  preemptor: KubeObject,
  node: KubeObject,
  delta: 1 | -1,
): PodTopologySpreadPreFilterState {
  if (podNamespace(other) !== podNamespace(preemptor) || !nodeLabelsMatchSpreadConstraints(node, s.constraints)) return s;
  const tpValueToMatchNum = s.tpValueToMatchNum.map((m) => new Map(m));
  s.constraints.forEach((c, i) => {
    if (!matchLabels(c.selector, other?.metadata?.labels) || !matchNodeInclusionPolicies(c, preemptor, node)) return;
    const value = topologyValue(node, c.topologyKey)!;
    tpValueToMatchNum[i].set(value, (tpValueToMatchNum[i].get(value) ?? 0) + delta);
  });
  return { ...s, tpValueToMatchNum };
}

/**
 * preFilterState.minMatchNum: the smallest count among the constraint's domains (upstream's critical path), or 0
 * while there are fewer domains than minDomains.
 */
export function minMatchNum(s: PodTopologySpreadPreFilterState, i: number): number {
  const counts = s.tpValueToMatchNum[i];
  if (counts.size < s.constraints[i].minDomains) return 0;
  let min = MAX_INT32;
  for (const n of counts.values()) if (n < min) min = n;
  return min;
}

/**
 * PodTopologySpread.Filter: a node lacking a topology key is UnschedulableAndUnresolvable; one that would push a
 * domain's skew past maxSkew is Unschedulable (preemption may lower the count).
 */
export function podTopologySpreadFilter(pod: KubeObject, nodeInfo: NodeInfo, state?: CycleState): FilterResult {
  const s = state?.podTopologySpread;
  if (!s || s.constraints.length === 0) return FIT;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    const value = topologyValue(nodeInfo.node, c.topologyKey);
    if (value === undefined) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
    const selfMatchNum = matchLabels(c.selector, pod?.metadata?.labels) ? 1 : 0;
    const skew = (s.tpValueToMatchNum[i].get(value) ?? 0) + selfMatchNum - minMatchNum(s, i);
    if (skew > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
  }
  return FIT;
}
