/**
 * NodeAffinity's score half (pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go) over
 * k8s.io/component-helpers/scheduling/corev1/nodeaffinity.PreferredSchedulingTerms: a node's raw score is the sum of
 * the weights of the preferred terms it matches; NormalizeScore is DefaultNormalizeScore (not reversed).
 * Scheduler-profile addedAffinity is not modelled (the default profile has none). Term parsing and matching are
 * ../common/node-selector.
 */
import type { KubeObject } from "../../../schema/types";
import { isEmptyNodeSelectorTerm, matchNodeSelectorTerm, parseNodeSelectorTerm, type ParsedNodeSelectorTerm } from "../common/node-selector";
import { defaultNormalizeScore } from "./node-score";

/** A preferred term kept for scoring: weight ≠ 0 and a non-empty preference. */
export interface WeightedTerm {
  weight: number;
  term: ParsedNodeSelectorTerm;
}

/**
 * NodeAffinity PreScore: the pod's preferredDuringSchedulingIgnoredDuringExecution terms, or "skip" when the pod
 * has none (upstream returns Skip and the plugin contributes nothing), or the parse errors (upstream fails the
 * scheduling cycle). Terms with weight 0 or an empty preference are dropped, as NewPreferredSchedulingTerms does.
 */
export function preferredNodeAffinityTerms(
  pod: KubeObject,
): { ok: true; terms: WeightedTerm[] } | { ok: true; skip: true } | { ok: false; errors: string[] } {
  const preferred = pod?.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (preferred == null) return { ok: true, skip: true };
  const terms: WeightedTerm[] = [];
  const errors: string[] = [];
  (preferred as KubeObject[]).forEach((t, i) => {
    const pref = t?.preference ?? {};
    if (!t?.weight || isEmptyNodeSelectorTerm(pref)) return;
    const parsed = parseNodeSelectorTerm(pref, `[${i}].preference`);
    if (parsed.ok) terms.push({ weight: t.weight, term: parsed.term });
    else errors.push(...parsed.errors);
  });
  return errors.length ? { ok: false, errors } : { ok: true, terms };
}

/** NodeAffinity Score: the summed weights of the matching preferred terms. */
export function nodeAffinityScore(terms: WeightedTerm[], node: KubeObject): number {
  return terms.reduce((sum, t) => (matchNodeSelectorTerm(t.term, node) ? sum + t.weight : sum), 0);
}

/** NodeAffinity NormalizeScore. */
export const normalizeNodeAffinityScores = (scores: number[]): number[] => defaultNormalizeScore(scores, false);
