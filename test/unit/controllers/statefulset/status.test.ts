/** StatefulSet status: the counts, completing a rolling update, when to write, and Go's encoding. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { completeRollingUpdate, computeStatus, inconsistentStatus, statusObject, type StatefulSetStatusCounts } from "../../../../worker/controllers/statefulset/status";
import { NOW, statefulPod, statefulSet } from "./helpers";

const revs = { current: "r1", update: "r2", collisionCount: 0 };

describe("computeStatus", () => {
  it("counts created, Ready, available, current and updated pods", () => {
    const set = statefulSet("web", { minReadySeconds: 10 });
    const pods = [
      statefulPod(set, 0, "r1"),
      statefulPod(set, 1, "r2", "Ready", { readySince: NOW - 2_000 }), // Ready, not yet available
      statefulPod(set, 2, "r2", "Pending"),
      statefulPod(set, 3, "r1", "Ready", { terminating: true }), // Ready, but not current: terminating
      { metadata: { name: "web-4", labels: { "controller-revision-hash": "r2" } } }, // not created
    ];
    expect(computeStatus(set, pods, revs, NOW)).toEqual({
      observedGeneration: 1,
      replicas: 4,
      readyReplicas: 3,
      availableReplicas: 2,
      currentReplicas: 1,
      updatedReplicas: 2,
      currentRevision: "r1",
      updateRevision: "r2",
      collisionCount: 0,
    });
  });
});

const counts = (o: Partial<StatefulSetStatusCounts>): StatefulSetStatusCounts => ({
  observedGeneration: 1,
  replicas: 3,
  readyReplicas: 3,
  currentReplicas: 1,
  updatedReplicas: 3,
  availableReplicas: 3,
  currentRevision: "r1",
  updateRevision: "r2",
  collisionCount: 0,
  ...o,
});

describe("completeRollingUpdate", () => {
  it.each([
    ["all updated and Ready: the update revision becomes current", statefulSet("web"), counts({}), { currentReplicas: 3, currentRevision: "r2" }],
    ["one not Ready", statefulSet("web"), counts({ readyReplicas: 2 }), { currentReplicas: 1, currentRevision: "r1" }],
    ["fewer replicas than spec", statefulSet("web", { replicas: 4 }), counts({}), { currentReplicas: 1, currentRevision: "r1" }],
    ["OnDelete never completes", statefulSet("web", { strategy: "OnDelete" }), counts({}), { currentReplicas: 1, currentRevision: "r1" }],
  ] as [string, KubeObject, StatefulSetStatusCounts, Partial<StatefulSetStatusCounts>][])("%s", (_, set, c, want) => {
    expect(completeRollingUpdate(set, c)).toMatchObject(want);
  });
});

describe("inconsistentStatus / statusObject", () => {
  const converged = counts({ currentReplicas: 3, currentRevision: "r2" });
  const stored = (o: KubeObject = {}) => ({ ...statefulSet("web"), status: { ...statusObject(converged), ...o } });
  it.each([
    ["converged: nothing to write", stored(), false],
    ["stored status missing", { ...statefulSet("web"), status: undefined }, true],
    ["older observedGeneration", stored({ observedGeneration: 0 }), true],
    ["newer observedGeneration is not rewritten", stored({ observedGeneration: 5 }), false],
    ["readyReplicas differ", stored({ readyReplicas: 2 }), true],
    ["availableReplicas differ", stored({ availableReplicas: 1 }), true],
    ["updateRevision differs", stored({ updateRevision: "r9" }), true],
    ["collisionCount alone does not count", stored({ collisionCount: 4 }), false],
    ["conditions alone do not count", stored({ conditions: [{ type: "X", status: "True" }] }), false],
  ])("%s", (_, set, want) => {
    expect(inconsistentStatus(set, converged)).toBe(want);
  });

  it("omits zero counts as Go does, but keeps replicas and availableReplicas", () => {
    expect(statusObject(counts({ observedGeneration: 2, replicas: 0, readyReplicas: 0, currentReplicas: 0, updatedReplicas: 0, availableReplicas: 0, currentRevision: "r1", updateRevision: "r1" }))).toEqual({
      observedGeneration: 2,
      replicas: 0,
      currentRevision: "r1",
      updateRevision: "r1",
      collisionCount: 0,
      availableReplicas: 0,
    });
  });
});
