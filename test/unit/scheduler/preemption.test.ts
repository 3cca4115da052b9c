/** DefaultPreemption, pure: eligibility, victims per node, PodDisruptionBudgets, the node picked, the outcome. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import {
  filterPodsWithPDBViolation,
  moreImportantFirst,
  NOT_ELIGIBLE_TERMINATING_POD,
  pickOneNodeForPreemption,
  podEligibleToPreemptOthers,
  preempt,
  selectVictimsOnNode,
} from "../../../worker/scheduler/preemption";
import { schedulePod, type Diagnosis } from "../../../worker/scheduler/schedule-one";
import { buildSnapshot } from "../../../worker/scheduler/snapshot";
import { firstTie, names, node, pod } from "./pass-fixtures";

const NOW = Date.UTC(2024, 0, 2);

const pdb = (name: string, matchLabels: Record<string, string> | undefined, disruptionsAllowed: number, extra: KubeObject = {}): KubeObject => ({
  apiVersion: "policy/v1",
  kind: "PodDisruptionBudget",
  metadata: { name, namespace: extra.ns ?? "default" },
  spec: matchLabels === undefined ? {} : { selector: { matchLabels } },
  status: { disruptionsAllowed, ...(extra.disruptedPods ? { disruptedPods: extra.disruptedPods } : {}) },
});

/** Victims chosen on node n1 of `nodes` for `preemptor`. */
function victimsOn(nodes: KubeObject[], pods: KubeObject[], preemptor: KubeObject, pdbs: KubeObject[] = []) {
  const snapshot = buildSnapshot(nodes, pods);
  return selectVictimsOnNode(preemptor, snapshot.byName.get("n1")!, snapshot, {}, pdbs, NOW);
}

describe("selectVictimsOnNode", () => {
  const n1 = node("n1");
  const bound = [pod("a", { node: "n1", cpu: "1", priority: 1 }), pod("b", { node: "n1", cpu: "1", priority: 2 }), pod("c", { node: "n1", cpu: "2", priority: 3 })];

  it.each<[string, string, number, string[]]>([
    ["the fewest victims: the most important lower pods are reprieved first", "1", 10, ["a"]],
    ["needing more room takes more, most important first", "2", 10, ["b", "a"]],
    ["pods of equal or higher priority are never victims", "2", 3, ["b", "a"]],
  ])("%s", (_what, cpu, priority, want) => {
    const r = victimsOn([n1], bound, pod("p", { cpu, priority }));
    expect(r.ok && names(r.victims)).toEqual(want);
  });

  it("no lower-priority pods: unresolvable 'No preemption victims found for incoming pod.'", () => {
    const r = victimsOn([n1], bound, pod("p", { cpu: "1", priority: 1 }));
    expect(r).toEqual({ ok: false, status: { ok: false, reasons: ["No preemption victims found for incoming pod."], unresolvable: true } });
  });

  it("a pod that does not fit even on the emptied node gets the filter's status", () => {
    const r = victimsOn([n1], bound, pod("p", { cpu: "5", priority: 10 }));
    expect(r).toEqual({ ok: false, status: { ok: false, reasons: ["Insufficient cpu"] } });
  });

  it("budget-violating pods are reprieved before the others, and counted when they must go", () => {
    const pods = [pod("guarded", { node: "n1", cpu: "1", labels: { app: "x" } }), pod("free", { node: "n1", cpu: "1" })];
    const twoCpu = [node("n1", { cpu: "2" })];
    const keepsGuarded = victimsOn(twoCpu, pods, pod("p", { cpu: "1", priority: 10 }), [pdb("x", { app: "x" }, 0)]);
    expect(keepsGuarded).toEqual({ ok: true, victims: [pods[1]], numPDBViolations: 0 });
    const both = victimsOn(twoCpu, pods, pod("p", { cpu: "2", priority: 10 }), [pdb("x", { app: "x" }, 0)]);
    expect(both.ok && { victims: names(both.victims), violations: both.numPDBViolations }).toEqual({ victims: ["free", "guarded"], violations: 1 });
  });
});

describe("filterPodsWithPDBViolation", () => {
  const x1 = pod("x1", { labels: { app: "x" } });
  const x2 = pod("x2", { labels: { app: "x" } });
  const plain = pod("plain");
  it.each<[string, KubeObject[], KubeObject[], string[]]>([
    ["no budgets: nothing violates", [x1, x2], [], []],
    ["the budget's allowance is used up in order", [x1, x2], [pdb("b", { app: "x" }, 1)], ["x2"]],
    ["pods already in disruptedPods do not count", [x1, x2], [pdb("b", { app: "x" }, 0, { disruptedPods: { x1: "2024-01-01T00:00:00Z" } })], ["x2"]],
    ["a budget of another namespace does not apply", [x1], [pdb("b", { app: "x" }, 0, { ns: "other" })], []],
    ["an empty selector selects nothing", [x1], [pdb("b", {}, 0)], []],
    ["a missing selector selects nothing", [x1], [pdb("b", undefined, 0)], []],
    ["a pod without labels matches no budget", [plain], [pdb("b", { app: "x" }, 0)], []],
  ])("%s", (_what, pods, pdbs, violating) => {
    const r = filterPodsWithPDBViolation(pods, pdbs);
    expect(names(r.violating)).toEqual(violating);
    expect(names(r.nonViolating)).toEqual(names(pods).filter((n) => !violating.includes(n)));
  });
});

describe("moreImportantFirst", () => {
  it("orders by priority, then earlier start (unstarted pods count as started now), then uid", () => {
    const pods = [pod("late", { priority: 1, started: 100 }), pod("unstarted", { priority: 1 }), pod("high", { priority: 2, started: 500 }), pod("early", { priority: 1, started: 5 }), pod("b-same", { priority: 1, started: 5 })];
    expect(names([...pods].sort(moreImportantFirst(NOW)))).toEqual(["high", "b-same", "early", "late", "unstarted"]);
  });
});

describe("pickOneNodeForPreemption", () => {
  const v = (priority: number, started = 0) => pod(`v${priority}-${started}`, { priority, started });
  it.each<[string, { node: string; victims: KubeObject[]; numPDBViolations: number }[], string]>([
    ["fewest budget violations", [{ node: "a", victims: [v(1)], numPDBViolations: 1 }, { node: "b", victims: [v(5), v(4)], numPDBViolations: 0 }], "b"],
    ["lowest highest-priority victim", [{ node: "a", victims: [v(5)], numPDBViolations: 0 }, { node: "b", victims: [v(3), v(3)], numPDBViolations: 0 }], "b"],
    ["smallest sum of priorities", [{ node: "a", victims: [v(3), v(2)], numPDBViolations: 0 }, { node: "b", victims: [v(3), v(1)], numPDBViolations: 0 }], "b"],
    ["sums count negative priorities from MinInt32", [{ node: "a", victims: [v(-5), v(-5)], numPDBViolations: 0 }, { node: "b", victims: [v(-5)], numPDBViolations: 0 }], "b"],
    ["fewest victims", [{ node: "a", victims: [v(0, 1), v(0, 2)], numPDBViolations: 0 }, { node: "b", victims: [v(0, 3)], numPDBViolations: 0 }], "b"],
    ["latest start of the highest-priority victims", [{ node: "a", victims: [v(2, 10)], numPDBViolations: 0 }, { node: "b", victims: [v(2, 20)], numPDBViolations: 0 }], "b"],
    ["then the first", [{ node: "a", victims: [v(2, 10)], numPDBViolations: 0 }, { node: "b", victims: [v(2, 10)], numPDBViolations: 0 }], "a"],
  ])("%s", (_what, candidates, want) => {
    expect(pickOneNodeForPreemption(candidates, NOW)?.node).toBe(want);
  });
  it("no candidates, no node", () => {
    expect(pickOneNodeForPreemption([], NOW)).toBeUndefined();
  });
});

describe("podEligibleToPreemptOthers", () => {
  const snapshot = buildSnapshot([node("n1"), node("n2")], [pod("dying", { node: "n1", priority: 0, deleting: true }), pod("dying-high", { node: "n2", priority: 500, deleting: true })]);
  it.each<[string, KubeObject, boolean, string | undefined]>([
    ["a pod without nomination", pod("p", { priority: 100 }), false, undefined],
    ["preemptionPolicy Never", pod("p", { priority: 100, preemptionPolicy: "Never" }), false, "not eligible due to preemptionPolicy=Never."],
    ["a lower-priority pod terminating on the nominated node", pod("p", { priority: 100, nominated: "n1" }), false, NOT_ELIGIBLE_TERMINATING_POD],
    ["only higher-priority pods terminating there", pod("p", { priority: 100, nominated: "n2" }), false, undefined],
    ["the nominated node can no longer fit the pod at all", pod("p", { priority: 100, nominated: "n1" }), true, undefined],
  ])("%s", (_what, p, nominatedUnresolvable, reason) => {
    const status = nominatedUnresolvable ? { ok: false as const, reasons: ["x"], unresolvable: true } : undefined;
    expect(podEligibleToPreemptOthers(p, snapshot, status)).toEqual(reason ? { ok: false, reason } : { ok: true });
  });
});

describe("preempt", () => {
  const diagnosisOf = (p: KubeObject, snapshot: ReturnType<typeof buildSnapshot>): Diagnosis => {
    const r = schedulePod(p, snapshot, firstTie);
    if (r.ok || !("fit" in r)) throw new Error("expected a fit failure");
    return r.fit;
  };

  it("picks the node whose victims matter least, and names the lower nominations there", () => {
    const pods = [
      pod("mid", { node: "n1", cpu: "3", priority: 50 }),
      pod("low", { node: "n2", cpu: "3", priority: 10 }),
      pod("waiting", { cpu: "1", priority: 20, nominated: "n2" }),
    ];
    const snapshot = buildSnapshot([node("n1"), node("n2")], pods);
    const p = pod("p", { cpu: "2", priority: 100 });
    const r = preempt(p, snapshot, diagnosisOf(p, snapshot), [], NOW);
    expect(r.kind === "candidate" && { node: r.node, victims: names(r.victims), lower: names(r.lowerNominated) }).toEqual({ node: "n2", victims: ["low"], lower: ["waiting"] });
  });

  it("when no node helps, says so per node", () => {
    const snapshot = buildSnapshot([node("n1", { cpu: "1" }), node("n2", { labels: { other: "x" }, taints: [{ key: "k", effect: "NoSchedule" }] })], []);
    const p = pod("p", { cpu: "2", priority: 100 });
    expect(preempt(p, snapshot, diagnosisOf(p, snapshot), [], NOW)).toEqual({
      kind: "none",
      message: "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod., 1 Preemption is not helpful for scheduling.",
    });
  });

  it("preemptionPolicy Never is ineligible", () => {
    const snapshot = buildSnapshot([node("n1", { cpu: "1" })], [pod("v", { node: "n1", cpu: "1" })]);
    const p = pod("p", { cpu: "1", priority: 100, preemptionPolicy: "Never" });
    expect(preempt(p, snapshot, diagnosisOf(p, snapshot), [], NOW)).toEqual({ kind: "ineligible", message: "preemption: not eligible due to preemptionPolicy=Never." });
  });
});
