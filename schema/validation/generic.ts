/**
 * Small validators and comparisons shared by every kind: ports, non-negative numbers, uniqueness, immutability,
 * and the "semantic" equality upstream uses to compare old and new objects.
 */
import type { FieldError } from "../types";
import { duplicate, FIELD_IMMUTABLE, IS_NEGATIVE, invalid, child, index } from "./field-errors";
import { isValidPortName, isValidPortNum } from "./names";

/** ValidateNonnegativeField */
export const validateNonnegative = (value: unknown, path: string): FieldError[] =>
  typeof value === "number" && value < 0 ? [invalid(path, value, IS_NEGATIVE)] : [];

/** ValidatePortNumOrName: an intstr port is a number in 1–65535 or an IANA_SVC_NAME. */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === "number") return isValidPortNum(port).map((m) => invalid(path, port, m));
  if (typeof port === "string") return isValidPortName(port).map((m) => invalid(path, port, m));
  return isValidPortNum(0).map((m) => invalid(path, 0, m));
}

/** One port number in 1–65535 (`validation.IsValidPortNum`). */
export const validatePortNum = (port: number, path: string): FieldError[] =>
  isValidPortNum(port).map((m) => invalid(path, port, m));

/**
 * Duplicate checks over a list: `Duplicate value` at `<list>[i].<field>` for every item whose key was already
 * seen (empty keys are skipped, as upstream skips names it already reported as Required).
 */
export function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined, listPath: string, fieldName: string): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  items.forEach((item, i) => {
    const k = keyOf(item);
    if (k === undefined || k === "") return;
    if (seen.has(k)) errs.push(duplicate(child(index(listPath, i), fieldName), k));
    else seen.add(k);
  });
  return errs;
}

/**
 * The JSON view of Go's zero values: null/undefined, "", 0, false, [] and {} (after normalising children) all
 * decode to the same Go value, so `apiequality.Semantic.DeepEqual` cannot tell them apart.
 */
export function normalize(v: unknown): unknown {
  if (v === null || v === undefined || v === "" || v === 0 || v === false) return undefined;
  if (Array.isArray(v)) {
    const items = v.map((x) => normalize(x) ?? null);
    return items.length ? items : undefined;
  }
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const n = normalize((v as Record<string, unknown>)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

/** Equality of two decoded values up to Go zero values (see `normalize`). */
export const semanticEqual = (a: unknown, b: unknown): boolean =>
  JSON.stringify(normalize(a) ?? null) === JSON.stringify(normalize(b) ?? null);

/** ValidateImmutableField: `Invalid value: <new>: field is immutable`. */
export const validateImmutableField = (next: unknown, old: unknown, path: string): FieldError[] =>
  semanticEqual(next, old) ? [] : [invalid(path, next ?? null, FIELD_IMMUTABLE)];

export interface ValueDiff {
  path: string;
  from: unknown;
  to: unknown;
}

/** Where two values differ semantically (dotted paths with [i]), with both sides; used to explain Forbidden updates. */
export function diffValues(a: unknown, b: unknown, base = ""): ValueDiff[] {
  const na = normalize(a);
  const nb = normalize(b);
  if (JSON.stringify(na ?? null) === JSON.stringify(nb ?? null)) return [];
  const isObj = (x: unknown) => typeof x === "object" && x !== null && !Array.isArray(x);
  if (isObj(na) && isObj(nb)) {
    const ra = na as Record<string, unknown>;
    const rb = nb as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort();
    return keys.flatMap((k) => diffValues(ra[k], rb[k], child(base, k)));
  }
  if (Array.isArray(na) && Array.isArray(nb) && na.length === nb.length) {
    return na.flatMap((x, i) => diffValues(x, nb[i], index(base, i)));
  }
  return [{ path: base, from: na ?? null, to: nb ?? null }];
}

/** Just the paths of `diffValues`. */
export const diffPaths = (a: unknown, b: unknown, base = ""): string[] => diffValues(a, b, base).map((d) => d.path);

/** Object.entries over a map field, sorted by key (Go map iteration order is random; ours is stable). */
export const sortedEntries = <V>(m: Record<string, V> | null | undefined): [string, V][] =>
  Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** UTF-8 byte length (Go's `len(string)`). */
export const byteLength = (s: string): number => new TextEncoder().encode(s).length;
