/** ReplicaSet status (calculateStatus / updateReplicaSetStatus): counts, ReplicaFailure, and when to write. */
import { describe, expect, it } from "vitest";
import { calculateReplicaSetStatus, replicaSetStatusNeedsUpdate, statusToWrite } from "../../../../worker/controllers/replicaset/status";
import type { Obj } from "../kwok";

const NOW = new Date("2024-06-01T12:00:00Z");
const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

const rs = (spec: Obj = {}, status?: Obj, generation = 1): Obj => ({
  metadata: { name: "rs", generation },
  spec: { replicas: 3, template: { metadata: { labels: { app: "a", tier: "web" } } }, ...spec },
  ...(status ? { status } : {}),
});
const pod = (labels: Obj, readySince?: number): Obj => ({
  metadata: { labels },
  status: { conditions: readySince === undefined ? [] : [{ type: "Ready", status: "True", lastTransitionTime: ago(readySince) }] },
});
const FULL = { app: "a", tier: "web", extra: "x" };

describe("calculateReplicaSetStatus", () => {
  it.each<[string, Obj, Obj[], Obj]>([
    ["no pods", rs(), [], { replicas: 0 }],
    ["partly labeled, none ready", rs(), [pod(FULL), pod({ app: "a" })], { replicas: 2, fullyLabeledReplicas: 1 }],
    ["ready and available", rs(), [pod(FULL, 5), pod(FULL, 5), pod(FULL)], { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 2 }],
    ["minReadySeconds not yet passed", rs({ minReadySeconds: 10 }), [pod(FULL, 5), pod(FULL, 11)], { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1 }],
    ["exactly minReadySeconds is not yet available", rs({ minReadySeconds: 10 }), [pod(FULL, 10)], { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1 }],
    ["keeps the observed generation it had", rs({}, { replicas: 1, observedGeneration: 1 }, 2), [pod(FULL)], { replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 1 }],
  ])("%s", (_, r, pods, want) => {
    expect(calculateReplicaSetStatus(r, pods, undefined, NOW)).toEqual(want);
  });

  it("adds ReplicaFailure FailedCreate when short of pods and creating failed", () => {
    const st = calculateReplicaSetStatus(rs(), [pod(FULL)], "pods is forbidden", NOW);
    expect(st.conditions).toEqual([{ type: "ReplicaFailure", status: "True", lastTransitionTime: "2024-06-01T12:00:00Z", reason: "FailedCreate", message: "pods is forbidden" }]);
  });

  it("uses FailedDelete when over", () => {
    const st = calculateReplicaSetStatus(rs({ replicas: 0 }), [pod(FULL)], "unable to delete pods: x", NOW);
    expect(st.conditions?.[0]).toMatchObject({ reason: "FailedDelete" });
  });

  it("keeps an existing failure condition as it was, and removes it once a sync succeeds", () => {
    const failed = { type: "ReplicaFailure", status: "True", lastTransitionTime: "2024-01-01T00:00:00Z", reason: "FailedCreate", message: "old" };
    const r = rs({}, { replicas: 1, conditions: [failed] });
    expect(calculateReplicaSetStatus(r, [pod(FULL)], "new message", NOW).conditions).toEqual([failed]);
    expect(calculateReplicaSetStatus(r, [pod(FULL)], undefined, NOW).conditions).toBeUndefined();
  });
});

describe("replicaSetStatusNeedsUpdate", () => {
  it("converged: counts, conditions and generation agree → no write", () => {
    const r = rs({}, { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    const st = calculateReplicaSetStatus(r, [pod(FULL, 5), pod(FULL, 5), pod(FULL, 5)], undefined, NOW);
    expect(replicaSetStatusNeedsUpdate(r, st)).toBe(false);
  });

  it.each<[string, Obj, Obj[]]>([
    ["a count changed", rs({}, { replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 }), [pod(FULL), pod(FULL)]],
    ["the generation is not observed yet", rs({}, { replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 1 }, 2), [pod(FULL)]],
    ["a new ReplicaSet without status", rs(), []],
  ])("%s → write", (_, r, pods) => {
    expect(replicaSetStatusNeedsUpdate(r, calculateReplicaSetStatus(r, pods, undefined, NOW))).toBe(true);
  });

  it("writes observedGeneration = generation, zero counts omitted", () => {
    expect(statusToWrite(rs({}, undefined, 4), { replicas: 0, readyReplicas: 0 })).toEqual({ replicas: 0, observedGeneration: 4 });
  });
});
