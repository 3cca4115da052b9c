/** Quota arithmetic: exact quantities, resource lists and upstream's pretty-printing (apiserver/pkg/quota/v1). */
import { describe, expect, it } from "vitest";
import { addQty, count, formatQty, parseQty, roundUpToUnit, subQty } from "../../../worker/admission/quota/quantity";
import {
  add,
  fromWire,
  lessThanOrEqual,
  mask,
  prettyPrint,
  removeZeros,
  subtractNonNegative,
  toWire,
} from "../../../worker/admission/quota/resource-list";

const q = (s: string) => parseQty(s)!;
const sum = (...xs: string[]) => formatQty(xs.map(q).reduce(addQty));

describe("quantity sums print canonically", () => {
  it.each([
    [["100m", "200m"], "300m"],
    [["500m", "500m"], "1"],
    [["1", "500m"], "1500m"],
    [["1Gi", "512Mi"], "1536Mi"],
    [["512Mi", "512Mi"], "1Gi"],
    [["0", "1Gi"], "1Gi"],
    [["1G", "1G"], "2G"],
    [["1000"], "1k"],
    [["0.5"], "500m"],
    [["1e3"], "1e3"],
    [["100Mi", "1"], "104857601"],
    [["1Ki", "1"], "1025"],
  ])("%j → %s", (xs, want) => {
    expect(sum(...xs)).toBe(want);
  });

  it("a zero receiver takes the addend's format (Quantity.Add)", () => {
    expect(formatQty(addQty(count(0), q("2Gi")))).toBe("2Gi");
    expect(formatQty(addQty(q("2Gi"), count(0)))).toBe("2Gi");
  });

  it("subtraction and rounding up to whole units", () => {
    expect(formatQty(subQty(q("1"), q("300m")))).toBe("700m");
    expect(formatQty(roundUpToUnit(q("1500m")))).toBe("2");
    expect(formatQty(roundUpToUnit(q("1Gi")))).toBe("1Gi");
  });

  it.each(["", "abc", "1.2.3", "1Qi", "--1"])("refuses %j", (s) => {
    expect(parseQty(s)).toBeUndefined();
  });
});

describe("resource lists", () => {
  const used = fromWire({ pods: "2", "requests.cpu": "1500m", "requests.memory": "1Gi" });
  it("add keeps every key and sums the shared ones", () => {
    expect(toWire(add(used, fromWire({ pods: "1", "limits.cpu": "2" })))).toEqual({
      "limits.cpu": "2",
      pods: "3",
      "requests.cpu": "1500m",
      "requests.memory": "1Gi",
    });
  });
  it("subtractNonNegative floors at zero and zeroes keys only in b", () => {
    expect(toWire(subtractNonNegative(fromWire({ a: "1", b: "5" }), fromWire({ a: "3", c: "1" })))).toEqual({ a: "0", b: "5", c: "0" });
  });
  it("mask and removeZeros", () => {
    expect(toWire(mask(used, ["pods", "nothing"]))).toEqual({ pods: "2" });
    expect(toWire(removeZeros(fromWire({ a: "0", b: "0m", c: "1" })))).toEqual({ c: "1" });
  });
  it("lessThanOrEqual names what exceeds, ignoring names b does not limit", () => {
    expect(lessThanOrEqual(fromWire({ pods: "3", secrets: "9" }), fromWire({ pods: "2" }))).toEqual({ ok: false, exceeded: ["pods"] });
    expect(lessThanOrEqual(fromWire({ pods: "2" }), fromWire({ pods: "2" }))).toEqual({ ok: true, exceeded: [] });
  });
  it("prettyPrint sorts by name and prints canonical quantities", () => {
    expect(prettyPrint(fromWire({ "requests.memory": "1024Mi", pods: "1", "limits.cpu": "0.5" }))).toBe("limits.cpu=500m,pods=1,requests.memory=1Gi");
  });
});
