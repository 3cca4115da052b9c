/**
 * FieldError constructors and field paths, matching k8s.io/apimachinery/pkg/util/validation/field:
 * `message` is upstream's `Error.ErrorBody()` (e.g. `Invalid value: "Foo": <detail>`), `field` is `Path.String()`
 * (`spec.containers[0].name`, map keys as `data[key]`).
 */
import type { FieldError } from "../types";

// ---- paths (field.Path.String()) ----

/** `base.name[.name…]`; an empty base yields just the names. */
export const child = (base: string, ...names: string[]): string =>
  names.reduce((p, n) => (p ? `${p}.${n}` : n), base);

/** `base[i]` */
export const index = (base: string, i: number): string => `${base}[${i}]`;

/** `base[key]` (map entries). */
export const key = (base: string, k: string): string => `${base}[${k}]`;

// ---- value rendering (ErrorBody) ----

/** Go's `%q` for a string (JSON escaping is identical for the characters that occur in practice). */
export const goQuote = (s: string): string => JSON.stringify(s);

/**
 * How ErrorBody prints a bad value: strings quoted, numbers and booleans bare, nil as `null`, string slices as
 * Go's `%#v` (`[]string{"a", "b"}`); anything else as JSON (upstream prints Go struct syntax there).
 */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return `[]string{${v.map(goQuote).join(", ")}}`;
  return JSON.stringify(v);
}

const withDetail = (head: string, detail?: string) => (detail ? `${head}: ${detail}` : head);

// ---- constructors (field.Invalid, field.Required, …) ----

export const invalid = (field: string, value: unknown, detail: string): FieldError => ({
  reason: "FieldValueInvalid",
  field,
  message: withDetail(`Invalid value: ${formatValue(value)}`, detail),
});

export const required = (field: string, detail = ""): FieldError => ({
  reason: "FieldValueRequired",
  field,
  message: withDetail("Required value", detail),
});

export const duplicate = (field: string, value: unknown): FieldError => ({
  reason: "FieldValueDuplicate",
  field,
  message: `Duplicate value: ${formatValue(value)}`,
});

/** field.NotSupported: `Unsupported value: "x": supported values: "A", "B"` (valid values in the order given). */
export const notSupported = (field: string, value: unknown, valid: readonly string[]): FieldError => ({
  reason: "FieldValueNotSupported",
  field,
  message: withDetail(
    `Unsupported value: ${formatValue(value)}`,
    valid.length ? `supported values: ${valid.map(goQuote).join(", ")}` : "",
  ),
});

export const forbidden = (field: string, detail: string): FieldError => ({
  reason: "FieldValueForbidden",
  field,
  message: withDetail("Forbidden", detail),
});

/** field.TooLong (1.31+ wording); the value is never printed. */
export const tooLong = (field: string, maxBytes: number): FieldError => ({
  reason: "FieldValueTooLong",
  field,
  message: `Too long: may not be more than ${maxBytes} ${maxBytes === 1 ? "byte" : "bytes"}`,
});

export const tooMany = (field: string, actual: number, max: number): FieldError => ({
  reason: "FieldValueTooMany",
  field,
  message: `Too many: ${actual}: must have at most ${max} items`,
});

/**
 * field.NotFound (`Not found: "x"`, cause type FieldValueNotFound), used upstream for a volumeMount naming no
 * volume.
 */
export const notFound = (field: string, value: unknown): FieldError => ({
  reason: "FieldValueNotFound",
  field,
  message: `Not found: ${formatValue(value)}`,
});

// ---- messages shared by many validators (k8s.io/apimachinery/pkg/api/validation) ----

export const FIELD_IMMUTABLE = "field is immutable";
export const IS_NEGATIVE = "must be greater than or equal to 0";
export const IS_NOT_POSITIVE = "must be greater than zero";

/** validation.InclusiveRangeError */
export const inclusiveRange = (lo: number, hi: number) => `must be between ${lo} and ${hi}, inclusive`;
