/**
 * resource.Quantity parsing for validation (k8s.io/apimachinery/pkg/api/resource): syntax check and an
 * approximate numeric value (float64) good enough to compare requests with limits and min with max.
 * Canonical re-serialisation is not done: messages print the quantity as the user wrote it.
 */

/** resource.ErrFormatWrong's message. */
export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const QUANTITY = /^([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))(.*)$/;

/** The value of a Quantity (string or number on the wire), or undefined when upstream's parser rejects it. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === "number") return Number.isFinite(q) ? q : undefined;
  if (typeof q !== "string") return undefined;
  const m = QUANTITY.exec(q.trim() === q ? q : "");
  if (!m) return undefined;
  const num = Number(m[1]);
  const suffix = m[2];
  if (!Number.isFinite(num)) return undefined;
  if (suffix in BINARY) return num * BINARY[suffix];
  if (suffix in DECIMAL) return scale(num, DECIMAL[suffix]);
  const exp = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  if (exp) return scale(num, Number(exp[1]));
  return undefined;
}

/** num × 10^exp, dividing for negative exponents so that e.g. 100m is exactly 0.1. */
const scale = (num: number, exp: number) => (exp >= 0 ? num * 10 ** exp : num / 10 ** -exp);

export const isValidQuantity = (q: unknown): boolean => parseQuantity(q) !== undefined;

/** -1, 0 or 1 like Quantity.Cmp; undefined when either side does not parse. */
export function compareQuantities(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (x === undefined || y === undefined) return undefined;
  const eps = Math.max(Math.abs(x), Math.abs(y)) * 1e-12;
  if (Math.abs(x - y) <= eps) return 0;
  return x < y ? -1 : 1;
}

/** The quantity as upstream would print it in a message (the input string; numbers as decimal). */
export const quantityString = (q: unknown): string => (typeof q === "number" ? String(q) : String(q ?? ""));
