import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import type { SpreadWorkloads } from "../../../../worker/scheduler/common";
import {
  normalizePodTopologySpreadScores,
  podTopologySpreadPreScore,
  podTopologySpreadScore,
  type PodTopologySpreadPreScoreState,
} from "../../../../worker/scheduler/scores";
import { cluster, existsSel, HOSTNAME, namespace, node, pod, spread } from "../cluster-helpers";

const host = (name: string, labels: Record<string, string> = {}) => node(name, { [HOSTNAME]: name, ...labels });
const foo = (name: string, on: string, labels: Record<string, string> = { foo: "" }, extra: { ns?: string; metadata?: KubeObject } = {}) =>
  pod(name, { labels, node: on, ...extra });
const many = (prefix: string, on: string, n: number, labels?: Record<string, string>) =>
  Array.from({ length: n }, (_, i) => foo(`${prefix}${i}`, on, labels));
/** A ScheduleAnyway constraint; `null` leaves labelSelector out (nil). */
const soft = (maxSkew: number, key: string, selector: KubeObject | null = existsSel("foo"), extra: KubeObject = {}) =>
  spread(maxSkew, key, "ScheduleAnyway", selector ?? undefined, extra);
const withSoft = (...constraints: KubeObject[]) => pod("p", { labels: { foo: "", bar: "" }, spread: constraints });

/** PreScore on `feasible` (the cluster also holds `failed`), Score per feasible node, NormalizeScore. */
function scores(p: KubeObject, feasible: KubeObject[], failed: KubeObject[], pods: KubeObject[], workloads?: SpreadWorkloads) {
  const c = cluster([...feasible, ...failed], pods, [namespace("default")], workloads);
  const nodes = c.nodes.filter((n) => feasible.includes(n.node));
  const pre = podTopologySpreadPreScore(p, nodes, c);
  if (pre.code !== "Success") return pre.code;
  return normalizePodTopologySpreadScores(nodes.map((n) => podTopologySpreadScore(pre.state, p, n)), pre.state, nodes);
}

// Upstream TestPodTopologySpreadScore (scoring_test.go); "X/Y" are matching pods per node, ~Y~ a failed node.
describe("PodTopologySpread Score", () => {
  const [ha, hb, hc, hd] = ["a", "b", "c", "d"].map((n) => host(n));
  it.each<[string, KubeObject, KubeObject[], KubeObject[], KubeObject[], number[] | string, SpreadWorkloads?]>([
    ["hostname, no existing pods", withSoft(soft(1, HOSTNAME)), [ha, hb], [], [], [100, 100]],
    ["hostname, one candidate", withSoft(soft(1, HOSTNAME)), [ha], [hb], [...many("a", "a", 2), foo("b1", "b")], [100]],
    ["hostname, equal counts", withSoft(soft(1, HOSTNAME)), [ha, hb], [], [foo("a1", "a"), foo("b1", "b")], [100, 100]],
    [
      "hostname, 2/1/0/3",
      withSoft(soft(1, HOSTNAME)),
      [ha, hb, hc, hd],
      [],
      [...many("a", "a", 2), foo("b1", "b"), ...many("d", "d", 3)],
      [20, 60, 100, 0],
    ],
    ["hostname, nil selector", withSoft(soft(1, HOSTNAME, null)), [ha, hb, hc, hd], [], [...many("a", "a", 2), ...many("d", "d", 3)], [100, 100, 100, 100]],
    [
      "hostname, 2/1/0/3, maxSkew 2",
      withSoft(soft(2, HOSTNAME)),
      [ha, hb, hc, hd],
      [],
      [...many("a", "a", 2), foo("b1", "b"), ...many("d", "d", 3)],
      [33, 66, 100, 16],
    ],
    [
      "hostname, 4/3/2/1, maxSkew 3",
      withSoft(soft(3, HOSTNAME)),
      [ha, hb, hc, hd],
      [],
      [...many("a", "a", 4), ...many("b", "b", 3), ...many("c", "c", 2), foo("d1", "d")],
      [44, 66, 77, 100],
    ],
    [
      "system defaults: nodes without zone, a service selects the pod",
      pod("p", { labels: { foo: "" } }),
      [ha, hb, hc, hd],
      [],
      [...many("a", "a", 4), ...many("b", "b", 3), ...many("c", "c", 2), foo("d1", "d")],
      [44, 66, 77, 100],
      { services: [{ metadata: { name: "svc", namespace: "default" }, spec: { selector: { foo: "" } } }], replicationControllers: [], replicaSets: [], statefulSets: [] },
    ],
    [
      "system defaults without a selecting workload: skipped",
      pod("p", { labels: { foo: "" } }),
      [ha, hb],
      [],
      [foo("a1", "a")],
      "Skip",
      { services: [], replicationControllers: [], replicaSets: [], statefulSets: [] },
    ],
    [
      "hostname, 4/2/1/~3~",
      withSoft(soft(1, HOSTNAME)),
      [host("a"), host("b"), host("x")],
      [host("y")],
      [...many("a", "a", 4), ...many("b", "b", 2), foo("x1", "x"), ...many("y", "y", 3)],
      [33, 83, 100],
    ],
    [
      "hostname, 4/?2?/1/~3~: a node without the key is ignored",
      withSoft(soft(1, HOSTNAME)),
      [host("a"), node("b", { n: "b" }), host("x")],
      [host("y")],
      [...many("a", "a", 4), ...many("b", "b", 2), foo("x1", "x"), ...many("y", "y", 3)],
      [16, 0, 100],
    ],
    [
      "zone, 4/2/1/~3~",
      withSoft(soft(1, "zone")),
      [host("a", { zone: "z1" }), host("b", { zone: "z1" }), host("x", { zone: "z2" })],
      [host("y", { zone: "z2" })],
      [...many("a", "a", 4), ...many("b", "b", 2), foo("x1", "x"), ...many("y", "y", 3)],
      [75, 75, 100],
    ],
    [
      "zone and hostname, 2/~1~/2/~4~",
      withSoft(soft(1, "zone"), soft(1, HOSTNAME)),
      [host("a", { zone: "z1" }), host("x", { zone: "z2" })],
      [host("b", { zone: "z1" }), host("y", { zone: "z2" })],
      [...many("a", "a", 2), foo("b1", "b"), ...many("x", "x", 2), ...many("y", "y", 4)],
      [100, 63],
    ],
    [
      "two zone constraints with different selectors",
      withSoft(soft(1, "zone"), soft(1, "zone", existsSel("bar"))),
      [node("a", { zone: "z1" }), node("x", { zone: "z2" })],
      [node("b", { zone: "z1" }), node("y", { zone: "z2" })],
      [
        foo("a1", "a", { foo: "", bar: "" }),
        foo("a2", "a"),
        foo("b1", "b", { foo: "", bar: "" }),
        foo("y1", "y"),
        foo("y2", "y", { foo: "", bar: "" }),
        foo("y3", "y"),
      ],
      [85, 100],
    ],
    [
      "zone (foo) and hostname (bar)",
      withSoft(soft(1, "zone"), soft(1, HOSTNAME, existsSel("bar"))),
      [host("a", { zone: "z1" }), host("b", { zone: "z1" }), host("x", { zone: "z2" }), host("y", { zone: "z2" })],
      [],
      [foo("a1", "a"), foo("b1", "b", { foo: "", bar: "" }), foo("y1", "y"), foo("y2", "y", { bar: "" })],
      [60, 20, 100, 60],
    ],
    [
      "zone (foo) and hostname (bar), some nodes empty",
      withSoft(soft(1, "zone"), soft(1, HOSTNAME, existsSel("bar"))),
      [host("a", { zone: "z1" }), host("b", { zone: "z1" }), host("x", { zone: "z2" }), host("y", { zone: "z2" })],
      [],
      [foo("b1", "b", { bar: "" }), foo("x1", "x"), foo("y1", "y", { foo: "", bar: "" })],
      [100, 60, 40, 0],
    ],
    [
      "zone (foo) and hostname (bar), 3 of 4 candidates",
      withSoft(soft(1, "zone"), soft(1, HOSTNAME, existsSel("bar"))),
      [host("a", { zone: "z1" }), host("b", { zone: "z1" }), host("x", { zone: "z2" })],
      [host("y", { zone: "z2" })],
      [foo("a1", "a"), foo("b1", "b", { foo: "", bar: "" }), foo("y1", "y"), foo("y2", "y", { bar: "" })],
      [50, 25, 100],
    ],
    [
      "pods of another namespace do not count",
      withSoft(soft(1, HOSTNAME)),
      [ha, hb],
      [],
      [foo("a1", "a", { foo: "" }, { ns: "ns1" }), foo("a2", "a"), ...many("b", "b", 2)],
      [100, 33],
    ],
    [
      "terminating pods do not count",
      withSoft(soft(1, HOSTNAME)),
      [ha, hb],
      [],
      [foo("a1", "a", { foo: "" }, { metadata: { deletionTimestamp: "2024-01-01T00:00:00Z" } }), foo("b1", "b")],
      [100, 0],
    ],
    ["no soft constraints (no constraints → no effect)", pod("p", { labels: { foo: "" } }), [ha, hb], [], [foo("a1", "a")], "Skip"],
    [
      "only DoNotSchedule constraints",
      pod("p", { labels: { foo: "" }, spread: [spread(1, HOSTNAME, "DoNotSchedule", existsSel("foo"))] }),
      [ha, hb],
      [],
      [foo("a1", "a")],
      "Skip",
    ],
  ])("%s", (_name, p, feasible, failed, pods, want, workloads) => {
    expect(scores(p, feasible, failed, pods, workloads)).toEqual(want);
  });
});

describe("PodTopologySpread NormalizeScore", () => {
  const state = (ignored: string[]): PodTopologySpreadPreScoreState => ({
    constraints: [],
    ignoredNodes: new Set(ignored),
    topologyValueToPodCounts: [],
    topologyNormalizingWeight: [],
  });
  const infos = ["a", "b", "c"].map((n) => ({ node: node(n), pods: [] }));
  it.each<[string, number[], string[], number[]]>([
    ["inverts onto 0..100 with integer division", [4, 2, 0], [], [0, 50, 100]],
    ["min is added back: max + min - score", [5, 3, 1], [], [20, 60, 100]],
    ["all zero: every node 100", [0, 0, 0], [], [100, 100, 100]],
    ["ignored nodes score 0 and stay out of min / max", [9, 2, 4], ["a"], [0, 100, 50]],
  ])("%s", (_name, raw, ignored, want) => {
    expect(normalizePodTopologySpreadScores(raw, state(ignored), infos)).toEqual(want);
  });
});
