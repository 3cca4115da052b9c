import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  addPodToCycleState,
  podTopologySpreadFilter,
  podTopologySpreadPreFilter,
  removePodFromCycleState,
  runPreFilters,
} from "../../../../worker/scheduler/filters";
import { cluster, existsSel, filterEach, HOSTNAME, node, pod, show, spread } from "../cluster-helpers";

const SKEW = "node(s) didn't match pod topology spread constraints";
const MISSING = "node(s) didn't match pod topology spread constraints (missing required label) !";

const a = node("a", { zone: "z1", [HOSTNAME]: "a" });
const b = node("b", { zone: "z1", [HOSTNAME]: "b" });
const x = node("x", { zone: "z2", [HOSTNAME]: "x" });
const y = node("y", { zone: "z2", [HOSTNAME]: "y" });
const foo = (name: string, on: string, labels: Record<string, string> = {}, extra: { ns?: string; metadata?: KubeObject } = {}) =>
  pod(name, { labels: { foo: "", ...labels }, node: on, ...extra });
const zoneFoo = (extra: KubeObject = {}) => spread(1, "zone", "DoNotSchedule", existsSel("foo"), extra);

describe("PodTopologySpread Filter", () => {
  it.each<[string, KubeObject, KubeObject[], KubeObject[], Record<string, string>]>([
    ["no existing pods", pod("p", { labels: { foo: "" }, spread: [zoneFoo()] }), [a, b, x, y], [], { a: "ok", b: "ok", x: "ok", y: "ok" }],
    [
      "zone skew: 3/0 only admits the empty zone",
      pod("p", { labels: { foo: "" }, spread: [zoneFoo()] }),
      [a, b, x, y],
      [foo("p-a1", "a"), foo("p-a2", "a"), foo("p-b1", "b")],
      { a: SKEW, b: SKEW, x: "ok", y: "ok" },
    ],
    [
      "hostname skew: 1/0/0/0 rejects the node with the pod",
      pod("p", { labels: { foo: "" }, spread: [spread(1, HOSTNAME, "DoNotSchedule", existsSel("foo"))] }),
      [a, b, x, y],
      [foo("p-a1", "a")],
      { a: SKEW, b: "ok", x: "ok", y: "ok" },
    ],
    [
      "maxSkew 2 tolerates 1/0",
      pod("p", { labels: { foo: "" }, spread: [spread(2, "zone", "DoNotSchedule", existsSel("foo"))] }),
      [a, b, x, y],
      [foo("p-a1", "a")],
      { a: "ok", b: "ok", x: "ok", y: "ok" },
    ],
    [
      "an incoming pod that does not match the selector adds nothing to its domain",
      pod("p", { labels: { other: "" }, spread: [zoneFoo()] }),
      [a, b, x, y],
      [foo("p-a1", "a")],
      { a: "ok", b: "ok", x: "ok", y: "ok" },
    ],
    [
      "a node without the topology key is unresolvable",
      pod("p", { labels: { foo: "" }, spread: [zoneFoo()] }),
      [a, node("bare", { [HOSTNAME]: "bare" })],
      [],
      { a: "ok", bare: MISSING },
    ],
    [
      "pods of other namespaces and terminating pods are not counted",
      pod("p", { labels: { foo: "" }, spread: [zoneFoo()] }),
      [a, x],
      [foo("p-a1", "a", {}, { ns: "other" }), foo("p-a2", "a", {}, { metadata: { deletionTimestamp: "2024-01-01T00:00:00Z" } })],
      { a: "ok", x: "ok" },
    ],
    [
      "minDomains above the domain count makes the global minimum 0",
      pod("p", { labels: { foo: "" }, spread: [zoneFoo({ minDomains: 3 })] }),
      [a, x],
      [foo("p-a1", "a"), foo("p-x1", "x")],
      { a: SKEW, x: SKEW },
    ],
    [
      "minDomains met: the real minimum counts",
      pod("p", { labels: { foo: "" }, spread: [zoneFoo({ minDomains: 2 })] }),
      [a, x],
      [foo("p-a1", "a"), foo("p-x1", "x")],
      { a: "ok", x: "ok" },
    ],
    [
      "nodeAffinityPolicy Honor (default): domains outside the pod's node affinity do not count",
      pod("p", { labels: { foo: "" }, spread: [zoneFoo()], spec: { nodeSelector: { zone: "z1" } } }),
      [a, b, x],
      [foo("p-a1", "a")],
      { a: "ok", b: "ok", x: "ok" },
    ],
    [
      "nodeAffinityPolicy Ignore: every domain counts",
      pod("p", { labels: { foo: "" }, spread: [zoneFoo({ nodeAffinityPolicy: "Ignore" })], spec: { nodeSelector: { zone: "z1" } } }),
      [a, b, x],
      [foo("p-a1", "a")],
      { a: SKEW, b: SKEW, x: "ok" },
    ],
    [
      "nodeTaintsPolicy Ignore (default): an untolerated tainted node's domain counts",
      pod("p", { labels: { foo: "" }, spread: [spread(1, HOSTNAME, "DoNotSchedule", existsSel("foo"))] }),
      [a, b, node("t", { [HOSTNAME]: "t" }, { taints: [{ key: "k", effect: "NoSchedule" }] })],
      [foo("p-a1", "a"), foo("p-b1", "b")],
      { a: SKEW, b: SKEW, t: "ok" },
    ],
    [
      "nodeTaintsPolicy Honor: an untolerated tainted node's domain does not count",
      pod("p", { labels: { foo: "" }, spread: [spread(1, HOSTNAME, "DoNotSchedule", existsSel("foo"), { nodeTaintsPolicy: "Honor" })] }),
      [a, b, node("t", { [HOSTNAME]: "t" }, { taints: [{ key: "k", effect: "NoSchedule" }] })],
      [foo("p-a1", "a"), foo("p-b1", "b")],
      { a: "ok", b: "ok", t: "ok" },
    ],
    [
      "matchLabelKeys narrows the selector to the pod's own revision",
      pod("p", { labels: { foo: "", rev: "2" }, spread: [zoneFoo({ matchLabelKeys: ["rev"] })] }),
      [a, x],
      [foo("old-1", "a", { rev: "1" }), foo("old-2", "a", { rev: "1" }), foo("new-1", "x", { rev: "2" })],
      { a: "ok", x: SKEW },
    ],
    [
      "without matchLabelKeys every revision counts",
      pod("p", { labels: { foo: "", rev: "2" }, spread: [zoneFoo()] }),
      [a, x],
      [foo("old-1", "a", { rev: "1" }), foo("old-2", "a", { rev: "1" }), foo("new-1", "x", { rev: "2" })],
      { a: SKEW, x: "ok" },
    ],
    [
      "two constraints: both must hold",
      pod("p", { labels: { foo: "" }, spread: [zoneFoo(), spread(1, HOSTNAME, "DoNotSchedule", existsSel("foo"))] }),
      [a, b, x, y],
      [foo("p-a1", "a"), foo("p-x1", "x")],
      { a: SKEW, b: "ok", x: SKEW, y: "ok" },
    ],
    [
      "a nil labelSelector matches no pod",
      pod("p", { labels: { foo: "" }, spread: [spread(1, "zone", "DoNotSchedule")] }),
      [a, x],
      [foo("p-a1", "a"), foo("p-a2", "a")],
      { a: "ok", x: "ok" },
    ],
  ])("%s", (_name, p, nodes, pods, want) => {
    expect(filterEach(p, cluster(nodes, pods), podTopologySpreadFilter)).toEqual(want);
  });
});

describe("PodTopologySpread PreFilter", () => {
  it.each<[string, KubeObject]>([
    ["no constraints (no constraints → no effect)", pod("p", { labels: { foo: "" } })],
    ["only ScheduleAnyway constraints", pod("p", { labels: { foo: "" }, spread: [spread(1, "zone", "ScheduleAnyway", existsSel("foo"))] })],
  ])("skips: %s", (_name, p) => {
    const c = cluster([a, x], [foo("p-a1", "a"), foo("p-a2", "a")]);
    expect(podTopologySpreadPreFilter(p, c)).toEqual({ code: "Skip" });
    expect(filterEach(p, c, podTopologySpreadFilter)).toEqual({ a: "ok", x: "ok" });
  });

  it("counts matching pods per domain over eligible nodes", () => {
    const r = podTopologySpreadPreFilter(
      pod("p", { labels: { foo: "" }, spread: [zoneFoo()] }),
      cluster([a, b, x, node("bare")], [foo("p-a1", "a"), foo("p-b1", "b"), pod("other", { node: "x" }), foo("p-bare", "bare")]),
    );
    expect(r.code === "Success" && r.state.tpValueToMatchNum.map((m) => Object.fromEntries(m))).toEqual([{ z1: 2, z2: 0 }]);
  });

  it("a selector that does not parse fails the cycle with upstream's error chain", () => {
    const p = pod("p", { spread: [spread(1, "zone", "DoNotSchedule", { matchExpressions: [{ key: "foo", operator: "Bad" }] })] });
    expect(runPreFilters(p, cluster([a]))).toEqual({
      ok: false,
      plugin: "PodTopologySpread",
      code: "Error",
      message:
        'running PreFilter plugin "PodTopologySpread": get constraints from pod: obtaining pod\'s hard topology spread constraints: ' +
        '"Bad" is not a valid label selector operator',
    });
  });
});

describe("PodTopologySpread AddPod / RemovePod", () => {
  const p = pod("p", { labels: { foo: "" }, spread: [zoneFoo()] });
  const snap = cluster([a, x], [foo("p-a1", "a"), foo("p-a2", "a"), foo("p-x1", "x")]);
  const pre = runPreFilters(p, snap);
  if (!pre.ok) throw new Error(pre.message);
  const [infoA, infoX] = snap.nodes;
  const verdicts = (state: typeof pre.state) => snap.nodes.map((n) => show(podTopologySpreadFilter(p, n, state)));

  it("removing a victim lowers its domain's count", () => {
    expect(verdicts(pre.state)).toEqual([SKEW, "ok"]);
    const removed = removePodFromCycleState(pre.state, p, snap.nodes[0].pods[0], infoA);
    expect(verdicts(removed)).toEqual(["ok", "ok"]);
    expect(verdicts(pre.state)).toEqual([SKEW, "ok"]);
  });

  it("adding a nominated pod raises its domain's count; pods of other namespaces or not matching change nothing", () => {
    // 2/1 → 2/2: the global minimum rises to 2, so zone z1 is no longer too skewed.
    expect(verdicts(addPodToCycleState(pre.state, p, foo("n1", "", {}), infoX))).toEqual(["ok", "ok"]);
    expect(verdicts(addPodToCycleState(pre.state, p, foo("n2", "", {}, { ns: "other" }), infoX))).toEqual([SKEW, "ok"]);
    expect(verdicts(addPodToCycleState(pre.state, p, pod("n3", { labels: { bar: "" } }), infoX))).toEqual([SKEW, "ok"]);
  });
});
