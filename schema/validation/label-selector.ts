/**
 * metav1.LabelSelector validation (k8s.io/apimachinery/pkg/apis/meta/v1/validation ValidateLabelSelector).
 */
import type { FieldError, KubeObject } from "../types";
import { child, forbidden, index, invalid, required } from "./field-errors";
import { isValidLabelValue } from "./names";
import { validateLabelName, validateLabels } from "./object-meta";

export interface LabelSelectorOptions {
  /** Tolerate malformed values (upstream allows it for selectors persisted before the check existed). */
  allowInvalidLabelValueInSelector?: boolean;
}

/** ValidateLabelSelectorRequirement: operator-dependent values, key a qualified name, values label values. */
export function validateLabelSelectorRequirement(req: KubeObject, path: string, opts: LabelSelectorOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  const values: unknown[] = req.values ?? [];
  switch (req.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) errs.push(required(child(path, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) {
        errs.push(forbidden(child(path, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
      break;
    default:
      errs.push(invalid(child(path, "operator"), req.operator ?? "", "not a valid selector operator"));
  }
  errs.push(...validateLabelName(req.key ?? "", child(path, "key")));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      errs.push(...isValidLabelValue(String(v)).map((m) => invalid(index(child(path, "values"), i), v, m)));
    });
  }
  return errs;
}

/** ValidateLabelSelector: matchLabels as labels, each matchExpressions entry as a requirement. */
export function validateLabelSelector(selector: KubeObject | null | undefined, path: string, opts: LabelSelectorOptions = {}): FieldError[] {
  if (!selector) return [];
  const errs = validateLabels(selector.matchLabels, child(path, "matchLabels"));
  ((selector.matchExpressions ?? []) as KubeObject[]).forEach((req, i) => {
    errs.push(...validateLabelSelectorRequirement(req ?? {}, index(child(path, "matchExpressions"), i), opts));
  });
  return errs;
}
