import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  compareQuantities,
  diffPaths,
  parseQuantity,
  semanticEqual,
  uniqueBy,
  validateImmutableField,
  validateLabelSelector,
  validatePortNumOrName,
} from "../../../../schema/validation";

describe("validateLabelSelector", () => {
  it.each<[string, KubeObject, string[]]>([
    ["matchLabels", { matchLabels: { app: "web" } }, []],
    ["In with values", { matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }] }, []],
    ["Exists without values", { matchExpressions: [{ key: "tier", operator: "Exists" }] }, []],
    ["In without values", { matchExpressions: [{ key: "tier", operator: "In" }] },
      ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]],
    ["Exists with values", { matchExpressions: [{ key: "tier", operator: "DoesNotExist", values: ["x"] }] },
      ["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"]],
    ["unknown operator", { matchExpressions: [{ key: "tier", operator: "Gt", values: ["1"] }] },
      ['spec.selector.matchExpressions[0].operator: Invalid value: "Gt": not a valid selector operator']],
    ["bad value", { matchExpressions: [{ key: "tier", operator: "In", values: ["a b"] }] },
      ["spec.selector.matchExpressions[0].values[0]"]],
    ["bad matchLabels value", { matchLabels: { app: "-x" } }, ["spec.selector.matchLabels"]],
  ])("%s", (_name, selector, expected) => {
    const got = validateLabelSelector(selector, "spec.selector").map((e) => `${e.field}: ${e.message}`);
    expect(got).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(got[i].startsWith(e)).toBe(true));
  });

  it("tolerates a missing selector", () => {
    expect(validateLabelSelector(undefined, "spec.selector")).toEqual([]);
  });
});

describe("quantities", () => {
  it.each<[unknown, number | undefined]>([
    ["1", 1],
    ["100m", 0.1],
    ["1.5", 1.5],
    ["1Ki", 1024],
    ["1Gi", 2 ** 30],
    ["2k", 2000],
    ["1e3", 1000],
    ["1E-3", 0.001],
    ["5n", 5e-9],
    ["+3", 3],
    [".5", 0.5],
    [0.25, 0.25],
    ["1 GB", undefined],
    ["1GB", undefined],
    ["abc", undefined],
    ["", undefined],
    [" 1", undefined],
    [null, undefined],
  ])("parseQuantity(%j) = %s", (q, v) => {
    expect(parseQuantity(q)).toBe(v);
  });

  it.each<[unknown, unknown, -1 | 0 | 1]>([
    ["1", "1000m", 0],
    ["500m", "1", -1],
    ["1Gi", "1G", 1],
    ["128Mi", 134217728, 0],
  ])("compare %j with %j", (a, b, c) => {
    expect(compareQuantities(a, b)).toBe(c);
  });
});

describe("generic helpers", () => {
  it.each<[unknown, unknown, boolean]>([
    [{ a: null }, {}, true],
    [{ a: [] }, { a: undefined }, true],
    [{ a: "" }, {}, true],
    [{ a: 0, b: false }, {}, true],
    [{ a: { b: {} } }, {}, true],
    [{ a: 1 }, { a: 2 }, false],
    [[1, 2], [2, 1], false],
    [{ x: { y: 1, z: 2 } }, { x: { z: 2, y: 1 } }, true],
  ])("semanticEqual(%j, %j) = %s", (a, b, eq) => {
    expect(semanticEqual(a, b)).toBe(eq);
  });

  it("diffPaths names the changed leaves", () => {
    expect(diffPaths({ a: { b: 1, c: [1, 2] } }, { a: { b: 2, c: [1, 3] } }, "spec")).toEqual(["spec.a.b", "spec.a.c[1]"]);
  });

  it("validateImmutableField", () => {
    expect(validateImmutableField("a", "a", "f")).toEqual([]);
    expect(validateImmutableField("b", "a", "f")).toEqual([{ reason: "FieldValueInvalid", field: "f", message: 'Invalid value: "b": field is immutable' }]);
  });

  it("uniqueBy reports later duplicates", () => {
    const errs = uniqueBy([{ n: "a" }, { n: "b" }, { n: "a" }], (x) => x.n, "spec.items", "n");
    expect(errs).toEqual([{ reason: "FieldValueDuplicate", field: "spec.items[2].n", message: 'Duplicate value: "a"' }]);
  });

  it.each<[unknown, number]>([[80, 0], ["http", 0], [0, 1], ["HTTP", 2], [undefined, 1]])("validatePortNumOrName(%j)", (p, n) => {
    expect(validatePortNumOrName(p, "port")).toHaveLength(n);
  });
});
