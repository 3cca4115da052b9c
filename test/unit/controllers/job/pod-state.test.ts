/** What the Job controller reads from pods: failure, finish time, deletion order. */
import { describe, expect, it } from "vitest";
import {
  compareForDeletion,
  completionIndex,
  finishedTime,
  isActive,
  isPodFailed,
  isTerminating,
} from "../../../../worker/controllers/job/pod-state";
import { at, job, pod, T0 } from "./fixtures";

describe("isPodFailed", () => {
  const deleting = pod("a", { deleting: true });
  it.each([
    ["a Failed pod", pod("a", { phase: "Failed" }), job(), true],
    ["a Running pod", pod("a"), job(), false],
    ["a deleted running pod (TerminatingOrFailed)", deleting, job(), true],
    ["a deleted running pod (podReplacementPolicy Failed)", deleting, job({ podReplacementPolicy: "Failed" }), false],
    ["a deleted running pod (with a podFailurePolicy)", deleting, job({ podFailurePolicy: { rules: [] } }), false],
    ["a deleted succeeded pod", pod("a", { phase: "Succeeded", deleting: true }), job(), false],
  ])("%s → %s", (_n, p, j, want) => expect(isPodFailed(p, j)).toBe(want));
});

describe("active and terminating", () => {
  it.each([
    [pod("a"), true, false],
    [pod("a", { phase: "Succeeded" }), false, false],
    [pod("a", { deleting: true }), false, true],
    [pod("a", { phase: "Failed", deleting: true }), false, false],
  ])("%#", (p, active, terminating) => {
    expect(isActive(p)).toBe(active);
    expect(isTerminating(p)).toBe(terminating);
  });
});

describe("completionIndex", () => {
  it.each([
    [{ index: 3 }, 3],
    [{}, -1],
    [{ annotations: { "batch.kubernetes.io/job-completion-index": "x" } }, -1],
    [{ annotations: { "batch.kubernetes.io/job-completion-index": "-2" } }, -1],
    [{ annotations: { "batch.kubernetes.io/job-completion-index": "+4" } }, 4],
  ])("%j → %i", (o, want) => expect(completionIndex(pod("a", o))).toBe(want));
});

describe("finishedTime", () => {
  it("is the last container's finishedAt", () => expect(finishedTime(pod("a", { phase: "Failed", finished: 30 }))).toBe(T0 + 30_000));
  it("falls back to the Ready=False transition", () => {
    const p = pod("a", { finished: 12 });
    expect(finishedTime(p)).toBe(T0 + 12_000);
  });
  it("falls back to deletionTimestamp minus the grace period, then creation", () => {
    const p = pod("a", { conditions: [] });
    p.metadata.deletionTimestamp = at(40);
    p.metadata.deletionGracePeriodSeconds = 30;
    expect(finishedTime(p)).toBe(T0 + 10_000);
    delete p.metadata.deletionTimestamp;
    expect(finishedTime({ ...p, metadata: { ...p.metadata, creationTimestamp: at(5) } })).toBe(T0 + 5_000);
  });
});

describe("compareForDeletion (controller.ActivePods)", () => {
  it("deletes unscheduled before scheduled, pending before running, not ready before ready, newer before older", () => {
    const pods = [
      pod("ready-old", { node: "n", phase: "Running", ready: true, created: 1 }),
      pod("running", { node: "n", phase: "Running" }),
      pod("unscheduled", { phase: "Pending" }),
      pod("pending", { node: "n", phase: "Pending" }),
      pod("ready-new", { node: "n", phase: "Running", ready: true, created: 1, finished: 50 }),
    ];
    expect([...pods].sort(compareForDeletion).map((p) => p.metadata.uid)).toEqual(["unscheduled", "pending", "running", "ready-new", "ready-old"]);
  });
});
