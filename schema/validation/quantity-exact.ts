/**
 * Exact resource.Quantity arithmetic (k8s.io/apimachinery/pkg/api/resource) for the places where upstream's
 * integer semantics show in messages: Value()/MilliValue() (rounded up, away from zero), Cmp, Add, and the
 * canonical String() ("0.1" → "100m", "1024Mi" → "1Gi", "1000" → "1k"). Values are held as BigInt nano-units,
 * the precision ParseQuantity keeps (finer input is rounded up, as upstream does).
 */

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

export interface Quantity {
  /** The value × 10^9. */
  nanos: bigint;
  /** How the quantity prints (the suffix family it was written in). */
  format: QuantityFormat;
}

const NANO = 1_000_000_000n;
const MAX_INT64 = 2n ** 63n - 1n;
/** resource.MaxMilliValue: the largest value whose MilliValue still fits in an int64. */
export const MAX_MILLI_VALUE = MAX_INT64 / 1000n;

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIX).map(([s, e]) => [e, s]));
const BINARY_BY_POWER = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

const SYNTAX = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** a / b rounded away from zero (b > 0). */
function divUp(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : a < 0n ? q - 1n : q + 1n;
}

function scaled(mantissa: bigint, exp10: number): bigint {
  return exp10 >= 0 ? mantissa * 10n ** BigInt(exp10) : divUp(mantissa, 10n ** BigInt(-exp10));
}

/** Parsed quantities by text: a cluster writes the same few ("100m", "64Mi", "32") over and over. */
const parsed = new Map<string, Quantity | undefined>();
const PARSED_MAX = 4096;
const PARSED_TEXT_MAX = 64;

/**
 * ParseQuantity; undefined where upstream's parser refuses (ErrFormatWrong / ErrSuffix). Numbers are DecimalSI.
 * The result is shared (memoized by text): read it, never change it.
 */
export function parseExactQuantity(q: unknown): Quantity | undefined {
  const text = typeof q === "number" && Number.isFinite(q) ? String(q) : q;
  if (typeof text !== "string") return undefined;
  if (parsed.has(text)) return parsed.get(text);
  const quantity = parseQuantityText(text);
  if (text.length > PARSED_TEXT_MAX) return quantity;
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(text, quantity);
  return quantity;
}

function parseQuantityText(text: string): Quantity | undefined {
  const m = SYNTAX.exec(text);
  if (!m) return undefined;
  const [, sign, whole, frac = "", suffix] = m;
  if (whole.length + frac.length === 0) return undefined;
  const digits = BigInt(whole + frac || "0") * (sign === "-" ? -1n : 1n);
  let nanos: bigint;
  let format: QuantityFormat;
  if (suffix in DECIMAL_SUFFIX) {
    format = "DecimalSI";
    nanos = scaled(digits, DECIMAL_SUFFIX[suffix] + 9 - frac.length);
  } else if (suffix in BINARY_SUFFIX) {
    format = "BinarySI";
    nanos = scaled(digits * 1024n ** BigInt(BINARY_SUFFIX[suffix]), 9 - frac.length);
  } else {
    const exp = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
    if (!exp) return undefined;
    format = "DecimalExponent";
    nanos = scaled(digits, Number(exp[1]) + 9 - frac.length);
  }
  return { nanos, format };
}

/** Quantity.Value(): the integer value, rounded up away from zero. */
export const quantityValue = (q: Quantity): bigint => divUp(q.nanos, NANO);

/** Quantity.MilliValue(): value × 1000, rounded up away from zero. */
export const quantityMilliValue = (q: Quantity): bigint => divUp(q.nanos, 1_000_000n);

export const compareExact = (a: Quantity, b: Quantity): -1 | 0 | 1 => (a.nanos === b.nanos ? 0 : a.nanos < b.nanos ? -1 : 1);

/** Quantity.Add: the sum keeps the receiver's format unless the receiver is zero. */
export const addExact = (a: Quantity, b: Quantity): Quantity => ({
  nanos: a.nanos + b.nanos,
  format: a.nanos === 0n ? b.format : a.format,
});

export const ZERO_QUANTITY: Quantity = { nanos: 0n, format: "DecimalSI" };

/** Quantity.String(): the canonical form (CanonicalizeBytes). */
export function canonicalQuantity(q: Quantity): string {
  if (q.nanos === 0n) return "0";
  let format = q.format;
  if (format === "BinarySI" && (q.nanos > -1024n * NANO && q.nanos < 1024n * NANO || q.nanos % NANO !== 0n)) {
    format = "DecimalSI";
  }
  if (format === "BinarySI") {
    let amount = q.nanos / NANO;
    let power = 0;
    while (power < BINARY_BY_POWER.length - 1 && amount % 1024n === 0n) {
      amount /= 1024n;
      power++;
    }
    return `${amount}${BINARY_BY_POWER[power]}`;
  }
  let amount = q.nanos;
  let exponent = -9;
  while (amount % 10n === 0n) {
    amount /= 10n;
    exponent++;
  }
  const drop = ((exponent % 3) + 3) % 3;
  amount *= 10n ** BigInt(drop);
  exponent -= drop;
  if (format === "DecimalSI" && DECIMAL_BY_EXPONENT.has(exponent)) return `${amount}${DECIMAL_BY_EXPONENT.get(exponent)}`;
  return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
}

/** The canonical form of a wire quantity, or the input as written when it does not parse. */
export function canonicalQuantityString(q: unknown): string {
  const parsed = parseExactQuantity(q);
  return parsed ? canonicalQuantity(parsed) : String(q ?? "");
}
