/**
 * Field errors used by the non-core group modules (k8s.io/apimachinery/pkg/util/validation/field).
 *
 * Messages follow upstream's `field.Error.ErrorBody()`: `Invalid value: <value>: <detail>`, `Required value`,
 * `Unsupported value: "x": supported values: "a", "b"`, `Forbidden: <detail>`. Values are printed the way Go's
 * fmt prints them there: strings with %q, numbers and booleans plainly, other values with %#v; `goRepr` carries a
 * pre-rendered %#v for structs (e.g. `v1.LabelSelector{...}`).
 */
import type { FieldError, KubeObject } from "./types";

/** A value already rendered the way Go's `%#v` would print it. */
export class GoRepr {
  constructor(readonly text: string) {}
}
export const goRepr = (text: string) => new GoRepr(text);

const q = (s: string) => JSON.stringify(s);

/** Renders a bad value as upstream's ErrorBody does. */
export function goValue(v: unknown): string {
  if (v instanceof GoRepr) return v.text;
  if (v === undefined || v === null) return "null";
  if (typeof v === "string") return q(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return goStringSlice(v);
  if (typeof v === "object" && Object.values(v).every((x) => typeof x === "string")) return goStringMap(v as Record<string, string>);
  return JSON.stringify(v);
}

/** `[]string{"a", "b"}` (`[]string(nil)` for absent). */
export function goStringSlice(v: unknown): string {
  if (!Array.isArray(v)) return "[]string(nil)";
  return `[]string{${v.map((x) => q(String(x))).join(", ")}}`;
}

/** `map[string]string{"a":"b"}` with sorted keys, as Go's fmt prints maps (`map[string]string(nil)` for absent). */
export function goStringMap(v: unknown): string {
  if (!v || typeof v !== "object") return "map[string]string(nil)";
  const entries = Object.entries(v as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[string]string{${entries.map(([k, x]) => `${q(k)}:${q(String(x))}`).join(", ")}}`;
}

/** `%#v` of a *metav1.LabelSelector (dereferenced), as printed in `field is immutable` errors. */
export function goLabelSelector(sel: KubeObject | undefined | null): GoRepr {
  if (!sel) return goRepr("null");
  const exprs = Array.isArray(sel.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
        .map((e: KubeObject) => `v1.LabelSelectorRequirement{Key:${q(e?.key ?? "")}, Operator:${q(e?.operator ?? "")}, Values:${goStringSlice(e?.values)}}`)
        .join(", ")}}`
    : "[]v1.LabelSelectorRequirement(nil)";
  return goRepr(`v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprs}}`);
}

/** `%#v` of an intstr.IntOrString value. */
export function goIntOrString(v: unknown): GoRepr {
  return typeof v === "string"
    ? goRepr(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${q(v)}}`)
    : goRepr(`intstr.IntOrString{Type:0, IntVal:${Number(v ?? 0)}, StrVal:""}`);
}

const withDetail = (head: string, detail?: string) => (detail ? `${head}: ${detail}` : head);

export const invalid = (field: string, value: unknown, detail = ""): FieldError => ({
  reason: "FieldValueInvalid",
  field,
  message: withDetail(`Invalid value: ${goValue(value)}`, detail),
});

export const required = (field: string, detail = ""): FieldError => ({
  reason: "FieldValueRequired",
  field,
  message: withDetail("Required value", detail),
});

export const forbidden = (field: string, detail = ""): FieldError => ({
  reason: "FieldValueForbidden",
  field,
  message: withDetail("Forbidden", detail),
});

export const notSupported = (field: string, value: unknown, supported: string[]): FieldError => ({
  reason: "FieldValueNotSupported",
  field,
  message: withDetail(`Unsupported value: ${goValue(value)}`, supported.length ? `supported values: ${supported.map(q).join(", ")}` : ""),
});

export const duplicate = (field: string, value: unknown): FieldError => ({
  reason: "FieldValueDuplicate",
  field,
  message: `Duplicate value: ${goValue(value)}`,
});

export const tooLong = (field: string, max: number): FieldError => ({
  reason: "FieldValueTooLong",
  field,
  message: `Too long: may not be more than ${max} ${max === 1 ? "byte" : "bytes"}`,
});

export const tooMany = (field: string, actual: number, max: number): FieldError => ({
  reason: "FieldValueTooMany",
  field,
  message: `Too many: ${actual}: must have at most ${max} ${max === 1 ? "item" : "items"}`,
});

/** apiequality.Semantic.DeepEqual on JSON: absent, null, empty list and empty map are all equal. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (x: unknown) =>
    x === undefined || x === null || (Array.isArray(x) && x.length === 0) || (typeof x === "object" && !Array.isArray(x) && Object.keys(x as object).every((k) => (x as KubeObject)[k] === undefined || (x as KubeObject)[k] === null));
  if (empty(a) && empty(b)) return true;
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => semanticEqual(x, bb[i]));
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const k of keys) if (!semanticEqual((a as KubeObject)[k], (b as KubeObject)[k])) return false;
  return true;
}

/** ValidateImmutableField: `Invalid value: <new>: field is immutable` when the value changed. */
export function immutable(field: string, next: unknown, prev: unknown, repr: unknown = next): FieldError[] {
  return semanticEqual(next, prev) ? [] : [invalid(field, repr, "field is immutable")];
}

/** ValidateNonnegativeField. */
export function nonNegative(field: string, v: unknown): FieldError[] {
  return typeof v === "number" && v < 0 ? [invalid(field, v, "must be greater than or equal to 0")] : [];
}
