import { describe, expect, it } from "vitest";
import { formatLabelSelector, formatLabels, labelSelectorString, layoutContainerCells, listWithMore } from "../../../worker/tables/format";

describe("label formatting", () => {
  it.each<[string, unknown, string]>([
    ["absent", undefined, "<none>"],
    ["empty", {}, "<none>"],
    ["sorted by key", { tier: "fe", app: "web" }, "app=web,tier=fe"],
  ])("formatLabels: %s", (_name, m, want) => {
    expect(formatLabels(m)).toBe(want);
  });

  it.each<[string, unknown, string | undefined, string]>([
    ["nil selector", undefined, "", "<none>"],
    ["empty selector", {}, "", "<none>"],
    ["matchLabels", { matchLabels: { b: "2", a: "1" } }, "a=1,b=2", "a=1,b=2"],
    [
      "every operator, sorted by key, values sorted",
      {
        matchLabels: { app: "web" },
        matchExpressions: [
          { key: "zone", operator: "NotIn", values: ["us-b", "us-a"] },
          { key: "env", operator: "In", values: ["prod"] },
          { key: "canary", operator: "DoesNotExist" },
          { key: "gpu", operator: "Exists" },
        ],
      },
      "app=web,!canary,env in (prod),gpu,zone notin (us-a,us-b)",
      "app=web,!canary,env in (prod),gpu,zone notin (us-a,us-b)",
    ],
    ["unknown operator", { matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] }, undefined, "<error>"],
    ["In without values", { matchExpressions: [{ key: "a", operator: "In" }] }, undefined, "<error>"],
    ["Exists with values", { matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }, undefined, "<error>"],
  ])("selector: %s", (_name, sel, raw, formatted) => {
    expect(labelSelectorString(sel)).toBe(raw);
    expect(formatLabelSelector(sel)).toBe(formatted);
  });
});

describe("list helpers", () => {
  it.each<[string[], string]>([
    [[], "<unset>"],
    [["a"], "a"],
    [["a", "b", "c"], "a,b,c"],
    [["a", "b", "c", "d"], "a,b,c + 1 more..."],
  ])("listWithMore(%j)", (items, want) => {
    expect(listWithMore(items)).toBe(want);
  });

  it.each<[unknown, [string, string]]>([
    [undefined, ["", ""]],
    [[{ name: "a", image: "x:1" }], ["a", "x:1"]],
    [[{ name: "a", image: "x:1" }, { name: "b" }], ["a,b", "x:1,"]],
  ])("layoutContainerCells(%j)", (containers, want) => {
    expect(layoutContainerCells(containers)).toEqual(want);
  });
});
