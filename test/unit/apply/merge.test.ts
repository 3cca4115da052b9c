import { describe, expect, it } from "vitest";
import { compareObjects } from "../../../worker/apply/compare";
import { pathToString } from "../../../worker/apply/field-set";
import { mergeObjects } from "../../../worker/apply/merge";
import { removeItems } from "../../../worker/apply/remove-items";
import { fieldSetOf } from "../../../worker/apply/to-field-set";
import { deploymentSchema, withContainers } from "./fixtures";

const names = (spec: unknown) =>
  ((spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers ?? []).map((c) => c.name);

describe("mergeObjects", () => {
  it.each<[string, unknown, unknown, unknown]>([
    ["scalars: the configuration wins", { replicas: 1, paused: true }, { replicas: 3 }, { replicas: 3, paused: true }],
    [
      "list-map items merge by key",
      withContainers([{ name: "app", image: "a:1", args: ["x"] }]),
      withContainers([{ name: "app", image: "a:2" }]),
      withContainers([{ name: "app", image: "a:2", args: ["x"] }]),
    ],
    [
      "atomic lists are replaced",
      withContainers([{ name: "app", args: ["x", "y"] }]),
      withContainers([{ name: "app", args: ["z"] }]),
      withContainers([{ name: "app", args: ["z"] }]),
    ],
    ["atomic maps are replaced", { selector: { matchLabels: { a: "1", b: "2" } } }, { selector: { matchLabels: { c: "3" } } }, { selector: { matchLabels: { c: "3" } } }],
    [
      "ports merge by containerPort+protocol (TCP by default)",
      withContainers([{ name: "app", ports: [{ containerPort: 80, protocol: "TCP", name: "http" }] }]),
      withContainers([{ name: "app", ports: [{ containerPort: 80 }, { containerPort: 80, protocol: "UDP" }] }]),
      withContainers([{ name: "app", ports: [{ containerPort: 80, protocol: "TCP", name: "http" }, { containerPort: 80, protocol: "UDP" }] }]),
    ],
  ])("%s", (_name, live, config, expected) => {
    expect(mergeObjects(live, config, deploymentSchema.field("spec"))).toEqual(expected);
  });

  it("keeps keys named __proto__ (valid ConfigMap data keys)", () => {
    const merged = mergeObjects(JSON.parse('{"metadata":{"labels":{"a":"1"}}}'), JSON.parse('{"metadata":{"labels":{"__proto__":"x"}}}'), deploymentSchema);
    expect(JSON.stringify(merged)).toBe('{"metadata":{"labels":{"a":"1","__proto__":"x"}}}');
  });

  it.each<[string, string[], string[], string[]]>([
    ["live-only items keep their place", ["a", "b", "c"], ["b"], ["a", "b", "c"]],
    ["new items go where the configuration puts them", ["a", "c"], ["a", "b", "c"], ["a", "b", "c"]],
    ["shared items follow the configuration's order", ["a", "b", "y"], ["b", "a"], ["b", "y", "a"]],
    ["live-only items stay before the shared item that followed them", ["x", "a", "b"], ["b", "a"], ["x", "b", "a"]],
    ["appended items", ["a"], ["b"], ["a", "b"]],
  ])("list order: %s", (_name, live, config, expected) => {
    const spec = mergeObjects(
      withContainers(live.map((name) => ({ name }))),
      withContainers(config.map((name) => ({ name }))),
      deploymentSchema.field("spec"),
    );
    expect(names(spec)).toEqual(expected);
  });
});

describe("compareObjects", () => {
  const show = (c: ReturnType<typeof compareObjects>) => ({
    added: c.added.paths().map(pathToString),
    modified: c.modified.paths().map(pathToString),
    removed: c.removed.paths().map(pathToString),
  });

  it.each<[string, unknown, unknown, object]>([
    ["a modified scalar", { spec: { replicas: 1 } }, { spec: { replicas: 2 } }, { added: [], modified: [".spec.replicas"], removed: [] }],
    [
      "a new list item is added with its fields",
      { spec: withContainers([]) },
      { spec: withContainers([{ name: "a", image: "x" }]) },
      { added: ['.spec.template.spec.containers[name="a"]', '.spec.template.spec.containers[name="a"].image', '.spec.template.spec.containers[name="a"].name'], modified: [], removed: [] },
    ],
    ["a new map is added itself", { metadata: {} }, { metadata: { labels: { a: "1" } } }, { added: [".metadata.labels", ".metadata.labels.a"], modified: [], removed: [] }],
    ["a removed field", { spec: { paused: true, replicas: 1 } }, { spec: { replicas: 1 } }, { added: [], modified: [], removed: [".spec.paused"] }],
    ["equal objects", { spec: { replicas: 1 } }, { spec: { replicas: 1 } }, { added: [], modified: [], removed: [] }],
  ])("%s", (_name, lhs, rhs, expected) => {
    expect(show(compareObjects(lhs, rhs, deploymentSchema))).toEqual(expected);
  });
});

describe("removeItems", () => {
  it.each<[string, unknown, unknown, unknown]>([
    ["removes a list item", { spec: withContainers([{ name: "a" }, { name: "b" }]) }, { spec: withContainers([{ name: "b" }]) }, { spec: withContainers([{ name: "a" }]) }],
    ["removes a map key; an emptied map disappears", { metadata: { labels: { a: "1" } } }, { metadata: { labels: { a: "1" } } }, { metadata: {} }],
    ["an emptied struct stays as {}", { spec: { replicas: 1 } }, { spec: { replicas: 1 } }, { spec: {} }],
  ])("%s", (_name, obj, remove, expected) => {
    const set = fieldSetOf(remove, deploymentSchema);
    expect(removeItems(obj, set, deploymentSchema)).toEqual(expected);
  });
});
