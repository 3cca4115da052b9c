/**
 * The order in which a ReplicaSet deletes surplus pods (controller.ActivePodsWithRanks, 1.32 with
 * PodDeletionCost and LogarithmicScaleDown): each rule on its own, then getPodsToDelete over a mix.
 */
import { describe, expect, it } from "vitest";
import { deleteBefore, podsToDelete, rankByRelatedPodsOnSameNode, type RankedPod } from "../../../../worker/controllers/replicaset/pod-ranking";
import type { Obj } from "../kwok";

const NOW = Date.parse("2024-06-01T12:00:00Z");
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

interface PodSpec {
  node?: string;
  phase?: string;
  readySince?: number;
  restarts?: number;
  created?: number;
  cost?: string;
  uid?: string;
}

function pod(name: string, p: PodSpec = {}): Obj {
  const conditions = p.readySince === undefined ? [] : [{ type: "Ready", status: "True", lastTransitionTime: ago(p.readySince) }];
  return {
    metadata: {
      name,
      uid: p.uid ?? name,
      ...(p.created === undefined ? {} : { creationTimestamp: ago(p.created) }),
      ...(p.cost === undefined ? {} : { annotations: { "controller.kubernetes.io/pod-deletion-cost": p.cost } }),
    },
    spec: { ...(p.node ? { nodeName: p.node } : {}) },
    status: { phase: p.phase ?? "Running", conditions, containerStatuses: [{ name: "c", restartCount: p.restarts ?? 0 }] },
  };
}

const ranked = (pod: Obj, rank = 0): RankedPod => ({ pod, rank });

describe("deleteBefore (ActivePodsWithRanks.Less)", () => {
  it.each<[string, RankedPod, RankedPod]>([
    ["unassigned before assigned", ranked(pod("a", { phase: "Pending" })), ranked(pod("b", { node: "n1", phase: "Pending" }))],
    ["Pending before Unknown", ranked(pod("a", { node: "n", phase: "Pending" })), ranked(pod("b", { node: "n", phase: "Unknown" }))],
    ["Unknown before Running", ranked(pod("a", { node: "n", phase: "Unknown" })), ranked(pod("b", { node: "n", phase: "Running" }))],
    ["not ready before ready", ranked(pod("a", { node: "n" })), ranked(pod("b", { node: "n", readySince: 100 }))],
    ["lower deletion cost first", ranked(pod("a", { node: "n", readySince: 100, cost: "-5" })), ranked(pod("b", { node: "n", readySince: 100 }))],
    ["invalid deletion cost counts as 0", ranked(pod("a", { node: "n", readySince: 100, cost: "+7" })), ranked(pod("b", { node: "n", readySince: 100, cost: "1" }))],
    ["doubled up before alone", ranked(pod("a", { node: "n", readySince: 100 }), 2), ranked(pod("b", { node: "m", readySince: 100 }), 1)],
    ["ready for less time first (other log2 bucket)", ranked(pod("a", { node: "n", readySince: 10 })), ranked(pod("b", { node: "n", readySince: 1000 }))],
    ["same log2 bucket: lower UID first", ranked(pod("b", { node: "n", readySince: 1000, uid: "1" })), ranked(pod("a", { node: "n", readySince: 1001, uid: "2" }))],
    ["more restarts first", ranked(pod("a", { node: "n", restarts: 3 })), ranked(pod("b", { node: "n", restarts: 1 }))],
    ["no creation time first", ranked(pod("a", { node: "n" })), ranked(pod("b", { node: "n", created: 10 }))],
    ["newer first", ranked(pod("a", { node: "n", created: 10 })), ranked(pod("b", { node: "n", created: 5000 }))],
  ])("%s", (_, first, second) => {
    expect(deleteBefore(first, second, NOW)).toBe(true);
    expect(deleteBefore(second, first, NOW)).toBe(false);
  });

  it("is not less for equal pods", () => {
    const p = ranked(pod("a", { node: "n", readySince: 10, created: 20 }));
    expect(deleteBefore(p, { ...p }, NOW)).toBe(false);
  });
});

describe("podsToDelete (getPodsToDelete)", () => {
  it("ranks by colocated related pods, counting unscheduled ones under the empty node name", () => {
    const pods = [pod("a", { node: "n1" }), pod("b", { node: "n2" }), pod("c")];
    const related = [...pods, pod("x", { node: "n1" }), pod("y", { node: "n1", phase: "Succeeded" })];
    expect(rankByRelatedPodsOnSameNode(pods, related).map((r) => r.rank)).toEqual([2, 1, 1]);
  });

  it("picks unscheduled, then not ready, then doubled-up pods", () => {
    const pods = [
      pod("ready-alone", { node: "n2", readySince: 500 }),
      pod("ready-doubled", { node: "n1", readySince: 500 }),
      pod("not-ready", { node: "n1" }),
      pod("unscheduled", { phase: "Pending" }),
      pod("ready-doubled-2", { node: "n1", readySince: 500 }),
    ];
    const names = (n: number) => podsToDelete(pods, pods, n, NOW).map((p) => p.metadata.name);
    expect(names(1)).toEqual(["unscheduled"]);
    expect(names(2)).toEqual(["unscheduled", "not-ready"]);
    expect(names(3).slice(2)[0]).toMatch(/^ready-doubled/);
    expect(names(4).sort()).toEqual(["not-ready", "ready-doubled", "ready-doubled-2", "unscheduled"]);
  });

  it("deletes them all, unsorted, when diff covers every pod", () => {
    const pods = [pod("b", { node: "n" }), pod("a")];
    expect(podsToDelete(pods, [], 2, NOW).map((p) => p.metadata.name)).toEqual(["b", "a"]);
  });
});
