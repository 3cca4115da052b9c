/**
 * DefaultPreemption (pkg/scheduler/framework/plugins/defaultpreemption and framework/preemption, 1.32) as a
 * pure PostFilter: whether the pod may preempt, the victims each node would need to lose (the fewest, reprieving
 * the most important first and PodDisruptionBudget-violating ones before the others), the one node to preempt
 * on, and the message when none helps. Every potential node is examined (upstream samples
 * max(10% of nodes, 100) from a random offset: the same set below 100 nodes). Extenders are not supported.
 */
import type { KubeObject } from "../../schema/types";
import type { NodeInfo } from "./common";
import {
  addPodToCycleState,
  NO_PREEMPTION_VICTIMS,
  NOT_ELIGIBLE_PREEMPTION_POLICY_NEVER,
  preemptionFailureMessage,
  preemptionIneligibleMessage,
  removePodFromCycleState,
  type CycleState,
} from "./filters";
import { labelSelectorFromObject, matchLabels } from "../selectors";
import { podPriority } from "./queue";
import { filterWithNominatedPods, type Diagnosis, type FilterFailure } from "./schedule-one";
import { nominatedPodsOn, type Snapshot } from "./snapshot";

/** PodEligibleToPreemptOthers' reason when a lower-priority pod on the nominated node is still terminating. */
export const NOT_ELIGIBLE_TERMINATING_POD = "not eligible due to a terminating pod on the nominated node.";

export type PreemptionResult =
  /** Not eligible: the message is recorded, the nomination left as it is (ModeNoop). */
  | { kind: "ineligible"; message: string }
  /** No node helps: the message is recorded and any nomination cleared. */
  | { kind: "none"; message: string }
  /** Preempt `victims` on `node` and nominate it; `lowerNominated` lose their nomination to that node. */
  | { kind: "candidate"; node: string; victims: KubeObject[]; lowerNominated: KubeObject[] };

const nameOf = (info: NodeInfo): string => String(info.node?.metadata?.name ?? "");
const uidOf = (pod: KubeObject): string => String(pod?.metadata?.uid ?? "");

/** util.GetPodStartTime: status.startTime, or now for pods not started yet. */
const startTime = (pod: KubeObject, now: number): number => Date.parse(pod?.status?.startTime ?? "") || now;

/** util.MoreImportantPod as a sort comparator: higher priority, then started earlier, then the smaller uid. */
export function moreImportantFirst(now: number) {
  return (a: KubeObject, b: KubeObject): number => {
    const byPriority = podPriority(b) - podPriority(a);
    if (byPriority !== 0) return byPriority;
    const byStart = startTime(a, now) - startTime(b, now);
    if (byStart !== 0) return byStart;
    return uidOf(a) < uidOf(b) ? -1 : uidOf(a) > uidOf(b) ? 1 : 0;
  };
}

/** PodEligibleToPreemptOthers. `nominatedNodeStatus` is the nominated node's filter status in this cycle. */
export function podEligibleToPreemptOthers(
  pod: KubeObject,
  snapshot: Snapshot,
  nominatedNodeStatus: FilterFailure | undefined,
): { ok: true } | { ok: false; reason: string } {
  if (pod?.spec?.preemptionPolicy === "Never") return { ok: false, reason: NOT_ELIGIBLE_PREEMPTION_POLICY_NEVER };
  const nominated = pod?.status?.nominatedNodeName;
  if (!nominated) return { ok: true };
  // The nominated node no longer fits whatever is removed: the pod may preempt elsewhere.
  if (nominatedNodeStatus?.unresolvable) return { ok: true };
  const info = snapshot.byName.get(nominated);
  const priority = podPriority(pod);
  if (info?.pods.some((p) => p.metadata?.deletionTimestamp && podPriority(p) < priority)) {
    return { ok: false, reason: NOT_ELIGIBLE_TERMINATING_POD };
  }
  return { ok: true };
}

/**
 * filterPodsWithPDBViolation: a pod violates a budget of its namespace that selects it (a nil or empty selector
 * selects nothing) once that budget's disruptionsAllowed is used up by the pods before it; pods already in the
 * budget's disruptedPods do not count.
 */
export function filterPodsWithPDBViolation(pods: KubeObject[], pdbs: KubeObject[]): { violating: KubeObject[]; nonViolating: KubeObject[] } {
  const allowed = pdbs.map((pdb) => Number(pdb?.status?.disruptionsAllowed ?? 0));
  const selectors = pdbs.map((pdb) => {
    const parsed = labelSelectorFromObject(pdb?.spec?.selector);
    return parsed.ok && parsed.requirements?.length ? parsed.requirements : null;
  });
  const violating: KubeObject[] = [];
  const nonViolating: KubeObject[] = [];
  for (const pod of pods) {
    const labels = pod?.metadata?.labels ?? {};
    let violated = false;
    if (Object.keys(labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (pdb?.metadata?.namespace !== pod.metadata?.namespace || !selectors[i] || !matchLabels(selectors[i], labels)) return;
        if (Object.hasOwn(pdb?.status?.disruptedPods ?? {}, pod.metadata?.name)) return;
        if (--allowed[i] < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pod);
  }
  return { violating, nonViolating };
}

export type VictimSelection =
  | { ok: true; victims: KubeObject[]; numPDBViolations: number }
  | { ok: false; status: FilterFailure };

/**
 * SelectVictimsOnNode: remove every lower-priority pod (from the node and, through RemovePod, from the cycle
 * state); if the pod then fits, add them back one by one (most important first, budget-violating ones before the
 * rest), keeping out only those it cannot fit beside.
 */
export function selectVictimsOnNode(
  pod: KubeObject,
  info: NodeInfo,
  snapshot: Snapshot,
  state: CycleState,
  pdbs: KubeObject[],
  now: number,
): VictimSelection {
  const priority = podPriority(pod);
  const potential = info.pods.filter((p) => podPriority(p) < priority);
  if (potential.length === 0) return { ok: false, status: { ok: false, reasons: [NO_PREEMPTION_VICTIMS], unresolvable: true } };
  let remaining = info.pods.filter((p) => podPriority(p) >= priority);
  let current = potential.reduce((s, p) => removePodFromCycleState(s, pod, p, info), state);
  const fits = () => filterWithNominatedPods(pod, { node: info.node, pods: remaining }, snapshot, current);
  const without = fits();
  if (!without.ok) return { ok: false, status: without };
  const order = moreImportantFirst(now);
  const { violating, nonViolating } = filterPodsWithPDBViolation([...potential].sort(order), pdbs);
  const victims: KubeObject[] = [];
  let numPDBViolations = 0;
  const reprieve = (p: KubeObject): boolean => {
    const before = current;
    remaining = [...remaining, p];
    current = addPodToCycleState(current, pod, p, { node: info.node, pods: remaining });
    if (fits().ok) return true;
    remaining = remaining.slice(0, -1);
    current = before;
    victims.push(p);
    return false;
  };
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  if (violating.length && nonViolating.length) victims.sort(order);
  return { ok: true, victims, numPDBViolations };
}

interface Candidate {
  node: string;
  victims: KubeObject[];
  numPDBViolations: number;
}

/** MaxInt32 + 1: added to every priority so sums of negative priorities compare as upstream's. */
const PRIORITY_OFFSET = 2 ** 31;

/**
 * pickOneNodeForPreemption: fewest PDB violations, then the lowest highest-priority victim, the smallest sum
 * of priorities, the fewest victims, the latest earliest start among the highest-priority victims; then the first.
 */
export function pickOneNodeForPreemption(candidates: Candidate[], now: number): Candidate | undefined {
  const earliestTopStart = (c: Candidate) => {
    const top = podPriority(c.victims[0]);
    return Math.min(...c.victims.filter((v) => podPriority(v) === top).map((v) => startTime(v, now)));
  };
  const scores: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -podPriority(c.victims[0]),
    (c) => -c.victims.reduce((sum, v) => sum + podPriority(v) + PRIORITY_OFFSET, 0),
    (c) => -c.victims.length,
    earliestTopStart,
  ];
  let left = candidates;
  for (const score of scores) {
    if (left.length <= 1) break;
    const values = left.map(score);
    const max = Math.max(...values);
    left = left.filter((_, i) => values[i] === max);
  }
  return left[0];
}

/**
 * Preempt (DefaultPreemption.PostFilter): the outcome for a pod that failed the filters with `diagnosis`.
 * Nodes whose status is UnschedulableAndUnresolvable are not examined (they count as "Preemption is not
 * helpful for scheduling" in the message).
 */
export function preempt(pod: KubeObject, snapshot: Snapshot, diagnosis: Diagnosis, pdbs: KubeObject[], now: number): PreemptionResult {
  const eligible = podEligibleToPreemptOthers(pod, snapshot, diagnosis.nodeStatuses.get(pod?.status?.nominatedNodeName ?? ""));
  if (!eligible.ok) return { kind: "ineligible", message: preemptionIneligibleMessage(eligible.reason) };
  const potential = snapshot.nodes.filter((info) => !diagnosis.nodeStatuses.get(nameOf(info))?.unresolvable);
  const statuses: string[][] = [];
  const candidates: Candidate[] = [];
  for (const info of potential) {
    const selected = selectVictimsOnNode(pod, info, snapshot, diagnosis.state, pdbs, now);
    if (!selected.ok) statuses.push(selected.status.reasons);
    else if (selected.victims.length === 0) statuses.push([`expected at least one victim pod on node "${nameOf(info)}"`]);
    else candidates.push({ node: nameOf(info), victims: selected.victims, numPDBViolations: selected.numPDBViolations });
  }
  const best = pickOneNodeForPreemption(candidates, now);
  if (!best) return { kind: "none", message: preemptionFailureMessage(snapshot.nodes.length, statuses) };
  const priority = podPriority(pod);
  const lowerNominated = nominatedPodsOn(snapshot, best.node, pod).filter((p) => podPriority(p) < priority);
  return { kind: "candidate", node: best.node, victims: best.victims, lowerNominated };
}
