import { describe, expect, it } from "vitest";
import {
  DEFAULT_SCORE_PLUGIN_WEIGHTS,
  prioritizeAndSelectHost,
  runScorePlugins,
  selectHost,
  type NodePluginScores,
  type RandomInt,
  type ScorePlugin,
} from "../../../../worker/scheduler/scores";
import { info, makeNode, makePod, withSpec } from "./helpers";

const totals = (...entries: [string, number][]): NodePluginScores[] =>
  entries.map(([name, totalScore]) => ({ name, scores: [], totalScore }));
/** Replays fixed rand.Intn results. */
const draws = (...values: number[]): RandomInt => {
  let i = 0;
  return () => values[i++] ?? 0;
};

describe("default profile weights (default_plugins.go, 1.32)", () => {
  it("weights the score plugins as upstream", () => {
    expect(DEFAULT_SCORE_PLUGIN_WEIGHTS).toEqual({
      TaintToleration: 3,
      NodeAffinity: 2,
      NodeResourcesFit: 1,
      PodTopologySpread: 2,
      InterPodAffinity: 2,
      NodeResourcesBalancedAllocation: 1,
      ImageLocality: 1,
    });
  });
});

// Mirrors schedule_one_test.go TestSelectHost, with the reservoir draws made explicit.
describe("selectHost", () => {
  it.each<[string, NodePluginScores[], RandomInt, string, string[]]>([
    ["unique properly ordered scores", totals(["node1.1", 1], ["node2.1", 2]), draws(), "node2.1", ["node2.1", "node1.1"]],
    // Ties visited in input order: the 2nd tie replaces the candidate when Intn(2) == 0.
    ["equal scores, second tie drawn", totals(["node1.1", 1], ["node1.2", 2], ["node1.3", 2]), draws(0), "node1.3", ["node1.3", "node1.2", "node1.1"]],
    ["equal scores, first tie kept", totals(["node1.1", 1], ["node1.2", 2], ["node1.3", 2]), draws(1), "node1.2", ["node1.2", "node1.3", "node1.1"]],
    // Four nodes at 3: draws for ties 2, 3, 4 are Intn(2)=1, Intn(3)=0, Intn(4)=2 → the third tie, node1.3.
    [
      "out of order scores, more ties than reported nodes",
      totals(["node1.1", 3], ["node1.2", 3], ["node2.1", 2], ["node3.1", 1], ["node1.3", 3], ["node3.2", 3]),
      draws(1, 0, 2),
      "node1.3",
      ["node1.3", "node1.2", "node1.1"],
    ],
  ])("%s", (_name, list, random, host, top) => {
    const r = selectHost(list, random);
    expect(r.ok && r.host).toBe(host);
    expect(r.ok && r.top.map((s) => s.name)).toEqual(top);
  });

  it("empty priority list", () => {
    expect(selectHost([], draws())).toEqual({ ok: false, message: "empty priorityList" });
  });

  it("each tied node is reachable, with draws as rand.Intn would give them", () => {
    const list = totals(["a", 5], ["b", 5], ["c", 5]);
    // Intn(2), Intn(3): (1,1) keeps a; (0,1) picks b; (x,0) picks c.
    expect([draws(1, 1), draws(0, 1), draws(1, 0)].map((r) => (selectHost(list, r) as { host: string }).host)).toEqual(["a", "b", "c"]);
  });
});

describe("runScorePlugins", () => {
  const nodes = [info(makeNode("n1")), info(makeNode("n2"))];
  const fixed = (name: string, scores: number[], normalize?: (s: number[]) => number[]): ScorePlugin<null> => ({
    name,
    preScore: () => ({ code: "Success", state: null }),
    score: (_s, _p, n) => scores[nodes.indexOf(n)],
    normalize,
  });

  it("multiplies each normalized score by its plugin's weight and sums them", () => {
    const r = runScorePlugins(makePod(), nodes, [fixed("TaintToleration", [100, 0]), fixed("NodeResourcesFit", [40, 90]), fixed("Custom", [10, 20])]);
    expect(r).toEqual({
      ok: true,
      scores: [
        { name: "n1", scores: [{ name: "TaintToleration", score: 300 }, { name: "NodeResourcesFit", score: 40 }, { name: "Custom", score: 10 }], totalScore: 350 },
        { name: "n2", scores: [{ name: "TaintToleration", score: 0 }, { name: "NodeResourcesFit", score: 90 }, { name: "Custom", score: 20 }], totalScore: 110 },
      ],
    });
  });

  it("skipped plugins contribute nothing", () => {
    const skipping: ScorePlugin<null> = { name: "NodeAffinity", preScore: () => ({ code: "Skip" }), score: () => 100 };
    const r = runScorePlugins(makePod(), nodes, [skipping, fixed("NodeResourcesFit", [1, 2])]);
    expect(r.ok && r.scores.map((s) => s.totalScore)).toEqual([1, 2]);
  });

  it("no score plugins: every node scores 1", () => {
    const r = runScorePlugins(makePod(), nodes, []);
    expect(r.ok && r.scores.map((s) => s.totalScore)).toEqual([1, 1]);
  });

  it("a score outside 0..100 after normalizing is an error", () => {
    expect(runScorePlugins(makePod(), nodes, [fixed("Bad", [101, 0])])).toEqual({
      ok: false,
      message: `plugin "Bad" returns an invalid score 101, it should in the range of [0, 100] after normalizing`,
    });
  });
});

describe("prioritizeAndSelectHost with the default plugins", () => {
  const pod = withSpec(makePod({ cpu: "500m", memory: "512Mi" }), {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["z1"] }] } }],
      },
    },
  });
  const nodeA = makeNode("a", { cpu: "2", memory: "4Gi" }, { metadata: { labels: { zone: "z2" } }, spec: { taints: [{ key: "dedicated", value: "x", effect: "PreferNoSchedule" }] } });
  const nodeB = makeNode("b", { cpu: "2", memory: "4Gi" }, { metadata: { labels: { zone: "z1" } } });

  it("scores every plugin by hand", () => {
    // TaintToleration raw 1 / 0 → 0 / 100, ×3. NodeAffinity raw 0 / 1 → 0 / 100, ×2.
    // Fit a: cpu 1500/2000 free → 75, mem 3.5Gi/4Gi → 87 → 81; b (+1 cpu, 1Gi used): 25, 62 → 43.
    // Balanced a: 0.25 vs 0.125 → 93; b: 0.75 vs 0.375 → 81.
    const r = prioritizeAndSelectHost(pod, [info(nodeA), info(nodeB, makePod({ cpu: "1", memory: "1Gi" }))], draws());
    expect(r).toEqual({
      ok: true,
      host: "b",
      evaluated: "scored",
      top: [
        {
          name: "b",
          totalScore: 624,
          scores: [
            { name: "TaintToleration", score: 300 },
            { name: "NodeAffinity", score: 200 },
            { name: "NodeResourcesFit", score: 43 },
            { name: "NodeResourcesBalancedAllocation", score: 81 },
          ],
        },
        {
          name: "a",
          totalScore: 174,
          scores: [
            { name: "TaintToleration", score: 0 },
            { name: "NodeAffinity", score: 0 },
            { name: "NodeResourcesFit", score: 81 },
            { name: "NodeResourcesBalancedAllocation", score: 93 },
          ],
        },
      ],
    });
  });

  it("a lone feasible node is taken without scoring", () => {
    expect(prioritizeAndSelectHost(pod, [info(nodeA)], draws())).toEqual({ ok: true, host: "a", top: [], evaluated: "single-node" });
  });

  it("identical nodes tie and the injected draw decides", () => {
    const plain = (name: string) => makeNode(name, { cpu: "4", memory: "8Gi" });
    const feasible = [info(plain("x")), info(plain("y"))];
    const host = (random: RandomInt) => {
      const r = prioritizeAndSelectHost(makePod({ cpu: "1" }), feasible, random);
      return r.ok ? r.host : r.message;
    };
    expect([host(draws(0)), host(draws(1))]).toEqual(["y", "x"]);
  });

  it("an invalid preferred term fails the cycle", () => {
    const bad = withSpec(makePod(), {
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: "n", operator: "Gt", values: ["x"] }] } }] } },
    });
    const r = prioritizeAndSelectHost(bad, [info(nodeA), info(nodeB)], draws());
    expect(r.ok).toBe(false);
  });
});
