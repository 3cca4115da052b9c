/** The failed-pod back-off (backoff_utils.go): 10 s doubling per failure, capped at 10 minutes. */
import { describe, expect, it } from "vitest";
import { backoffRecord, remainingBackoffMs } from "../../../../worker/controllers/job/backoff";
import { job, pod, T0 } from "./fixtures";

describe("remainingBackoffMs", () => {
  it.each([
    [0, 0, 0],
    [1, 0, 10_000],
    [1, 4_000, 6_000],
    [1, 10_000, 0],
    [2, 0, 20_000],
    [3, 0, 40_000],
    [6, 0, 320_000],
    [7, 0, 600_000], // 640 s capped at MaxJobPodFailureBackOff
    [30, 100_000, 500_000],
  ])("%i failures, %i ms since the last → wait %i ms", (failures, elapsed, want) => {
    expect(remainingBackoffMs(failures, T0, T0 + elapsed)).toBe(want);
  });
});

describe("backoffRecord", () => {
  const j = job();
  it.each([
    ["no pods", [], { failuresAfterLastSuccess: 0 }],
    ["running pods do not count", [pod("a")], { failuresAfterLastSuccess: 0 }],
    ["two failures", [pod("a", { phase: "Failed", finished: 5 }), pod("b", { phase: "Failed", finished: 9 })], { failuresAfterLastSuccess: 2, lastFailureTime: T0 + 9_000 }],
    [
      "a success resets the count",
      [pod("a", { phase: "Failed", finished: 5 }), pod("b", { phase: "Succeeded", finished: 7 }), pod("c", { phase: "Failed", finished: 9 })],
      { failuresAfterLastSuccess: 1, lastFailureTime: T0 + 9_000 },
    ],
    ["pods the controller deleted (no finalizer) are no failures", [pod("a", { deleting: true, tracked: false })], { failuresAfterLastSuccess: 0 }],
    ["a tracked pod deleted before finishing is one", [pod("a", { deleting: true, finished: 3 })], { failuresAfterLastSuccess: 1, lastFailureTime: T0 + 3_000 }],
  ])("%s", (_n, pods, want) => expect(backoffRecord(j, pods)).toEqual(want));
});
