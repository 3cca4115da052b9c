/** What the controller reads from pod status: Ready, available after minReadySeconds, unavailable. */
import { describe, expect, it } from "vitest";
import { availableAt, isRunningAndAvailable, isRunningAndReady, isUnavailable } from "../../../../worker/controllers/statefulset/pod-state";
import { NOW, statefulPod, statefulSet, type PodPhase } from "./helpers";

const set = statefulSet("web");
const pod = (phase: PodPhase, extra: { terminating?: boolean; readySince?: number } = {}) => statefulPod(set, 0, "r", phase, extra);

describe("readiness and availability", () => {
  it.each([
    // pod, minReadySeconds, ready, available, unavailable
    ["Ready long ago", pod("Ready"), 0, true, true, false],
    ["Ready long ago, minReady 10", pod("Ready"), 10, true, true, false],
    ["Ready 5 s ago, minReady 10", pod("Ready", { readySince: NOW - 5_000 }), 10, true, false, true],
    ["Ready exactly 10 s ago, minReady 10 (strictly after)", pod("Ready", { readySince: NOW - 10_000 }), 10, true, false, true],
    ["Ready 11 s ago, minReady 10", pod("Ready", { readySince: NOW - 11_000 }), 10, true, true, false],
    ["Running, not Ready", pod("Running"), 0, false, false, true],
    ["Pending", pod("Pending"), 0, false, false, true],
    ["Ready but terminating", pod("Ready", { terminating: true }), 0, true, true, true],
    ["no status", { metadata: {} }, 0, false, false, true],
  ])("%s", (_, p, minReady, ready, available, unavailable) => {
    expect(isRunningAndReady(p)).toBe(ready);
    expect(isRunningAndAvailable(p, minReady, NOW)).toBe(available);
    expect(isUnavailable(p, minReady, NOW)).toBe(unavailable);
  });

  it("availableAt is the Ready transition plus minReadySeconds", () => {
    expect(availableAt(pod("Ready", { readySince: NOW - 5_000 }), 10)).toBe(NOW + 5_000);
    expect(availableAt(pod("Ready"), 0)).toBe(-Infinity);
    expect(availableAt(pod("Running"), 10)).toBeUndefined();
  });
});
