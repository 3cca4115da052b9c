import { describe, expect, it } from "vitest";
import {
  findUntoleratedTaint,
  toleratesTaint,
  tolerationsTolerateTaint,
  type Taint,
  type Toleration,
} from "../../../../worker/scheduler/common";

// v1.Toleration.ToleratesTaint (k8s.io/api/core/v1/toleration_test.go), one table for filters and scores alike.
describe("Toleration.ToleratesTaint", () => {
  const taint: Taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
  const preferTaint: Taint = { key: "k", value: "v", effect: "PreferNoSchedule" };
  it.each<[string, Toleration, Taint, boolean]>([
    ["Equal, same key/value/effect", { key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }, taint, true],
    ["empty operator means Equal", { key: "dedicated", value: "gpu", effect: "NoSchedule" }, taint, true],
    ["Equal, other value", { key: "dedicated", operator: "Equal", value: "cpu", effect: "NoSchedule" }, taint, false],
    ["Equal, missing value vs value", { key: "dedicated", operator: "Equal" }, taint, false],
    ["Equal, empty value vs empty taint value", { key: "k", operator: "Equal" }, { key: "k", effect: "NoSchedule" }, true],
    ["Exists ignores value", { key: "dedicated", operator: "Exists" }, taint, true],
    ["empty effect matches all effects", { key: "dedicated", operator: "Exists" }, { ...taint, effect: "NoExecute" }, true],
    ["other effect", { key: "dedicated", operator: "Exists", effect: "NoExecute" }, taint, false],
    ["other key", { key: "team", operator: "Exists" }, taint, false],
    ["empty key with Exists tolerates everything", { operator: "Exists" }, taint, true],
    ["empty key with Exists and an effect", { operator: "Exists", effect: "NoExecute" }, taint, false],
    ["unknown operator", { key: "dedicated", operator: "Bogus", value: "gpu" }, taint, false],
    // From the score side's table (PreferNoSchedule taint).
    ["empty operator means Equal (PreferNoSchedule)", { key: "k", value: "v" }, preferTaint, true],
    ["Equal with another value (PreferNoSchedule)", { key: "k", operator: "Equal", value: "w" }, preferTaint, false],
    ["Exists on the key (PreferNoSchedule)", { key: "k", operator: "Exists" }, preferTaint, true],
    ["empty key with Exists tolerates everything (PreferNoSchedule)", { operator: "Exists" }, preferTaint, true],
    ["effect must match when set", { key: "k", operator: "Exists", effect: "NoSchedule" }, preferTaint, false],
    ["Gt is not a toleration operator in 1.32", { key: "k", operator: "Gt", value: "1" }, preferTaint, false],
  ])("%s", (_name, toleration, t, want) => {
    expect(toleratesTaint(toleration, t)).toBe(want);
  });
});

describe("TolerationsTolerateTaint / FindMatchingUntoleratedTaint", () => {
  const a: Taint = { key: "a", value: "1", effect: "NoSchedule" };
  const b: Taint = { key: "b", value: "2", effect: "PreferNoSchedule" };
  const c: Taint = { key: "c", effect: "NoExecute" };

  it.each<[string, Toleration[] | undefined, boolean]>([
    ["no tolerations", undefined, false],
    ["empty list", [], false],
    ["one of several tolerates", [{ key: "x", operator: "Exists" }, { key: "a", value: "1" }], true],
    ["none tolerates", [{ key: "a", value: "2" }, { key: "a", operator: "Exists", effect: "NoExecute" }], false],
  ])("tolerate %s", (_name, tolerations, want) => {
    expect(tolerationsTolerateTaint(tolerations, a)).toBe(want);
  });

  it.each<[string, Taint[] | undefined, Toleration[] | undefined, ((t: Taint) => boolean) | undefined, Taint | undefined]>([
    ["no taints", undefined, undefined, undefined, undefined],
    ["first untolerated in node order", [a, b, c], [{ key: "a", operator: "Exists" }], undefined, b],
    ["filter skips effects it does not care about", [a, b, c], [{ key: "a", operator: "Exists" }], (t) => t.effect !== "PreferNoSchedule", c],
    ["everything tolerated", [a, b, c], [{ operator: "Exists" }], undefined, undefined],
  ])("find %s", (_name, taints, tolerations, include, want) => {
    expect(findUntoleratedTaint(taints, tolerations, include)).toEqual(want);
  });
});
