/** Exact Quantity semantics (apimachinery resource.Quantity): canonical String(), Value(), MilliValue(), Cmp. */
import { describe, expect, it } from "vitest";
import {
  addExact,
  canonicalQuantity,
  canonicalQuantityString,
  compareExact,
  parseExactQuantity,
  quantityMilliValue,
  quantityValue,
} from "../../../schema/validation/quantity-exact";

const q = (s: string) => {
  const parsed = parseExactQuantity(s);
  if (!parsed) throw new Error(`unparseable ${s}`);
  return parsed;
};

describe("canonical form (Quantity.String)", () => {
  it.each([
    ["100m", "100m"],
    ["0.1", "100m"],
    ["1000m", "1"],
    ["1000", "1k"],
    ["1.5", "1500m"],
    ["1Gi", "1Gi"],
    ["1024Mi", "1Gi"],
    ["1.5Gi", "1536Mi"],
    ["100Ki", "100Ki"],
    ["1000Ki", "1000Ki"],
    ["0.5Ki", "512"],
    ["1Ki", "1Ki"],
    ["1M", "1M"],
    ["1.5M", "1500k"],
    ["1e3", "1e3"],
    ["12e2", "1200"],
    ["0", "0"],
    ["0.0000000001", "1n"],
    ["-100m", "-100m"],
    ["2", "2"],
  ])("%s → %s", (input, canonical) => {
    expect(canonicalQuantity(q(input))).toBe(canonical);
  });

  it("unparseable input is printed as written", () => {
    expect(canonicalQuantityString("1x")).toBe("1x");
    expect(parseExactQuantity("")).toBeUndefined();
    expect(parseExactQuantity(".")).toBeUndefined();
    expect(parseExactQuantity("1Kb")).toBeUndefined();
  });
});

describe("Value and MilliValue round up", () => {
  it.each([
    ["1", 1n, 1000n],
    ["100m", 1n, 100n],
    ["0.0001", 1n, 1n],
    ["1.5", 2n, 1500n],
    ["1Ki", 1024n, 1024000n],
    ["-1.5", -2n, -1500n],
  ])("%s → value %s, milli %s", (input, value, milli) => {
    expect(quantityValue(q(input))).toBe(value);
    expect(quantityMilliValue(q(input))).toBe(milli);
  });
});

describe("Cmp and Add", () => {
  it("compares exactly across suffixes", () => {
    expect(compareExact(q("1Gi"), q("1024Mi"))).toBe(0);
    expect(compareExact(q("1G"), q("1Gi"))).toBe(-1);
    expect(compareExact(q("0.1"), q("100m"))).toBe(0);
    expect(compareExact(q("101m"), q("0.1"))).toBe(1);
  });

  it("a sum keeps the first non-zero operand's format", () => {
    expect(canonicalQuantity(addExact(q("512Mi"), q("512Mi")))).toBe("1Gi");
    expect(canonicalQuantity(addExact(q("0"), q("1Gi")))).toBe("1Gi");
    expect(canonicalQuantity(addExact(q("100m"), q("900m")))).toBe("1");
  });
});
