/**
 * metav1.LabelSelector (the structured form in Deployment/ReplicaSet/Job specs) to requirements and to
 * its string form, as apimachinery's metav1.LabelSelectorAsSelector and metav1.FormatLabelSelector.
 */
import {
  formatLabelRequirements,
  sortByKey,
  validateRequirement,
  type LabelOperator,
  type LabelRequirement,
} from "./label-requirement";

/** The JSON shape of metav1.LabelSelector (null/undefined members allowed, as decoded). */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] | null }[] | null;
}

export type LabelSelectorObjectResult =
  /** `requirements: null` is labels.Nothing(): the selector was nil and matches no object. */
  | { ok: true; requirements: LabelRequirement[] | null }
  | { ok: false; message: string };

const EXPRESSION_OPERATORS: Record<string, LabelOperator> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/**
 * metav1.LabelSelectorAsSelector: nil → nothing (null), empty → everything ([]), otherwise matchLabels as
 * `=` requirements plus matchExpressions, validated like labels.NewRequirement and sorted by key.
 */
export function labelSelectorFromObject(selector: LabelSelectorObject | null | undefined): LabelSelectorObjectResult {
  if (selector == null) return { ok: true, requirements: null };
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const r: LabelRequirement = { key, operator: "=", values: [value] };
    const err = validateRequirement(r);
    if (err) return { ok: false, message: err };
    requirements.push(r);
  }
  for (const expr of selector.matchExpressions ?? []) {
    const operator = EXPRESSION_OPERATORS[expr.operator];
    if (!operator) return { ok: false, message: `${JSON.stringify(expr.operator)} is not a valid label selector operator` };
    const r: LabelRequirement = { key: expr.key, operator, values: [...(expr.values ?? [])] };
    const err = validateRequirement(r);
    if (err) return { ok: false, message: err };
    requirements.push(r);
  }
  return { ok: true, requirements: sortByKey(requirements) };
}

/**
 * metav1.FormatLabelSelector: the selector's string form, `<none>` when it selects everything or is nil,
 * `<error>` when invalid. Used by the Selector column of tables. (Scale.status.selector is the plain
 * string form: `formatLabelRequirements(labelSelectorFromObject(s).requirements)`, "" for everything.)
 */
export function formatLabelSelector(selector: LabelSelectorObject | null | undefined): string {
  const result = labelSelectorFromObject(selector);
  if (!result.ok) return "<error>";
  return formatLabelRequirements(result.requirements) || "<none>";
}
