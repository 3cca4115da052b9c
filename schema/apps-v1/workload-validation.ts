/**
 * Validation shared by the workload kinds (apps/v1, batch/v1, policy/v1): label selector matching with
 * metav1.LabelSelectorAsSelector semantics (nil selects nothing, empty selects everything), int-or-percent
 * checks (pkg/apis/apps/validation ValidatePositiveIntOrPercent / IsNotMoreThan100Percent, which policy also
 * uses upstream), and the Go `%#v` renderings upstream prints for selector, label-map and IntOrString values.
 */
import type { FieldError, KubeObject } from "../types";
import { child, goQuote, IS_NEGATIVE } from "../validation/field-errors";
import { semanticEqual } from "../validation/generic";

// ---- Go renderings (field.ErrorBody prints non-Stringer structs with %#v) ----

/** `[]string{"a", "b"}`, or `[]string(nil)` when absent. */
export const goStringSlice = (v: unknown): string =>
  Array.isArray(v) ? `[]string{${v.map((x) => goQuote(String(x))).join(", ")}}` : "[]string(nil)";

/** `map[string]string{"a":"b"}` with sorted keys (fmt sorts maps), or `map[string]string(nil)` when absent. */
export function goStringMap(v: unknown): string {
  if (!v || typeof v !== "object") return "map[string]string(nil)";
  const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[string]string{${entries.map(([k, x]) => `${goQuote(k)}:${goQuote(String(x))}`).join(", ")}}`;
}

/** A dereferenced *metav1.LabelSelector: `v1.LabelSelector{MatchLabels:…, MatchExpressions:…}` (`null` for nil). */
export function goLabelSelector(sel: KubeObject | null | undefined): string {
  if (!sel) return "null";
  const exprs = Array.isArray(sel.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${(sel.matchExpressions as KubeObject[])
        .map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e?.key ?? "")}, Operator:${goQuote(e?.operator ?? "")}, Values:${goStringSlice(e?.values)}}`)
        .join(", ")}}`
    : "[]v1.LabelSelectorRequirement(nil)";
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprs}}`;
}

/** An intstr.IntOrString value. */
export const goIntOrString = (v: unknown): string =>
  typeof v === "string" ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}` : `intstr.IntOrString{Type:0, IntVal:${Number(v ?? 0)}, StrVal:""}`;

/** field.Invalid with a value already rendered in Go syntax. */
export const invalidGo = (field: string, goText: string, detail: string): FieldError => ({
  reason: "FieldValueInvalid",
  field,
  message: detail ? `Invalid value: ${goText}: ${detail}` : `Invalid value: ${goText}`,
});

/** field.NotSupported with a value already rendered in Go syntax. */
export const notSupportedGo = (field: string, goText: string, valid: readonly string[]): FieldError => ({
  reason: "FieldValueNotSupported",
  field,
  message: `Unsupported value: ${goText}: supported values: ${valid.map(goQuote).join(", ")}`,
});

/** ValidateImmutableField for a *metav1.LabelSelector. */
export const immutableSelector = (next: unknown, old: unknown, field: string): FieldError[] =>
  semanticEqual(next, old) ? [] : [invalidGo(field, goLabelSelector(next as KubeObject), "field is immutable")];

// ---- selectors ----

const OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"];

/** An empty (non-nil) selector: no matchLabels and no matchExpressions; it selects everything. */
export const selectorIsEmpty = (sel: KubeObject | null | undefined): boolean =>
  !!sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;

/** LabelSelectorAsSelector would fail: an unknown operator, or values that do not fit the operator. */
export function selectorIsInvalid(sel: KubeObject | null | undefined): boolean {
  return ((sel?.matchExpressions ?? []) as KubeObject[]).some((e) => {
    const n = Array.isArray(e?.values) ? e.values.length : 0;
    if (!OPERATORS.includes(e?.operator)) return true;
    return (e.operator === "In" || e.operator === "NotIn") === (n === 0);
  });
}

/** `labels` are selected by `sel` (nil selects nothing, empty selects everything). */
export function selectorMatches(sel: KubeObject | null | undefined, labels: Record<string, string> | null | undefined): boolean {
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
 * labels.Selector.String() of LabelSelectorAsSelector(sel): requirements sorted by key, values sorted, e.g.
 * `app=web,tier in (a,b)`; "" for nil or empty. This is autoscaling/v1 Scale.status.selector.
 */
export function labelSelectorString(sel: KubeObject | null | undefined): string {
  if (!sel) return "";
  const reqs: [string, string][] = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => [k, `${k}=${v}`]);
  for (const e of (sel.matchExpressions ?? []) as KubeObject[]) {
    const vals = [...((e.values ?? []) as string[])].sort().join(",");
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

/**
 * The template-labels check of ValidatePodTemplateSpecForReplicaSet / StatefulSet / DaemonSet / Job:
 * `<template>.metadata.labels: Invalid value: map[string]string{…}: `selector` does not match template `labels``,
 * skipped for an empty selector (which selects everything) and for selectors that do not parse.
 */
export function validateSelectorMatchesTemplate(sel: KubeObject | null | undefined, template: KubeObject | undefined, templatePath: string): FieldError[] {
  if (selectorIsEmpty(sel) || selectorIsInvalid(sel)) return [];
  const labels = template?.metadata?.labels;
  if (selectorMatches(sel, labels)) return [];
  return [invalidGo(child(templatePath, "metadata", "labels"), goStringMap(labels), "`selector` does not match template `labels`")];
}

// ---- int-or-percent ----

const PERCENT = /^[0-9]+%$/;
/** validation.IsValidPercent's RegexError (note upstream's double space before "or"). */
const PERCENT_ERROR =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** getIntOrPercentValue: an int, or the number of a valid `N%` string (0 otherwise). */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && PERCENT.test(v)) return parseInt(v.slice(0, -1), 10);
  return 0;
}

/** ValidatePositiveIntOrPercent: a non-negative int or a `N%` string. */
export function validatePositiveIntOrPercent(v: unknown, field: string): FieldError[] {
  if (typeof v === "string" && !PERCENT.test(v)) {
    return [invalidGo(field, goIntOrString(v), PERCENT_ERROR)];
  }
  if (typeof v === "number" && v < 0) return [invalidGo(field, String(v), IS_NEGATIVE)];
  return [];
}

/** IsNotMoreThan100Percent. */
export const isNotMoreThan100Percent = (v: unknown, field: string): FieldError[] =>
  typeof v === "string" && PERCENT.test(v) && intOrPercentValue(v) > 100
    ? [invalidGo(field, goIntOrString(v), "must not be greater than 100%")]
    : [];
