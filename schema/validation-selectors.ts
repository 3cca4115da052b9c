/**
 * Label selectors and int-or-percent values: validation (k8s.io/apimachinery/pkg/apis/meta/v1/validation,
 * pkg/apis/apps/validation) and matching with metav1.LabelSelectorAsSelector semantics: a nil selector selects
 * nothing, an empty one everything.
 */
import type { FieldError, KubeObject } from "./types";
import { forbidden, goIntOrString, invalid, nonNegative, required } from "./field-errors-local";
import { isQualifiedName, isValidLabelValue, regexError, validateLabels } from "./validation-names";

const OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"];

/** ValidateLabelSelector (label values in selectors must be valid). */
export function validateLabelSelector(sel: KubeObject | undefined | null, path: string): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  const exprs: KubeObject[] = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
  exprs.forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values: unknown[] = Array.isArray(e?.values) ? e.values : [];
    switch (e?.operator) {
      case "In":
      case "NotIn":
        if (!values.length) errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length) errs.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(`${p}.operator`, e?.operator ?? "", "not a valid selector operator"));
    }
    for (const m of isQualifiedName(String(e?.key ?? ""))) errs.push(invalid(`${p}.key`, e?.key ?? "", m));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(String(v))) errs.push(invalid(`${p}.values[${j}]`, v, m));
    });
  });
  return errs;
}

/** True when the selector has neither matchLabels nor matchExpressions (selects everything). */
export function selectorIsEmpty(sel: KubeObject | undefined | null): boolean {
  return !!sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/** True when LabelSelectorAsSelector would fail (an unknown operator or a malformed requirement). */
export function selectorIsInvalid(sel: KubeObject | undefined | null): boolean {
  if (!sel) return false;
  return (sel.matchExpressions ?? []).some((e: KubeObject) => {
    const n = Array.isArray(e?.values) ? e.values.length : 0;
    if (!OPERATORS.includes(e?.operator)) return true;
    return (e.operator === "In" || e.operator === "NotIn") === (n === 0);
  });
}

/** `labels` match `sel` (nil selects nothing, empty selects everything). */
export function selectorMatches(sel: KubeObject | undefined | null, labels: Record<string, string> | undefined | null): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of (sel.matchExpressions ?? []) as KubeObject[]) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const values: string[] = e.values ?? [];
    if (e.operator === "In" && !(has && values.includes(l[e.key]))) return false;
    if (e.operator === "NotIn" && has && values.includes(l[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/**
 * labels.Selector.String() of LabelSelectorAsSelector(sel): requirements sorted by key, e.g.
 * `app=web,tier in (a,b)`; "" for an empty or nil selector.
 */
export function labelSelectorString(sel: KubeObject | undefined | null): string {
  if (!sel) return "";
  const reqs: [string, string][] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push([k, `${k}=${v}`]);
  for (const e of (sel.matchExpressions ?? []) as KubeObject[]) {
    const vals = [...(e.values ?? [])].sort().join(",");
    if (e.operator === "In") reqs.push([e.key, `${e.key} in (${vals})`]);
    else if (e.operator === "NotIn") reqs.push([e.key, `${e.key} notin (${vals})`]);
    else if (e.operator === "Exists") reqs.push([e.key, e.key]);
    else if (e.operator === "DoesNotExist") reqs.push([e.key, `!${e.key}`]);
  }
  return reqs
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, s]) => s)
    .join(",");
}

/** getIntOrPercentValue: the number of an int, or of a `N%` string (0 when unparseable). */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const n = parseInt(v.endsWith("%") ? v.slice(0, -1) : v, 10);
    return Number.isNaN(n) ? 0 : n;
  }
  return 0;
}

/** ValidatePositiveIntOrPercent: a non-negative int or a `N%` string. */
export function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === "string") {
    return /^[0-9]+%$/.test(v)
      ? []
      : [invalid(path, goIntOrString(v), regexError("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%"))];
  }
  if (typeof v === "number") return nonNegative(path, v);
  return [];
}

/** IsNotMoreThan100Percent. */
export function isNotMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v !== "string" || !/^[0-9]+%$/.test(v)) return [];
  return intOrPercentValue(v) > 100 ? [invalid(path, goIntOrString(v), "must not be greater than 100%")] : [];
}
