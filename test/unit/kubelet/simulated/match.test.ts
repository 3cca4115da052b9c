import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../../worker/patch/json";
import {
  chooseStage,
  matchingStages,
  requirementMatches,
  resourceMatches,
  selectorMatches,
  type SelectorRequirement,
  type Stage,
} from "../../../../worker/kubelet/simulated";
import { seeded } from "./fixtures";

const obj: JsonObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", labels: { app: "web" }, annotations: { team: "a" }, finalizers: ["x", "y"], emptyList: [], emptyMap: {} },
  spec: { priority: 5, weight: 1.5, hostNetwork: true, nodeName: "", restartPolicy: "Never" },
  status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
};

describe("requirementMatches", () => {
  it.each<[string, SelectorRequirement["operator"], string[], boolean]>([
    // Exists / DoesNotExist on missing fields and on empty values (omitempty reading).
    [".metadata.deletionTimestamp", "Exists", [], false],
    [".metadata.deletionTimestamp", "DoesNotExist", [], true],
    [".spec.nodeName", "Exists", [], false],
    [".metadata.emptyList", "DoesNotExist", [], true],
    [".metadata.emptyMap", "Exists", [], false],
    [".metadata.finalizers", "Exists", [], true],
    [".status.phase", "Exists", [], true],
    // In / NotIn: strings, integers, booleans; fractions match nothing.
    [".status.phase", "In", ["Pending", "Running"], true],
    [".status.phase", "In", ["Pending"], false],
    [".status.phase", "NotIn", ["Pending"], true],
    [".spec.priority", "In", ["5"], true],
    [".spec.priority", "In", ["5.0"], false],
    [".spec.weight", "In", ["1.5"], false],
    [".spec.hostNetwork", "In", ["true"], true],
    [".spec.hostNetwork", "In", ["True"], false],
    // Missing field: In false, NotIn true.
    [".status.reason", "In", ["Evicted"], false],
    [".status.reason", "NotIn", ["Evicted"], true],
    // Several outputs: In if any one is in the set.
    [".metadata.finalizers.[]", "In", ["y"], true],
    [".metadata.finalizers.[]", "NotIn", ["y"], false],
    ['.status.conditions.[] | select(.type == "Ready") | .status', "In", ["True"], true],
    // No output (iterating a missing list): In false, NotIn true, DoesNotExist true.
    ['.status.missing.[] | select(.type == "Ready") | .status', "In", ["True"], false],
    ['.status.missing.[] | select(.type == "Ready") | .status', "NotIn", ["True"], true],
    [".status.missing.[]", "DoesNotExist", [], true],
    // A jq error matches under no operator.
    [".metadata.name.[]", "NotIn", ["x"], false],
    [".metadata.name.[]", "DoesNotExist", [], false],
    // A key that does not parse matches nothing.
    ["metadata.name", "DoesNotExist", [], false],
  ])("%s %s %j → %s", (key, operator, values, want) => {
    expect(requirementMatches({ key, operator, values }, obj)).toBe(want);
  });
});

describe("selectorMatches", () => {
  it.each<[string, Stage["spec"]["selector"], boolean]>([
    ["no selector matches nothing", undefined, false],
    ["an empty selector matches everything", {}, true],
    ["matchLabels", { matchLabels: { app: "web" } }, true],
    ["matchLabels, other value", { matchLabels: { app: "db" } }, false],
    ["matchLabels, missing key", { matchLabels: { tier: "web" } }, false],
    ["matchAnnotations", { matchAnnotations: { team: "a" } }, true],
    ["all ANDed", { matchLabels: { app: "web" }, matchExpressions: [{ key: ".status.phase", operator: "In", values: ["Pending"] }] }, false],
  ])("%s", (_, selector, want) => {
    expect(selectorMatches(selector, obj)).toBe(want);
  });
});

describe("resourceMatches", () => {
  it.each<[{ apiGroup?: string; kind: string }, JsonObject, boolean]>([
    [{ apiGroup: "v1", kind: "Pod" }, { apiVersion: "v1", kind: "Pod" }, true],
    [{ kind: "Pod" }, { apiVersion: "v1", kind: "Pod" }, true],
    [{ apiGroup: "v1", kind: "Node" }, { apiVersion: "v1", kind: "Pod" }, false],
    [{ apiGroup: "batch", kind: "Job" }, { apiVersion: "batch/v1", kind: "Job" }, true],
    [{ apiGroup: "batch/v1", kind: "Job" }, { apiVersion: "batch/v1", kind: "Job" }, true],
    [{ apiGroup: "v1", kind: "Job" }, { apiVersion: "batch/v1", kind: "Job" }, false],
    [{ apiGroup: "v1", kind: "Pod" }, {}, true],
  ])("%j on %j → %s", (ref, o, want) => {
    expect(resourceMatches(ref, o)).toBe(want);
  });
});

const stage = (name: string, weight?: number, weightFrom?: string): Stage => ({
  metadata: { name },
  spec: {
    resourceRef: { kind: "Pod" },
    selector: {},
    weight,
    ...(weightFrom ? { weightFrom: { expressionFrom: weightFrom } } : {}),
    next: {},
  },
});

describe("chooseStage", () => {
  it("nothing to choose from → undefined; one candidate → it, whatever its weight", () => {
    expect(chooseStage([], obj, () => 0)).toBeUndefined();
    expect(chooseStage([stage("only", 0)], obj, () => 0.99)?.metadata.name).toBe("only");
  });

  it.each<[number, string]>([
    [0, "a"],
    [0.2499, "a"],
    [0.25, "b"],
    [0.9999, "b"],
  ])("weights 1 and 3 with random %s → %s", (r, want) => {
    expect(chooseStage([stage("a", 1), stage("b", 3)], obj, () => r)?.metadata.name).toBe(want);
  });

  it("a zero weight is never chosen when another is positive", () => {
    const rnd = seeded(7);
    for (let i = 0; i < 200; i++) expect(chooseStage([stage("zero", 0), stage("five", 5)], obj, rnd)?.metadata.name).toBe("five");
  });

  it("all weights zero → uniform", () => {
    const three = [stage("a"), stage("b"), stage("c")];
    expect(chooseStage(three, obj, () => 0.99)?.metadata.name).toBe("c");
    expect(chooseStage(three, obj, () => 0.34)?.metadata.name).toBe("b");
  });

  it("a seeded draw follows the weights", () => {
    const rnd = seeded(42);
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 4000; i++) counts[chooseStage([stage("a", 1), stage("b", 3)], obj, rnd)!.metadata.name]++;
    expect(counts.a / 4000).toBeGreaterThan(0.22);
    expect(counts.a / 4000).toBeLessThan(0.28);
  });

  it("weightFrom reads the weight from the object, else falls back to weight", () => {
    const withAnno = { ...obj, metadata: { ...(obj.metadata as JsonObject), annotations: { w: "9" } } };
    const pair = [stage("a", 1, '.metadata.annotations["w"]'), stage("b", 1)];
    // a has weight 9 of 10: random 0.85 → offset 8 → a.
    expect(chooseStage(pair, withAnno, () => 0.85)?.metadata.name).toBe("a");
    // Without the annotation a falls back to 1 of 2: random 0.85 → offset 1 → b.
    expect(chooseStage(pair, obj, () => 0.85)?.metadata.name).toBe("b");
  });
});

describe("matchingStages", () => {
  it("keeps list order and drops stages of another kind or without a selector", () => {
    const node: Stage = { metadata: { name: "node" }, spec: { resourceRef: { kind: "Node" }, selector: {}, next: {} } };
    const none: Stage = { metadata: { name: "none" }, spec: { resourceRef: { kind: "Pod" }, next: {} } };
    expect(matchingStages(obj, [stage("x"), node, none, stage("y")]).map((s) => s.metadata.name)).toEqual(["x", "y"]);
  });
});
