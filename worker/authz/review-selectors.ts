/**
 * The `fieldSelector` / `labelSelector` of an access review's resourceAttributes (authorization/v1, 1.31+,
 * AuthorizeWithSelectors on by default in 1.32): validated as pkg/apis/authorization/validation does, then
 * parsed as pkg/registry/authorization/util does. RBAC ignores selectors, so a parse failure only shows in
 * the review's `evaluationError` (BuildEvaluationError's wording).
 */
import type { FieldError } from "../../schema/types";
import { child, forbidden, index, invalid, required } from "../../schema/validation/field-errors";
import { isQualifiedName, isValidLabelValue } from "../../schema/validation/names";
import { validateLabelSelectorRequirement } from "../../schema/validation/label-selector";
import { parseFieldSelector } from "../selectors/field-selector";
import { parseLabelSelector } from "../selectors";

type Obj = Record<string, unknown>;

interface Requirement {
  key?: string;
  operator?: string;
  values?: string[];
}

const asObj = (v: unknown): Obj | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined);
const requirementsOf = (sel: Obj): Requirement[] => (Array.isArray(sel.requirements) ? (sel.requirements as Requirement[]) : []);
const rawOf = (sel: Obj): string => (typeof sel.rawSelector === "string" ? sel.rawSelector : "");

/** ValidateFieldSelectorRequirement / ValidateLabelSelectorRequirement, unknown operators allowed (newer clients). */
function validateRequirement(r: Requirement, path: string, label: boolean): FieldError[] {
  if (label) return validateLabelSelectorRequirement(r, path).filter((e) => e.field !== child(path, "operator"));
  const errs: FieldError[] = [];
  const values = r.values ?? [];
  if (!r.key) errs.push(required(child(path, "key"), "must be specified"));
  if (r.operator === "In" || r.operator === "NotIn") {
    if (!values.length) errs.push(required(child(path, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if ((r.operator === "Exists" || r.operator === "DoesNotExist") && values.length) {
    errs.push(forbidden(child(path, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  }
  return errs;
}

function validateSelector(sel: Obj | undefined, path: string, label: boolean): FieldError[] {
  if (!sel) return [];
  const errs: FieldError[] = [];
  const raw = rawOf(sel);
  const reqs = requirementsOf(sel);
  if (raw && reqs.length) errs.push(invalid(child(path, "rawSelector"), raw, "may not specified at the same time as requirements"));
  if (!raw && !reqs.length) errs.push(required(child(path, "requirements"), `when ${path} is specified, requirements or rawSelector is required`));
  reqs.forEach((r, i) => errs.push(...validateRequirement(r ?? {}, index(child(path, "requirements"), i), label)));
  return errs;
}

/** validateResourceAttributes: the selectors of `spec.resourceAttributes`. */
export function validateReviewSelectors(resourceAttributes: Obj | undefined): FieldError[] {
  if (!resourceAttributes) return [];
  const path = "spec.resourceAttributes";
  return [
    ...validateSelector(asObj(resourceAttributes.fieldSelector), child(path, "fieldSelector"), false),
    ...validateSelector(asObj(resourceAttributes.labelSelector), child(path, "labelSelector"), true),
  ];
}

/** How many requirements of a selector parse, and whether any failed (fieldSelectorAsSelector & co). */
function parseOutcome(sel: Obj, label: boolean): { parsed: number; failed: boolean } {
  const raw = rawOf(sel);
  const reqs = requirementsOf(sel);
  if (reqs.length) {
    const ok = reqs.filter((r) => (label ? labelRequirementParses(r) : fieldRequirementParses(r))).length;
    return { parsed: ok, failed: ok < reqs.length };
  }
  if (!raw) return { parsed: 0, failed: false };
  return { parsed: 0, failed: !(label ? parseLabelSelector(raw).ok : parseFieldSelector(raw).ok) };
}

/** Field requirements convert to `=` / `!=` terms only: In or NotIn with exactly one value. */
const fieldRequirementParses = (r: Requirement) => (r.operator === "In" || r.operator === "NotIn") && (r.values ?? []).length === 1;

function labelRequirementParses(r: Requirement): boolean {
  const n = (r.values ?? []).length;
  if (isQualifiedName(r.key ?? "").length || (r.values ?? []).some((v) => isValidLabelValue(v).length)) return false;
  if (r.operator === "In" || r.operator === "NotIn") return n > 0;
  return (r.operator === "Exists" || r.operator === "DoesNotExist") && n === 0;
}

/** BuildEvaluationError's selector part: `spec.resourceAttributes.<x>Selector [partially ]ignored due to parse error`. */
export function selectorEvaluationErrors(resourceAttributes: Obj | undefined): string[] {
  const out: string[] = [];
  for (const [name, label] of [["fieldSelector", false], ["labelSelector", true]] as const) {
    const sel = asObj(resourceAttributes?.[name]);
    if (!sel) continue;
    const { parsed, failed } = parseOutcome(sel, label);
    if (failed) out.push(`spec.resourceAttributes.${name} ${parsed ? "partially " : ""}ignored due to parse error`);
  }
  return out;
}
