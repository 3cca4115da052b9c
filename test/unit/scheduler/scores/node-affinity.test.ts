import { describe, expect, it } from "vitest";
import {
  nodeAffinityPlugin,
  nodeAffinityScore,
  normalizeNodeAffinityScores,
  preferredNodeAffinityTerms,
} from "../../../../worker/scheduler/scores";
import type { KubeObject } from "../../../../schema/types";
import { makeNode, makePod, withSpec } from "./helpers";

const labelled = (name: string, labels: Record<string, string>) => makeNode(name, {}, { metadata: { labels } });
const req = (key: string, operator: string, values?: string[]) => ({ key, operator, ...(values ? { values } : {}) });
const preferring = (...terms: [number, KubeObject][]) =>
  withSpec(makePod(), {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: terms.map(([weight, preference]) => ({ weight, preference })),
      },
    },
  });

/** PreScore → Score per node → NormalizeScore, as the framework runs them. */
function scores(pod: KubeObject, nodes: KubeObject[]): number[] | "skip" {
  const r = preferredNodeAffinityTerms(pod);
  if (!r.ok) throw new Error(r.errors.join("; "));
  if ("skip" in r) return "skip";
  return normalizeNodeAffinityScores(nodes.map((n) => nodeAffinityScore(r.terms, n)));
}

// Mirrors nodeaffinity/node_affinity_test.go TestNodeAffinityPriority.
describe("NodeAffinity preferred terms", () => {
  const label1 = { foo: "bar" };
  const label2 = { key: "value" };
  const label3 = { az: "az1" };
  const label4 = { abc: "az11", def: "az22" };
  const label5 = { foo: "bar", key: "value", az: "az1" };
  const affinity1 = preferring([2, { matchExpressions: [req("foo", "In", ["bar"])] }]);
  const affinity2 = preferring(
    [2, { matchExpressions: [req("foo", "In", ["bar"])] }],
    [4, { matchExpressions: [req("key", "In", ["value"])] }],
    [5, { matchExpressions: [req("foo", "In", ["bar"]), req("key", "In", ["value"]), req("az", "In", ["az1"])] }],
  );
  it.each<[string, KubeObject, Record<string, string>[], number[] | "skip"]>([
    // Upstream: all 0; PreScore returns Skip, so the plugin adds nothing to any node.
    ["all nodes are same priority as NodeAffinity is nil", makePod(), [label1, label2, label3], "skip"],
    ["no node matches preferred scheduling requirements", affinity1, [label4, label2, label3], [0, 0, 0]],
    ["only node1 matches the preferred scheduling requirements of pod", affinity1, [label1, label2, label3], [100, 0, 0]],
    // Raw 2, 11, 4 → 100*2/11 = 18, 100, 100*4/11 = 36.
    ["all nodes match the preferred requirements but with different priorities", affinity2, [label1, label5, label2], [18, 100, 36]],
  ])("%s", (_name, pod, labels, want) => {
    expect(scores(pod, labels.map((l, i) => labelled(`m${i}`, l)))).toEqual(want);
  });

  it("drops weight-0 and empty terms (NewPreferredSchedulingTerms)", () => {
    const pod = preferring([0, { matchExpressions: [req("foo", "In", ["bar"])] }], [3, {}], [1, { matchExpressions: [req("key", "Exists")] }]);
    expect(scores(pod, [labelled("a", label1), labelled("b", label2)])).toEqual([0, 100]);
  });

  it("reports invalid terms as a PreScore error", () => {
    const pod = preferring([1, { matchExpressions: [req("n", "Gt", ["x"])] }]);
    expect(nodeAffinityPlugin.preScore(pod, []).code).toBe("Error");
  });
});

