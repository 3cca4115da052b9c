/**
 * The Quantity arithmetic quota needs, over the exact BigInt quantities of schema/validation/quantity-exact.ts
 * (nano-units with the format they were written in, so sums print as upstream's canonical String():
 * `1500m`, `2`, `1Gi`, `1536Mi`). Counting must be exact: 100m + 200m is 300m, not 0.30000000000000004.
 */
import {
  addExact,
  canonicalQuantity,
  compareExact,
  parseExactQuantity,
  ZERO_QUANTITY,
  type Quantity,
} from "../../../schema/validation/quantity-exact";

export type { Quantity };

const NANO = 1_000_000_000n;

export const ZERO: Quantity = ZERO_QUANTITY;
export const parseQty = parseExactQuantity;
export const formatQty = canonicalQuantity;
export const cmpQty = compareExact;
/** Quantity.Add: the receiver keeps its format unless it is zero, then it takes the addend's. */
export const addQty = addExact;

/** Quantity.Sub (formats as Add). */
export const subQty = (a: Quantity, b: Quantity): Quantity => addExact(a, { nanos: -b.nanos, format: b.format });

/** An integer count, as resource.NewQuantity(n, DecimalSI). */
export const count = (n: number | bigint): Quantity => ({ nanos: BigInt(n) * NANO, format: "DecimalSI" });

/** Quantity.RoundUp(0): whole units (storage requests are charged in whole bytes). */
export function roundUpToUnit(q: Quantity): Quantity {
  const whole = q.nanos / NANO;
  const up = q.nanos % NANO > 0n ? whole + 1n : whole;
  return { nanos: up * NANO, format: q.format };
}
