/**
 * Deployment status and conditions: calculateStatus, the Progressing transitions of syncRolloutStatus, the
 * progress deadline and its requeue, and ReplicaFailure copied from the ReplicaSets.
 */
import { describe, expect, it } from "vitest";
import {
  calculateStatus,
  deploymentComplete,
  deploymentTimedOut,
  rolloutStatus,
  sameStatus,
  stuckRequeueMs,
} from "../../../../worker/controllers/deployment/status";
import type { Obj } from "../kwok";

const NOW = new Date("2024-06-01T12:00:00Z");
const NOW_S = "2024-06-01T12:00:00Z";
const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

const dep = (status: Obj = {}, spec: Obj = {}): Obj => ({
  metadata: { name: "web", generation: 2 },
  spec: { replicas: 4, progressDeadlineSeconds: 600, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } }, ...spec },
  status,
});
const rs = (name: string, spec: number, st: Obj = {}): Obj => ({ metadata: { name }, spec: { replicas: spec }, status: st });
const progressing = (reason: string, updated: string, status = "True") => ({ type: "Progressing", status, lastUpdateTime: updated, lastTransitionTime: updated, reason, message: "m" });

describe("calculateStatus", () => {
  it("counts over all ReplicaSets; updated from the new one; Available against maxUnavailable", () => {
    const newRS = rs("new", 2, { replicas: 2, readyReplicas: 1, availableReplicas: 1 });
    const old = rs("old", 3, { replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(calculateStatus([old, newRS], newRS, dep(), NOW)).toEqual({
      observedGeneration: 2,
      replicas: 5,
      updatedReplicas: 2,
      readyReplicas: 4,
      availableReplicas: 4,
      unavailableReplicas: 1,
      conditions: [{ type: "Available", status: "True", lastUpdateTime: NOW_S, lastTransitionTime: NOW_S, reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." }],
    });
  });

  it("below minimum availability; keeps collisionCount; never negative unavailable", () => {
    const st = calculateStatus([rs("a", 1, { replicas: 2, availableReplicas: 2 })], undefined, dep({ collisionCount: 0 }), NOW);
    expect(st).toMatchObject({ replicas: 2, availableReplicas: 2, collisionCount: 0 });
    expect(st.unavailableReplicas).toBeUndefined();
    expect(st.conditions[0]).toMatchObject({ type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." });
  });

  it("keeps the times of an unchanged condition", () => {
    const available = { type: "Available", status: "True", lastUpdateTime: ago(99), lastTransitionTime: ago(99), reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." };
    const st = calculateStatus([rs("a", 4, { replicas: 4, availableReplicas: 4 })], undefined, dep({ conditions: [available] }), NOW);
    expect(st.conditions).toEqual([available]);
  });
});

describe("rolloutStatus: Progressing", () => {
  const newRS = (available: number, replicas = 4) => rs("web-abc", 4, { replicas, readyReplicas: available, availableReplicas: available });

  it("complete → NewReplicaSetAvailable", () => {
    const st = rolloutStatus([newRS(4)], newRS(4), dep({ replicas: 4, updatedReplicas: 4, conditions: [progressing("ReplicaSetUpdated", ago(5))] }), NOW);
    expect(st.conditions.find((c: Obj) => c.type === "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "web-abc" has successfully progressed.` });
  });

  it("progress → ReplicaSetUpdated with lastUpdateTime now, lastTransitionTime kept", () => {
    const st = rolloutStatus([newRS(2)], newRS(2), dep({ replicas: 4, updatedReplicas: 4, availableReplicas: 1, conditions: [progressing("NewReplicaSetCreated", ago(30))] }), NOW);
    expect(st.conditions.find((c: Obj) => c.type === "Progressing")).toEqual({
      type: "Progressing",
      status: "True",
      lastUpdateTime: NOW_S,
      lastTransitionTime: ago(30),
      reason: "ReplicaSetUpdated",
      message: `ReplicaSet "web-abc" is progressing.`,
    });
  });

  it("no progress past the deadline → ProgressDeadlineExceeded", () => {
    const d = dep({ replicas: 4, updatedReplicas: 4, readyReplicas: 2, availableReplicas: 2, conditions: [progressing("ReplicaSetUpdated", ago(601))] });
    const st = rolloutStatus([newRS(2)], newRS(2), d, NOW);
    expect(st.conditions.find((c: Obj) => c.type === "Progressing")).toMatchObject({ status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "web-abc" has timed out progressing.` });
  });

  it("no progress within the deadline → unchanged, requeued for the deadline", () => {
    const d = dep({ observedGeneration: 2, replicas: 4, updatedReplicas: 4, readyReplicas: 2, availableReplicas: 2, conditions: [progressing("ReplicaSetUpdated", ago(100))] });
    const st = rolloutStatus([newRS(2)], newRS(2), d, NOW);
    expect(st.conditions.find((c: Obj) => c.type === "Progressing")).toEqual(progressing("ReplicaSetUpdated", ago(100)));
    expect(stuckRequeueMs(d, st, NOW)).toBe(501_000);
  });

  it("a completed rollout is left alone (converged: same status, no requeue)", () => {
    const available = { type: "Available", status: "True", lastUpdateTime: ago(50), lastTransitionTime: ago(50), reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." };
    const d = dep({ observedGeneration: 2, replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4, conditions: [available, progressing("NewReplicaSetAvailable", ago(50))] });
    const st = rolloutStatus([newRS(4)], newRS(4), d, NOW);
    expect(sameStatus(d.status, st)).toBe(true);
    expect(stuckRequeueMs(d, st, NOW)).toBeUndefined();
  });

  it("without a progress deadline there is no Progressing condition", () => {
    const d = dep({ conditions: [progressing("ReplicaSetUpdated", ago(1))] }, { progressDeadlineSeconds: undefined });
    expect(rolloutStatus([newRS(1)], newRS(1), d, NOW).conditions.map((c: Obj) => c.type)).toEqual(["Available"]);
  });

  it("copies the new ReplicaSet's ReplicaFailure, and removes it once gone", () => {
    const failure = { type: "ReplicaFailure", status: "True", lastTransitionTime: ago(3), reason: "FailedCreate", message: "quota" };
    const failing = rs("web-abc", 4, { replicas: 1, conditions: [failure] });
    const st = rolloutStatus([failing], failing, dep(), NOW);
    expect(st.conditions.find((c: Obj) => c.type === "ReplicaFailure")).toEqual({ ...failure, lastUpdateTime: ago(3) });
    expect(rolloutStatus([newRS(1)], newRS(1), { ...dep(), status: st }, NOW).conditions.some((c: Obj) => c.type === "ReplicaFailure")).toBe(false);
  });
});

describe("deadline helpers", () => {
  it.each<[string, Obj, boolean]>([
    ["no condition", dep(), false],
    ["completed rollouts never time out", dep({ conditions: [progressing("NewReplicaSetAvailable", ago(9999))] }), false],
    ["already timed out", dep({ conditions: [progressing("ProgressDeadlineExceeded", ago(1), "False")] }), true],
    ["just within", dep({ conditions: [progressing("ReplicaSetUpdated", ago(600))] }), false],
    ["just past", dep({ conditions: [progressing("ReplicaSetUpdated", ago(601))] }), true],
  ])("deploymentTimedOut: %s → %s", (_, d, want) => {
    expect(deploymentTimedOut(d, d.status, NOW)).toBe(want);
  });

  it("deploymentComplete needs updated = replicas = available = spec and the generation observed", () => {
    expect(deploymentComplete(dep(), { updatedReplicas: 4, replicas: 4, availableReplicas: 4, observedGeneration: 2 })).toBe(true);
    expect(deploymentComplete(dep(), { updatedReplicas: 4, replicas: 4, availableReplicas: 4, observedGeneration: 1 })).toBe(false);
    expect(deploymentComplete(dep(), { updatedReplicas: 4, replicas: 5, availableReplicas: 4, observedGeneration: 2 })).toBe(false);
  });

  it("the deadline check runs when due (not before), a second late when further away", () => {
    const d = (updated: string) => dep({ conditions: [progressing("ReplicaSetUpdated", updated)] });
    expect(stuckRequeueMs(d(ago(599)), {}, NOW)).toBe(2000);
    expect(stuckRequeueMs(d(ago(600)), {}, NOW)).toBe(100);
    expect(stuckRequeueMs(d(ago(700)), {}, NOW)).toBe(100);
  });
});
