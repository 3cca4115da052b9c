/**
 * v1.NodeSelector / NodeSelectorTerm evaluation, shared by NodeAffinity's filter (required terms) and score
 * (preferred terms) and PodTopologySpread's nodeAffinityPolicy, as
 * k8s.io/component-helpers/scheduling/corev1/nodeaffinity (1.32) does it:
 * matchExpressions become labels.Requirements (labels.NewRequirement validation), matchFields accept In / NotIn
 * with exactly one value against the node's only field, metadata.name.
 */
import type { KubeObject } from "../../../schema/types";
import { matchRequirement, validateRequirement, type LabelOperator, type LabelRequirement } from "../../selectors";
import { goQuote, goStringSlice, invalidError } from "../../selectors/validation";

/** v1.NodeSelectorRequirement. */
export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** v1.NodeSelectorTerm: a null or empty term selects no objects. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** A parsed term: ANDed label requirements and metadata.name field requirements. */
export interface ParsedNodeSelectorTerm {
  labels: LabelRequirement[];
  fields: { equal: boolean; key: string; value: string }[];
}

export type ParsedTermResult = { ok: true; term: ParsedNodeSelectorTerm } | { ok: false; errors: string[] };

/** nodeSelectorRequirementsAsSelector's operator mapping (v1.NodeSelectorOperator → selection.Operator). */
const LABEL_OPERATORS: Record<string, LabelOperator> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
  Gt: "gt",
  Lt: "lt",
};

/** isEmptyNodeSelectorTerm. */
export const isEmptyNodeSelectorTerm = (term: NodeSelectorTerm | null | undefined): boolean =>
  !term?.matchExpressions?.length && !term?.matchFields?.length;

/**
 * newNodeSelectorTerm: every requirement is checked and every error kept, with upstream's field paths under
 * `path` (e.g. `nodeSelectorTerms[0]`); a term with any error does not parse.
 */
export function parseNodeSelectorTerm(term: NodeSelectorTerm | KubeObject, path: string): ParsedTermResult {
  const errors: string[] = [];
  const labels: LabelRequirement[] = [];
  (term?.matchExpressions ?? []).forEach((expr: KubeObject, i: number) => {
    const p = `${path}.matchExpressions[${i}]`;
    const operator = LABEL_OPERATORS[expr?.operator];
    if (!operator) {
      errors.push(
        `${p}.operator: Unsupported value: ${goQuote(String(expr?.operator ?? ""))}: supported values: ` +
          `"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"`,
      );
      return;
    }
    const requirement: LabelRequirement = { key: String(expr.key ?? ""), operator, values: [...(expr.values ?? [])] };
    const invalid = validateRequirement(requirement, p);
    if (invalid) errors.push(invalid);
    else labels.push(requirement);
  });
  const fields: ParsedNodeSelectorTerm["fields"] = [];
  (term?.matchFields ?? []).forEach((expr: KubeObject, i: number) => {
    const p = `${path}.matchFields[${i}]`;
    if (expr?.operator !== "In" && expr?.operator !== "NotIn") {
      errors.push(`${p}.operator: Unsupported value: ${goQuote(String(expr?.operator ?? ""))}: supported values: "In", "NotIn"`);
      return;
    }
    const values: string[] | undefined = expr.values;
    if (values?.length !== 1) {
      errors.push(invalidError(`${p}.values`, goStringSlice(values ?? null), "must have one element"));
      return;
    }
    fields.push({ equal: expr.operator === "In", key: String(expr.key ?? ""), value: String(values[0]) });
  });
  return errors.length ? { ok: false, errors } : { ok: true, term: { labels, fields } };
}

/**
 * nodeSelectorTerm.match: every label requirement holds on the node's labels, and every field requirement on
 * {metadata.name} (an unknown field key reads as ""). A node without a name offers no fields, and upstream then
 * skips the field requirements altogether (`len(nodeFields) > 0`).
 */
export function matchNodeSelectorTerm(term: ParsedNodeSelectorTerm, node: KubeObject): boolean {
  const nodeLabels = node?.metadata?.labels ?? {};
  if (!term.labels.every((r) => matchRequirement(r, nodeLabels))) return false;
  const name: string = node?.metadata?.name ?? "";
  if (term.fields.length === 0 || name === "") return true;
  return term.fields.every((f) => ((f.key === "metadata.name" ? name : "") === f.value) === f.equal);
}

/**
 * LazyErrorNodeSelector.Match with its errors dropped (as RequiredNodeAffinity's callers do): terms are ORed;
 * empty terms are left out, a term that does not parse never matches but the others still count; no terms
 * selects nothing.
 */
export function nodeSelectorMatches(terms: readonly NodeSelectorTerm[] | null | undefined, node: KubeObject): boolean {
  return (terms ?? []).some((term, i) => {
    if (isEmptyNodeSelectorTerm(term)) return false;
    const parsed = parseNodeSelectorTerm(term, `nodeSelectorTerms[${i}]`);
    return parsed.ok && matchNodeSelectorTerm(parsed.term, node);
  });
}

/**
 * GetRequiredNodeAffinity(pod).Match(node) with parse errors ignored: every `spec.nodeSelector` entry equals the
 * node's label, and, when the pod has `requiredDuringSchedulingIgnoredDuringExecution`, one of its terms matches.
 */
export function requiredNodeAffinityMatches(pod: KubeObject, node: KubeObject): boolean {
  const labels: Record<string, string> = node?.metadata?.labels ?? {};
  const selector: Record<string, string> = pod?.spec?.nodeSelector ?? {};
  for (const [key, value] of Object.entries(selector)) {
    if (!Object.prototype.hasOwnProperty.call(labels, key) || labels[key] !== value) return false;
  }
  const required = pod?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return required == null || nodeSelectorMatches(required.nodeSelectorTerms, node);
}
