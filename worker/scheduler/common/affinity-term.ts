/**
 * framework.AffinityTerm / WeightedAffinityTerm and the pod-affinity half of framework.NewPodInfo
 * (pkg/scheduler/framework/types.go, 1.32), shared by InterPodAffinity's filter and score: a v1.PodAffinityTerm
 * with its labelSelector and namespaceSelector parsed (metav1.LabelSelectorAsSelector: nil selects nothing, `{}`
 * everything) and its namespace list resolved (no namespaces and no namespaceSelector → the pod's own namespace).
 *
 * matchLabelKeys / mismatchLabelKeys are not read: in 1.32 the API server merges them into labelSelector when the
 * pod is created (MatchLabelKeysInPodAffinity), and the scheduler only ever sees the merged selector.
 */
import type { KubeObject } from "../../../schema/types";
import { labelSelectorFromObject, matchLabels, type LabelRequirement, type Labels } from "../../selectors";
import { aggregate } from "../../selectors/validation";

/** framework.AffinityTerm. A `null` selector is labels.Nothing(); `[]` is labels.Everything(). */
export interface AffinityTerm {
  namespaces: ReadonlySet<string>;
  selector: LabelRequirement[] | null;
  topologyKey: string;
  namespaceSelector: LabelRequirement[] | null;
}

/** framework.WeightedAffinityTerm. */
export interface WeightedAffinityTerm {
  term: AffinityTerm;
  weight: number;
}

/** The affinity fields of framework.PodInfo. A category whose terms do not parse is empty, as upstream leaves it nil. */
export interface PodAffinityTerms {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedAffinityTerm[];
  preferredAntiAffinity: WeightedAffinityTerm[];
}

/** NewPodInfo's result: `message` is its aggregated parse error (utilerrors.NewAggregate), when there is one. */
export type ParsedPodAffinity = { terms: PodAffinityTerms; message?: string };

type TermResult = { ok: true; term: AffinityTerm } | { ok: false; message: string };

/** newAffinityTerm. */
function newAffinityTerm(pod: KubeObject, term: KubeObject): TermResult {
  const selector = labelSelectorFromObject(term?.labelSelector);
  if (!selector.ok) return selector;
  const nsSelector = labelSelectorFromObject(term?.namespaceSelector);
  if (!nsSelector.ok) return nsSelector;
  const listed: string[] = term?.namespaces ?? [];
  const namespaces = new Set(listed.length === 0 && term?.namespaceSelector == null ? [podNamespace(pod)] : listed);
  return {
    ok: true,
    term: { namespaces, selector: selector.requirements, topologyKey: String(term?.topologyKey ?? ""), namespaceSelector: nsSelector.requirements },
  };
}

type TermsResult<T> = { terms: T[]; message?: string };

/** getAffinityTerms: the first term that does not parse fails the whole list. */
function affinityTerms(pod: KubeObject, raw: KubeObject[] | undefined): TermsResult<AffinityTerm> {
  const terms: AffinityTerm[] = [];
  for (const item of raw ?? []) {
    const r = newAffinityTerm(pod, item);
    if (!r.ok) return { terms: [], message: r.message };
    terms.push(r.term);
  }
  return { terms };
}

/** getWeightedAffinityTerms. */
function weightedAffinityTerms(pod: KubeObject, raw: KubeObject[] | undefined): TermsResult<WeightedAffinityTerm> {
  const terms: WeightedAffinityTerm[] = [];
  for (const item of raw ?? []) {
    const r = newAffinityTerm(pod, item?.podAffinityTerm);
    if (!r.ok) return { terms: [], message: r.message };
    terms.push({ term: r.term, weight: Number(item?.weight ?? 0) });
  }
  return { terms };
}

const cache = new WeakMap<object, ParsedPodAffinity>();

/**
 * framework.NewPodInfo's affinity terms, memoized per pod object (pods are never mutated in place). Errors are
 * prefixed with the category, as NewPodInfo reports them.
 */
export function parsePodAffinity(pod: KubeObject): ParsedPodAffinity {
  const hit = cache.get(pod);
  if (hit) return hit;
  const affinity = pod?.spec?.affinity ?? {};
  const requiredAffinity = affinityTerms(pod, affinity.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
  const requiredAntiAffinity = affinityTerms(pod, affinity.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
  const preferredAffinity = weightedAffinityTerms(pod, affinity.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  const preferredAntiAffinity = weightedAffinityTerms(pod, affinity.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  const errors: [string, string | undefined][] = [
    ["requiredAffinityTerms", requiredAffinity.message],
    ["requiredAntiAffinityTerms", requiredAntiAffinity.message],
    ["preferredAffinityTerms", preferredAffinity.message],
    ["preferredAntiAffinityTerms", preferredAntiAffinity.message],
  ];
  const message = aggregate(errors.flatMap(([name, m]) => (m ? [`${name}: ${m}`] : [])));
  const parsed: ParsedPodAffinity = {
    terms: {
      requiredAffinity: requiredAffinity.terms,
      requiredAntiAffinity: requiredAntiAffinity.terms,
      preferredAffinity: preferredAffinity.terms,
      preferredAntiAffinity: preferredAntiAffinity.terms,
    },
    ...(message ? { message } : {}),
  };
  if (pod && typeof pod === "object") cache.set(pod, parsed);
  return parsed;
}

/** The pod's namespace as upstream reads `pod.Namespace`. */
export const podNamespace = (pod: KubeObject): string => String(pod?.metadata?.namespace ?? "");

/** podWithAffinity: the pod declares pod affinity or anti-affinity of any kind (NodeInfo.PodsWithAffinity). */
export const hasPodAffinity = (pod: KubeObject): boolean =>
  pod?.spec?.affinity?.podAffinity != null || pod?.spec?.affinity?.podAntiAffinity != null;

/**
 * AffinityTerm.Matches: the pod's namespace is listed or its labels (`nsLabels`, the pod's namespace's labels)
 * satisfy the namespaceSelector, and the pod's labels satisfy the term's selector.
 */
export function affinityTermMatches(term: AffinityTerm, pod: KubeObject, nsLabels: Labels): boolean {
  if (term.namespaces.has(podNamespace(pod)) || matchLabels(term.namespaceSelector, nsLabels)) {
    return matchLabels(term.selector, pod?.metadata?.labels);
  }
  return false;
}

/** podMatchesAllAffinityTerms: true iff there are terms and the pod matches every one (no namespace labels needed). */
export const podMatchesAllAffinityTerms = (terms: readonly AffinityTerm[], pod: KubeObject): boolean =>
  terms.length > 0 && terms.every((t) => affinityTermMatches(t, pod, undefined));

/**
 * InterPodAffinity.mergeAffinityTermNamespacesIfNotEmpty, for the incoming pod's own terms: a namespaceSelector
 * other than "everything" is unrolled into the namespaces it selects among those that exist, and becomes
 * "nothing"; matching the term then never needs another pod's namespace labels.
 */
export function mergeAffinityTermNamespaces(
  term: AffinityTerm,
  namespaces: ReadonlyMap<string, Record<string, string>>,
): AffinityTerm {
  if (term.namespaceSelector !== null && term.namespaceSelector.length === 0) return term;
  const merged = new Set(term.namespaces);
  for (const [name, labels] of namespaces) if (matchLabels(term.namespaceSelector, labels)) merged.add(name);
  return { ...term, namespaces: merged, namespaceSelector: null };
}

/**
 * A topology pair's map key. Label keys and values cannot contain `=`, so `key=value` is unambiguous.
 */
export const topologyPairKey = (key: string, value: string): string => `${key}=${value}`;

/** The node's value for a topology key, or undefined when it does not carry the label. */
export function topologyValue(node: KubeObject, key: string): string | undefined {
  const labels = node?.metadata?.labels;
  return labels != null && Object.prototype.hasOwnProperty.call(labels, key) ? String(labels[key]) : undefined;
}
