import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import type { ClusterSnapshot } from "../../../../worker/scheduler/common";
import { DEFAULT_FILTERS, fitErrorMessage, runFilters, runPreFilters } from "../../../../worker/scheduler/filters";
import { affinity, cluster, existsSel, inSel, node, pod, spread, term } from "../cluster-helpers";

/**
 * One scheduling cycle's filter phase as the scheduler runs it: PreFilter once, then runFilters per node with the
 * cycle state, and the FailedScheduling message (FitError.Error()) from the per-node reasons.
 */
function failedScheduling(p: KubeObject, c: ClusterSnapshot): string {
  const pre = runPreFilters(p, c);
  if (!pre.ok) return fitErrorMessage({ numAllNodes: c.nodes.length, nodeReasons: [], preFilterMsg: pre.message });
  const nodeReasons: string[][] = [];
  for (const info of c.nodes) {
    const r = runFilters(p, info, DEFAULT_FILTERS, pre.state);
    if (!r.ok) nodeReasons.push(r.reasons);
  }
  return fitErrorMessage({ numAllNodes: c.nodes.length, nodeReasons });
}

describe("the default filters with InterPodAffinity and PodTopologySpread", () => {
  it("lists PodTopologySpread and InterPodAffinity after NodeResourcesFit, as the default profile does", () => {
    expect(DEFAULT_FILTERS.map(([name]) => name)).toEqual([
      "NodeUnschedulable",
      "NodeName",
      "TaintToleration",
      "NodeAffinity",
      "NodePorts",
      "NodeResourcesFit",
      "PodTopologySpread",
      "InterPodAffinity",
    ]);
  });

  it.each<[string, KubeObject, ClusterSnapshot, string]>([
    [
      "affinity, anti-affinity and a taint, one node each",
      pod("p", {
        labels: { app: "web" },
        affinity: affinity({ req: [term(inSel("app", "cache"), "zone")], anti: [term(inSel("app", "web"), "host")] }),
      }),
      cluster(
        [node("n1", { zone: "z1", host: "n1" }), node("n2", { zone: "z2", host: "n2" }), node("n3", { zone: "z1", host: "n3" }, { taints: [{ key: "dedicated", value: "x", effect: "NoSchedule" }] })],
        [pod("cache", { labels: { app: "cache" }, node: "n1" }), pod("web", { labels: { app: "web" }, node: "n1" })],
      ),
      "0/3 nodes are available: 1 node(s) didn't match pod affinity rules, 1 node(s) didn't match pod anti-affinity rules, " +
        "1 node(s) had untolerated taint {dedicated: x}.",
    ],
    [
      "existing pods' anti-affinity everywhere",
      pod("p", { labels: { app: "web" } }),
      cluster(
        [node("n1", { zone: "z1" }), node("n2", { zone: "z1" })],
        [pod("guard", { node: "n1", affinity: affinity({ anti: [term(inSel("app", "web"), "zone")] }) })],
      ),
      "0/2 nodes are available: 2 node(s) didn't satisfy existing pods anti-affinity rules.",
    ],
    [
      "topology spread: skew and a node without the key",
      pod("p", { labels: { app: "web" }, spread: [spread(1, "zone", "DoNotSchedule", existsSel("app"), { minDomains: 3 })] }),
      cluster(
        [node("n1", { zone: "z1" }), node("n2", { zone: "z2" }), node("n3")],
        [pod("w1", { labels: { app: "web" }, node: "n1" }), pod("w2", { labels: { app: "web" }, node: "n2" })],
      ),
      "0/3 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label), " +
        "2 node(s) didn't match pod topology spread constraints.",
    ],
    [
      "a per-node filter rejects first: its reason alone is counted",
      pod("p", { labels: { app: "web" }, spread: [spread(1, "zone", "DoNotSchedule", existsSel("app"))], spec: { nodeSelector: { disk: "ssd" } } }),
      cluster([node("n1"), node("n2")]),
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.",
    ],
    [
      "a pod whose affinity does not parse: the PreFilter message stands for every node",
      pod("p", { affinity: affinity({ anti: [term({ matchExpressions: [{ key: "app", operator: "Bad" }] }, "zone")] }) }),
      cluster([node("n1", { zone: "z1" }), node("n2", { zone: "z1" })]),
      `0/2 nodes are available: parsing pod: requiredAntiAffinityTerms: "Bad" is not a valid label selector operator.`,
    ],
  ])("%s", (_name, p, c, want) => {
    expect(failedScheduling(p, c)).toBe(want);
  });

  it("a pod without affinity or spread constraints is filtered as before (no constraints → no effect)", () => {
    const c = cluster([node("n1", { zone: "z1" }), node("n2")], [pod("x", { labels: { app: "web" }, node: "n1" })]);
    const p = pod("p", { labels: { app: "web" } });
    const pre = runPreFilters(p, c);
    expect(pre).toEqual({ ok: true, state: {} });
    expect(c.nodes.map((info) => runFilters(p, info, DEFAULT_FILTERS, pre.ok ? pre.state : {}))).toEqual([{ ok: true }, { ok: true }]);
  });
});
