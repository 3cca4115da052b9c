/**
 * Which pods a PodDisruptionBudget covers (metav1.LabelSelectorAsSelector on spec.selector: a null selector
 * matches nothing, an empty one every pod of the namespace, an invalid one nothing), and the stale
 * DisruptionTarget conditions the disruption controller resets (nonTerminatingPodHasStaleDisruptionCondition).
 */
import type { KubeObject } from "../../../schema/types";
import { labelSelectorFromObject, matchLabels } from "../../selectors";
import { DISRUPTION_TARGET, podCondition } from "../node-lifecycle/pod-conditions";
import { parseTime } from "../node-lifecycle/time";

/** stalePodDisruptionTimeout */
export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000;

/** Whether the budget's selector selects `pod` (same namespace assumed). */
export function budgetSelects(pdb: KubeObject, pod: KubeObject): boolean {
  const parsed = labelSelectorFromObject(pdb.spec?.selector);
  if (!parsed.ok || parsed.requirements === null) return false;
  return matchLabels(parsed.requirements, pod.metadata?.labels ?? {});
}

/** The budgets of `pdbs` in the pod's namespace whose selector selects it. */
export const budgetsSelecting = (pdbs: readonly KubeObject[], pod: KubeObject): KubeObject[] =>
  pdbs.filter((p) => p.metadata?.namespace === pod.metadata?.namespace && budgetSelects(p, pod));

const TERMINAL = new Set(["Succeeded", "Failed"]);

/**
 * A pod with DisruptionTarget=True but no deletion (its eviction or preemption never completed): undefined when
 * it is not one (terminating, terminal, or the condition is the kubelet's), else the ms left until its
 * condition is reset to False (0: now).
 */
export function staleDisruptionAfterMs(pod: KubeObject, now: number): number | undefined {
  if (pod.metadata?.deletionTimestamp) return undefined;
  const cond = podCondition(pod, DISRUPTION_TARGET);
  if (!cond || cond.status !== "True" || cond.reason === "TerminationByKubelet" || TERMINAL.has(pod.status?.phase)) return undefined;
  const since = parseTime(cond.lastTransitionTime) ?? 0;
  return Math.max(0, since + STALE_POD_DISRUPTION_TIMEOUT_MS - now);
}

/** metav1.LabelSelector.String() (the generated Go form), as upstream prints a selector with %v. */
export function selectorString(sel: KubeObject | null | undefined): string {
  if (!sel) return "nil";
  const labels = Object.keys(sel.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${sel.matchLabels[k]},`)
    .join("");
  const exprs = (sel.matchExpressions ?? [])
    .map((e: KubeObject) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(" ")}],},`)
    .join("");
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
