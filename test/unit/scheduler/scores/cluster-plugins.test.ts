import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  DEFAULT_SCORE_PLUGIN_WEIGHTS,
  DEFAULT_SCORE_PLUGINS,
  prioritizeAndSelectHost,
  runScorePlugins,
  type NodePluginScores,
} from "../../../../worker/scheduler/scores";
import { affinity, cluster, HOSTNAME, inSel, node, pod, term, weighted } from "../cluster-helpers";

const pluginScores = (entry: NodePluginScores) => Object.fromEntries(entry.scores.map((s) => [s.name, s.score]));
const firstDraw = () => 0;

describe("the default score plugins with PodTopologySpread and InterPodAffinity", () => {
  it("are in the default profile's order with its weights", () => {
    expect(DEFAULT_SCORE_PLUGINS.map((p) => [p.name, DEFAULT_SCORE_PLUGIN_WEIGHTS[p.name]])).toEqual([
      ["TaintToleration", 3],
      ["NodeAffinity", 2],
      ["NodeResourcesFit", 1],
      ["PodTopologySpread", 2],
      ["InterPodAffinity", 2],
      ["NodeResourcesBalancedAllocation", 1],
    ]);
  });

  it("preferred anti-affinity: the node with a matching pod loses InterPodAffinity's weighted 200", () => {
    const c = cluster([node("a", { [HOSTNAME]: "a" }), node("b", { [HOSTNAME]: "b" })], [pod("web", { labels: { app: "web" }, node: "a" })]);
    const p = pod("p", { labels: { app: "web" }, affinity: affinity({ antiPref: [weighted(10, term(inSel("app", "web"), HOSTNAME))] }) });
    const r = runScorePlugins(p, [...c.nodes], DEFAULT_SCORE_PLUGINS, DEFAULT_SCORE_PLUGIN_WEIGHTS, c);
    if (!r.ok) throw new Error(r.message);
    expect(r.scores.map((s) => pluginScores(s).InterPodAffinity)).toEqual([0, 200]);
    expect(r.scores.every((s) => !("PodTopologySpread" in pluginScores(s)) && !("NodeAffinity" in pluginScores(s)))).toBe(true);
    const host = prioritizeAndSelectHost(p, [...c.nodes], firstDraw, DEFAULT_SCORE_PLUGINS, DEFAULT_SCORE_PLUGIN_WEIGHTS, c);
    expect(host.ok && host.host).toBe("b");
  });

  it("system default spreading: a ReplicaSet's pods spread by hostname when the snapshot carries workloads", () => {
    const owner = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "rs-uid", controller: true };
    const replica = (name: string, on?: string): KubeObject =>
      pod(name, { labels: { app: "web" }, ...(on ? { node: on } : {}), metadata: { ownerReferences: [owner] } });
    const workloads = {
      services: [],
      replicationControllers: [],
      replicaSets: [{ metadata: { name: "rs", namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } } } }],
      statefulSets: [],
    };
    const c = cluster([node("a", { [HOSTNAME]: "a" }), node("b", { [HOSTNAME]: "b" })], [replica("r1", "a"), replica("r2", "a")], undefined, workloads);
    const r = runScorePlugins(replica("p"), [...c.nodes], DEFAULT_SCORE_PLUGINS, DEFAULT_SCORE_PLUGIN_WEIGHTS, c);
    if (!r.ok) throw new Error(r.message);
    // hostname maxSkew 3, 2 domains: a = round(2·ln 4 + 2) = 5, b = 2 → 100·(7-5)/5 = 40 and 100, ×2.
    expect(r.scores.map((s) => pluginScores(s).PodTopologySpread)).toEqual([80, 200]);
    const without = runScorePlugins(replica("p"), [...c.nodes], DEFAULT_SCORE_PLUGINS, DEFAULT_SCORE_PLUGIN_WEIGHTS, { ...c, workloads: undefined });
    expect(without.ok && without.scores.map((s) => pluginScores(s).PodTopologySpread)).toEqual([undefined, undefined]);
  });

  it("without a snapshot, scoring sees only the feasible nodes", () => {
    const c = cluster([node("a", { zone: "z1" }), node("b", { zone: "z1" }), node("c", { zone: "z2" })], [pod("web", { labels: { app: "web" }, node: "b" })]);
    const p = pod("p", { affinity: affinity({ pref: [weighted(5, term(inSel("app", "web"), "zone"))] }) });
    const feasible = [c.nodes[0], c.nodes[2]];
    const withCluster = runScorePlugins(p, feasible, DEFAULT_SCORE_PLUGINS, DEFAULT_SCORE_PLUGIN_WEIGHTS, c);
    expect(withCluster.ok && withCluster.scores.map((s) => pluginScores(s).InterPodAffinity)).toEqual([200, 0]);
    const feasibleOnly = runScorePlugins(p, feasible, DEFAULT_SCORE_PLUGINS);
    expect(feasibleOnly.ok && feasibleOnly.scores.map((s) => pluginScores(s).InterPodAffinity)).toEqual([undefined, undefined]);
  });
});
