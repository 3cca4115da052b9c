/**
 * Planning one scheduling pass from a snapshot (pure): bindings in queue order with each placement assumed,
 * FailedScheduling messages as upstream prints them, preemption and nominations, and no writes when converged.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import { planSchedulingPass, type SchedulingPlan } from "../../../worker/scheduler/pass";
import { RETRY_ALL } from "../../../worker/scheduler/queue";
import { firstTie, names, node, NOW, NOW_TEXT, pod } from "./pass-fixtures";

const plan = (nodes: KubeObject[], pods: KubeObject[], keys: string[] = [RETRY_ALL], pdbs: KubeObject[] = []) =>
  planSchedulingPass({ nodes, pods, pdbs, keys, randomInt: firstTie, now: NOW });

const bindings = (p: SchedulingPlan) => p.bindings.map((b) => `${b.pod.metadata.name}→${b.node}`);

const failed = (message: string) => ({
  type: "PodScheduled",
  status: "False",
  reason: "Unschedulable",
  message,
  lastProbeTime: null,
  lastTransitionTime: NOW_TEXT,
});

/** The status update planned for `name` (condition message, nominatedNodeName), or undefined. */
const updateOf = (p: SchedulingPlan, name: string) => {
  const u = p.statusUpdates.find((s) => s.pod.metadata.name === name);
  if (!u) return undefined;
  return {
    ...(u.condition ? { message: u.condition.message, reason: u.condition.reason } : {}),
    ...(u.nominatedNodeName !== undefined ? { nominatedNodeName: u.nominatedNodeName } : {}),
    ...(u.failedSchedulingMessage !== undefined ? { event: u.failedSchedulingMessage } : {}),
  };
};

const NO_VICTIMS_1 = "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..";

/** What the writes of `p` leave in the store (bindings, status patches, victims terminating), as the next pass reads it. */
function written(pods: KubeObject[], p: SchedulingPlan): KubeObject[] {
  return pods.map((pod) => {
    const out = structuredClone(pod);
    const bound = p.bindings.find((b) => b.pod.metadata.uid === pod.metadata.uid);
    if (bound) out.spec.nodeName = bound.node;
    if (p.preemptions.some((pr) => pr.victims.some((v) => v.metadata.uid === pod.metadata.uid))) out.metadata.deletionTimestamp = NOW_TEXT;
    const s = p.statusUpdates.find((u) => u.pod.metadata.uid === pod.metadata.uid);
    if (s?.condition) out.status.conditions = [...(out.status.conditions ?? []).filter((c: KubeObject) => c.type !== s.condition!.type), s.condition];
    if (s?.nominatedNodeName === null) delete out.status.nominatedNodeName;
    else if (s?.nominatedNodeName) out.status.nominatedNodeName = s.nominatedNodeName;
    return out;
  });
}

const writes = (p: SchedulingPlan) => p.bindings.length + p.preemptions.length + p.statusUpdates.length;

describe("planSchedulingPass", () => {
  it("converged: nothing pending plans nothing", () => {
    const p = plan([node("n1")], [pod("running", { node: "n1", cpu: "1" }), pod("other", { schedulerName: "other" }), pod("gated", { gates: ["g"] })]);
    expect(p).toEqual({ bindings: [], preemptions: [], statusUpdates: [], unschedulable: [] });
  });

  it("converged: a pod already showing this failure is not written again (but stays unschedulable)", () => {
    const message = `0/1 nodes are available: 1 Insufficient cpu. ${NO_VICTIMS_1}`;
    const p = plan([node("n1", { cpu: "1" })], [pod("p", { cpu: "2", conditions: [failed(message)] })]);
    expect(p).toEqual({ bindings: [], preemptions: [], statusUpdates: [], unschedulable: ["default/p"] });
  });

  it("binds in queue order, each placement assumed for the next pod; the one that fits nowhere fails", () => {
    const p = plan([node("n1"), node("n2")], [pod("a", { cpu: "3", created: 1 }), pod("b", { cpu: "3", created: 2 }), pod("c", { cpu: "3", created: 3 })]);
    expect(bindings(p)).toEqual(["a→n1", "b→n2"]);
    const message = "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..";
    expect(p.statusUpdates).toEqual([{ pod: expect.objectContaining({ metadata: expect.objectContaining({ name: "c" }) }), condition: failed(message), failedSchedulingMessage: message }]);
    expect(p.unschedulable).toEqual(["default/c"]);
  });

  it("tries higher priority first: the newer high-priority pod gets the only slot", () => {
    const p = plan([node("n1")], [pod("low", { cpu: "3", priority: 0, created: 1 }), pod("high", { cpu: "3", priority: 10, created: 5 })]);
    expect(bindings(p)).toEqual(["high→n1"]);
    expect(updateOf(p, "low")?.message).toBe(`0/1 nodes are available: 1 Insufficient cpu. ${NO_VICTIMS_1}`);
  });

  it("only the woken keys are tried", () => {
    const p = plan([node("n1")], [pod("a"), pod("b")], ["default/b"]);
    expect(bindings(p)).toEqual(["b→n1"]);
  });

  it("no nodes: 'no nodes available to schedule pods'", () => {
    const p = plan([], [pod("p")]);
    expect(updateOf(p, "p")).toEqual({ message: "no nodes available to schedule pods", reason: "Unschedulable", event: "no nodes available to schedule pods" });
  });

  it("counts reasons per node, and preemption's per examined node (unresolvable nodes are 'not helpful')", () => {
    const nodes = [node("n1", { labels: { zone: "a" } }), node("n2", { labels: { zone: "b" } })];
    const p = plan(nodes, [pod("busy", { node: "n2", cpu: "3" }), pod("p", { cpu: "2", nodeSelector: { zone: "b" } })]);
    expect(updateOf(p, "p")?.message).toBe(
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector. " +
        "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod., 1 Preemption is not helpful for scheduling.",
    );
  });

  it("Succeeded and Failed pods hold no resources", () => {
    const p = plan([node("n1", { cpu: "1" })], [pod("done", { node: "n1", cpu: "1", phase: "Succeeded" }), pod("p", { cpu: "1" })]);
    expect(bindings(p)).toEqual(["p→n1"]);
  });

  it("preempts a lower-priority pod: victims planned, the preemptor nominated, lower nominations on that node cleared", () => {
    const pods = [
      pod("victim", { node: "n1", cpu: "3", priority: 0 }),
      pod("nominated-low", { cpu: "1", priority: 10, nominated: "n1" }),
      pod("preemptor", { cpu: "2", priority: 100 }),
    ];
    const p = plan([node("n1")], pods, ["default/preemptor"]);
    expect(p.bindings).toEqual([]);
    expect(p.preemptions.map((pr) => ({ preemptor: pr.preemptor.metadata.name, node: pr.node, victims: names(pr.victims) }))).toEqual([
      { preemptor: "preemptor", node: "n1", victims: ["victim"] },
    ]);
    // Preemption succeeded: the FailedScheduling message has no "preemption:" part.
    expect(updateOf(p, "preemptor")).toEqual({ message: "0/1 nodes are available: 1 Insufficient cpu.", reason: "Unschedulable", nominatedNodeName: "n1", event: "0/1 nodes are available: 1 Insufficient cpu." });
    expect(updateOf(p, "nominated-low")).toEqual({ nominatedNodeName: null });
  });

  it("preemptionPolicy Never: no preemption, and the message says why", () => {
    const p = plan([node("n1")], [pod("victim", { node: "n1", cpu: "3" }), pod("p", { cpu: "2", priority: 100, preemptionPolicy: "Never" })]);
    expect(p.preemptions).toEqual([]);
    expect(updateOf(p, "p")?.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
  });

  it("a preemptor waits while its victims terminate (no second preemption, nomination kept)", () => {
    const pods = [pod("victim", { node: "n1", cpu: "3", deleting: true }), pod("p", { cpu: "2", priority: 100, nominated: "n1" })];
    const p = plan([node("n1")], pods);
    expect(p.preemptions).toEqual([]);
    expect(updateOf(p, "p")).toEqual({
      message: "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.",
      reason: "Unschedulable",
      event: "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.",
    });
  });

  it("a nomination that preemption cannot back is cleared", () => {
    const p = plan([node("n1", { cpu: "1" })], [pod("p", { cpu: "2", priority: 100, nominated: "gone" })]);
    expect(updateOf(p, "p")).toMatchObject({ nominatedNodeName: null });
  });

  it("space nominated to a higher-priority pod is not taken by a lower one; the nominated pod binds there first", () => {
    const pods = [pod("running", { node: "n1", cpu: "2" }), pod("nominated", { cpu: "2", priority: 100, nominated: "n1", created: 9 }), pod("q", { cpu: "2", created: 1 })];
    const alone = plan([node("n1")], pods, ["default/q"]);
    expect(alone.bindings).toEqual([]);
    expect(updateOf(alone, "q")?.message).toBe(`0/1 nodes are available: 1 Insufficient cpu. ${NO_VICTIMS_1}`);
    expect(bindings(plan([node("n1")], pods))).toEqual(["nominated→n1"]);
  });

  it("the nominated node is tried first, even when another node would score higher", () => {
    const nodes = [node("big", { cpu: "64" }), node("small")];
    const pods = [pod("busy", { node: "small", cpu: "2" }), pod("p", { cpu: "1", nominated: "small" })];
    expect(bindings(plan(nodes, pods))).toEqual(["p→small"]);
    expect(bindings(plan(nodes, [pods[0], pod("p", { cpu: "1" })]))).toEqual(["p→big"]);
  });

  it("repeated passes over their own writes converge to a plan that writes nothing", () => {
    let pods = [
      pod("victim", { node: "n1", cpu: "3", priority: 0 }),
      pod("preemptor", { cpu: "2", priority: 100, created: 1 }),
      pod("fits", { cpu: "1", created: 2 }),
      pod("never", { cpu: "8", created: 3 }),
    ];
    const nodes = [node("n1"), node("n2", { cpu: "1" })];
    const rounds: number[] = [];
    for (let i = 0; i < 4; i++) {
      const p = plan(nodes, pods);
      rounds.push(writes(p));
      pods = written(pods, p);
    }
    expect(rounds[0]).toBeGreaterThan(0);
    expect(rounds.slice(2)).toEqual([0, 0]);
    expect(pods.find((p) => p.metadata.name === "fits")!.spec.nodeName).toBeDefined();
    expect(pods.find((p) => p.metadata.name === "preemptor")!.status.nominatedNodeName).toBe("n1");
  });
});
