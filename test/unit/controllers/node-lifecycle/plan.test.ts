/** One node's reconcile as a value, MarkPodsNotReady, and pod conditions. */
import { describe, expect, it } from "vitest";
import { planNodeAt, podNotReadyConditions } from "../../../../worker/controllers/node-lifecycle/plan";
import { updatePodCondition } from "../../../../worker/controllers/node-lifecycle/pod-conditions";
import type { KubeObject } from "../../../../schema/types";

const T0 = Date.parse("2025-01-01T00:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

const node = (ready: string, taints: KubeObject[] = [], heartbeat = 0): KubeObject => ({
  metadata: { name: "n1", creationTimestamp: at(-3600) },
  spec: { taints },
  status: {
    conditions: ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"].map((type) => ({
      type,
      status: type === "Ready" ? ready : "False",
      lastHeartbeatTime: at(heartbeat),
      lastTransitionTime: at(0),
    })),
  },
});
const lease = (s: number): KubeObject => ({ spec: { renewTime: at(s) } });

describe("planNodeAt", () => {
  it("a healthy node: no actions (converged)", () => {
    expect(planNodeAt(node("True"), lease(5), "allow", T0 + 10_000)).toEqual({
      conditions: undefined,
      taints: undefined,
      nodeNotReadyEvent: false,
      markPodsNotReady: false,
      requeueAfterMs: undefined,
    });
  });

  it("a node marked Unknown and tainted: no actions (converged; its pods were marked in the pass that marked it)", () => {
    const n = node("Unknown", [
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: at(60) },
      { key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: at(60) },
    ]);
    for (const c of n.status.conditions) c.status = "Unknown";
    const plan = planNodeAt(n, lease(0), "allow", T0 + 120_000);
    expect(plan).toMatchObject({ conditions: undefined, taints: undefined, nodeNotReadyEvent: false, requeueAfterMs: undefined });
  });

  it("a silent kubelet: Unknown conditions, unreachable taints, the NodeNotReady event, pods marked", () => {
    const plan = planNodeAt(node("True"), lease(0), "allow", T0 + 51_000);
    expect(plan.conditions?.find((c) => c.type === "Ready")?.status).toBe("Unknown");
    expect(plan.taints).toEqual([
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: at(51) },
      { key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: at(51) },
    ]);
    expect(plan.nodeNotReadyEvent).toBe(true);
    expect(plan.markPodsNotReady).toBe(true);
  });

  it("a kubelet reporting NotReady: not-ready taints, no NodeNotReady event from the controller, pods left to the kubelet", () => {
    const plan = planNodeAt(node("False"), lease(0), "allow", T0 + 1000);
    expect(plan.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual(["node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute"]);
    expect(plan.nodeNotReadyEvent).toBe(false);
    expect(plan.markPodsNotReady).toBe(false);
  });

  it("a lease 30 s old: a timer for the end of its grace period, nothing else", () => {
    const plan = planNodeAt(node("True"), lease(0), "allow", T0 + 30_000);
    expect(plan).toMatchObject({ conditions: undefined, taints: undefined, requeueAfterMs: 20_001 });
  });
});

describe("podNotReadyConditions", () => {
  const pod = (ready: string | undefined): KubeObject => ({
    status: {
      conditions: [
        { type: "PodScheduled", status: "True", lastTransitionTime: at(0) },
        ...(ready ? [{ type: "Ready", status: ready, lastProbeTime: null, lastTransitionTime: at(0) }] : []),
      ],
    },
  });
  it("a Ready pod: Ready False, transition now, the other conditions kept", () => {
    expect(podNotReadyConditions(pod("True"), T0 + 60_000)).toEqual([
      { type: "PodScheduled", status: "True", lastTransitionTime: at(0) },
      { type: "Ready", status: "False", lastProbeTime: null, lastTransitionTime: at(60) },
    ]);
  });
  it.each([["False"], [undefined]])("Ready %s: nothing to do (converged)", (ready) => {
    expect(podNotReadyConditions(pod(ready), T0 + 60_000)).toBeUndefined();
  });
});

describe("updatePodCondition", () => {
  const base = [{ type: "Ready", status: "True", reason: "r", lastTransitionTime: at(0) }];
  it.each([
    ["appends a new condition", [], { type: "DisruptionTarget", status: "True" }, [{ type: "DisruptionTarget", status: "True", lastTransitionTime: at(9) }], true],
    ["same status and fields: unchanged, transition kept", base, { type: "Ready", status: "True", reason: "r" }, base, false],
    ["same status, new reason: changed, transition kept", base, { type: "Ready", status: "True", reason: "x" }, [{ ...base[0], reason: "x" }], true],
    ["new status: transition now", base, { type: "Ready", status: "False" }, [{ type: "Ready", status: "False", lastTransitionTime: at(9) }], true],
  ])("%s", (_name, conditions, cond, want, changed) => {
    expect(updatePodCondition(conditions, cond, at(9))).toEqual({ conditions: want, changed });
  });
});
