import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  interPodAffinityPreScore,
  interPodAffinityScore,
  normalizeInterPodAffinityScores,
} from "../../../../worker/scheduler/scores";
import { affinity, cluster, inSel, namespace, node, pod, term, weighted } from "../cluster-helpers";

const china = { region: "China" };
const india = { region: "India" };
const az1 = { az: "az1" };
const az2 = { az: "az2" };
const s1 = { security: "S1" };
const s2 = { security: "S2" };

const stayWithS1InRegion = affinity({ pref: [weighted(5, term(inSel("security", "S1"), "region"))] });
const stayWithS2InRegion = affinity({ pref: [weighted(6, term(inSel("security", "S2"), "region"))] });
const affinity3 = affinity({
  pref: [
    weighted(8, term({ matchExpressions: [{ key: "security", operator: "NotIn", values: ["S1"] }, { key: "security", operator: "In", values: ["S2"] }] }, "region")),
    weighted(2, term({ matchExpressions: [{ key: "security", operator: "Exists" }, { key: "wrongkey", operator: "DoesNotExist" }] }, "region")),
  ],
});
const hardAffinity = affinity({
  req: [
    term(inSel("security", "S1", "value2"), "region"),
    term({ matchExpressions: [{ key: "security", operator: "Exists" }, { key: "wrongkey", operator: "DoesNotExist" }] }, "region"),
  ],
});
const awayFromS1InAz = affinity({ antiPref: [weighted(5, term(inSel("security", "S1"), "az"))] });
const awayFromS2InAz = affinity({ antiPref: [weighted(5, term(inSel("security", "S2"), "az"))] });
const stayWithS1InRegionAwayFromS2InAz = affinity({
  pref: [weighted(8, term(inSel("security", "S1"), "region"))],
  antiPref: [weighted(5, term(inSel("security", "S2"), "az"))],
});
const teamSelector = { namespaces: ["subteam2.team2"], namespaceSelector: { matchExpressions: [{ key: "team", operator: "In", values: ["team1"] }] } };
const affinityNamespaceSelector = affinity({ pref: [weighted(5, term(inSel("security", "S1"), "region", teamSelector))] });
const antiAffinityNamespaceSelector = affinity({ antiPref: [weighted(5, term(inSel("security", "S1"), "region", teamSelector))] });
const namespaces = [
  namespace("default"),
  namespace("subteam1.team1", { team: "team1" }),
  namespace("subteam2.team1", { team: "team1" }),
  namespace("subteam1.team2", { team: "team2" }),
  namespace("subteam2.team2", { team: "team2" }),
];

let n = 0;
/** An existing pod on `on`. */
const on = (nodeName: string, labels?: Record<string, string>, aff?: KubeObject, ns?: string) =>
  pod(`e${n++}`, { node: nodeName, ...(labels ? { labels } : {}), ...(aff ? { affinity: aff } : {}), ...(ns ? { ns } : {}) });
const incoming = (labels: Record<string, string> | undefined, aff?: KubeObject, ns?: string) =>
  pod("p", { ...(labels ? { labels } : {}), ...(aff ? { affinity: aff } : {}), ...(ns ? { ns } : {}) });

/** PreScore over the whole cluster, Score and NormalizeScore over every node (all feasible), or the PreScore code. */
function scores(p: KubeObject, nodes: KubeObject[], pods: KubeObject[], hardWeight?: number) {
  const c = cluster(nodes, pods, namespaces);
  const pre = interPodAffinityPreScore(p, c, hardWeight);
  if (pre.code !== "Success") return pre.code;
  return normalizeInterPodAffinityScores(c.nodes.map((info) => interPodAffinityScore(pre.state, p, info)));
}

// Upstream TestPreferredAffinity (scoring_test.go).
describe("InterPodAffinity Score", () => {
  const n1 = (labels: Record<string, string>) => node("node1", labels);
  it.each<[string, KubeObject, KubeObject[], KubeObject[], number[] | string]>([
    ["no affinity anywhere (no constraints → no effect)", incoming(s1), [n1(china), node("node2", india), node("node3", az1)], [], "Skip"],
    [
      "affinity: the node whose region holds a matching pod",
      incoming(s1, stayWithS1InRegion),
      [n1(china), node("node2", india), node("node3", az1)],
      [on("node1", s1), on("node2", s2), on("node3", s1)],
      [100, 0, 0],
    ],
    [
      "affinity: every node of that region scores alike",
      incoming(undefined, stayWithS1InRegion),
      [n1(china), node("node2", { ...china, ...az1 }), node("node3", india)],
      [on("node1", s1)],
      [100, 100, 0],
    ],
    [
      "affinity: the region with more matches wins",
      incoming(s1, stayWithS2InRegion),
      [n1(china), node("node2", india), node("node3", china), node("node4", china), node("node5", india)],
      [on("node1", s2), on("node1", s2), on("node2", s2), on("node3", s2), on("node4", s2), on("node5", s2)],
      [100, 0, 100, 100, 0],
    ],
    [
      "affinity: several operators and weights, some failing",
      incoming(s1, affinity3),
      [n1(china), node("node2", india), node("node3", az1)],
      [on("node1", s1), on("node2", s2), on("node3", s1)],
      [20, 100, 0],
    ],
    [
      "symmetry: existing pods' preferred affinity",
      incoming(s2),
      [n1(china), node("node2", india), node("node3", az1)],
      [on("node1", s1, stayWithS1InRegion), on("node2", s2, stayWithS2InRegion)],
      [0, 100, 0],
    ],
    [
      "symmetry with a namespaceSelector matching the incoming pod's namespace",
      incoming(s1, undefined, "subteam1.team1"),
      [n1(china), node("node2", india), node("node3", az1)],
      [on("node1", s1, affinityNamespaceSelector), on("node2", s2, stayWithS2InRegion)],
      [100, 0, 0],
    ],
    [
      "anti-affinity symmetry with a namespaceSelector",
      incoming(s1, undefined, "subteam1.team1"),
      [n1(china), node("node2", india), node("node3", az1)],
      [on("node1", s1, antiAffinityNamespaceSelector), on("node2", s2, stayWithS2InRegion)],
      [0, 100, 100],
    ],
    [
      "symmetry: existing pods' required affinity counts with hardPodAffinityWeight",
      incoming(s1),
      [n1(china), node("node2", india), node("node3", az1)],
      [on("node1", s1, hardAffinity), on("node2", s2, hardAffinity)],
      [100, 100, 0],
    ],
    [
      "anti-affinity: the node with the matching pod scores low",
      incoming(s1, awayFromS1InAz),
      [n1(az1), node("node2", china)],
      [on("node1", s1), on("node2", s2)],
      [0, 100],
    ],
    [
      "anti-affinity: a node without the topology key is not penalised",
      incoming(s1, awayFromS1InAz),
      [n1(az1), node("node2", china)],
      [on("node1", s1), on("node2", s1)],
      [0, 100],
    ],
    [
      "anti-affinity: more matches, lower score",
      incoming(s1, awayFromS1InAz),
      [n1(az1), node("node2", india)],
      [on("node1", s1), on("node1", s1), on("node2", s2)],
      [0, 100],
    ],
    [
      "anti-affinity symmetry",
      incoming(s2),
      [n1(az1), node("node2", az2)],
      [on("node1", s1, awayFromS2InAz), on("node2", s2, awayFromS1InAz)],
      [0, 100],
    ],
    [
      "affinity and anti-affinity",
      incoming(s1, stayWithS1InRegionAwayFromS2InAz),
      [n1(china), node("node2", az1)],
      [on("node1", s1), on("node2", s1)],
      [100, 0],
    ],
    [
      "affinity and anti-affinity among pods with the same labels",
      incoming(s1, stayWithS1InRegionAwayFromS2InAz),
      [n1({ ...china, ...az1 }), node("node2", india), node("node3", china), node("node4", china), node("node5", india)],
      [on("node1", s1), on("node1", s1), on("node2", s1), on("node3", s1), on("node3", s1), on("node4", s1), on("node5", s1)],
      [100, 0, 100, 100, 0],
    ],
    [
      "affinity, anti-affinity and symmetry together: 8, -5, 8, -5",
      incoming(s1, stayWithS1InRegionAwayFromS2InAz),
      [n1(china), node("node2", az1), node("node3", india), node("node4", az2)],
      [on("node1", s1), on("node2", s2), on("node3", undefined, stayWithS1InRegionAwayFromS2InAz), on("node4", undefined, awayFromS1InAz)],
      [100, 0, 100, 0],
    ],
    [
      "a topology where only some nodes hold pods with affinity: equal credit, all 0",
      incoming(s1),
      [n1(china), node("node2", china)],
      [on("node1", s1), on("node2", undefined, stayWithS1InRegionAwayFromS2InAz)],
      [0, 0],
    ],
    [
      "affinity to pods in namespaces a namespaceSelector picks",
      incoming(s1, affinityNamespaceSelector, "subteam1.team1"),
      [n1(china), node("node2", india), node("node3", az1)],
      [on("node1", s1, undefined, "subteam1.team1"), on("node2", s1, undefined, "subteam1.team2"), on("node2", s1, undefined, "subteam2.team2")],
      [100, 100, 0],
    ],
  ])("%s", (_name, p, nodes, pods, want) => {
    expect(scores(p, nodes, pods)).toEqual(want);
  });

  it("hardPodAffinityWeight 0 ignores existing pods' required affinity", () => {
    const nodes = [node("node1", china), node("node2", india)];
    const pods = [on("node1", s1, hardAffinity)];
    expect(scores(incoming(s1), nodes, pods)).toEqual([100, 0]);
    expect(scores(incoming(s1), nodes, pods, 0)).toBe("Skip");
  });

  it("a preferred term that does not parse fails PreScore", () => {
    const bad = incoming(undefined, affinity({ pref: [weighted(8, term(inSel("security", "{{.bad-value.}}"), "region"))] }));
    const r = interPodAffinityPreScore(bad, cluster([node("node1", china)], [], namespaces));
    expect(r.code).toBe("Error");
    expect(r.code === "Error" && r.message).toMatch(/^failed to parse pod: preferredAffinityTerms: .*Invalid value: "\{\{\.bad-value\.\}\}"/);
  });

  it("counts pods on nodes that are not feasible (the whole cluster)", () => {
    const c = cluster([node("node1", china), node("node2", china), node("node3", india)], [on("node2", s1)], namespaces);
    const pre = interPodAffinityPreScore(incoming(undefined, stayWithS1InRegion), c);
    const feasible = [c.nodes[0], c.nodes[2]];
    expect(pre.code === "Success" && feasible.map((info) => interPodAffinityScore(pre.state, pod("p"), info))).toEqual([5, 0]);
  });
});

describe("InterPodAffinity NormalizeScore", () => {
  it.each<[string, number[], number[]]>([
    ["maps [min, max] onto [0, 100], truncating", [-5, 8, 0, 3], [0, 100, 38, 61]],
    ["all equal: all 0", [7, 7], [0, 0]],
    ["negative only", [-10, -4], [0, 100]],
  ])("%s", (_name, raw, want) => {
    expect(normalizeInterPodAffinityScores(raw)).toEqual(want);
  });
});
