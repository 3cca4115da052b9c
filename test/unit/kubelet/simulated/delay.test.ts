import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../../worker/patch/json";
import { delayRange, parseGoDuration, stageDelayMs, type Stage, type StageDelay } from "../../../../worker/kubelet/simulated";
import { iso, seeded, T0 } from "./fixtures";

const stageWith = (delay?: StageDelay): Stage => ({
  metadata: { name: "s" },
  spec: { resourceRef: { kind: "Pod" }, selector: {}, delay, next: {} },
});

const podWith = (annotations: Record<string, string>, extra: JsonObject = {}): JsonObject => ({
  metadata: { name: "p", annotations, ...extra },
});

describe("parseGoDuration", () => {
  it.each<[string, number | undefined]>([
    ["0", 0],
    ["300ms", 300],
    ["1.5s", 1500],
    ["2m", 120_000],
    ["1h2m3s", 3_723_000],
    ["-1s", -1000],
    ["+2s", 2000],
    ["500us", 0.5],
    [".5s", 500],
    ["10", undefined],
    ["", undefined],
    ["1d", undefined],
    ["s", undefined],
  ])("%j → %s", (s, want) => {
    expect(parseGoDuration(s)).toBe(want);
  });
});

describe("delayRange", () => {
  const ANNO = '.metadata.annotations["d"]';
  const JANNO = '.metadata.annotations["j"]';
  it.each<[string, StageDelay | undefined, JsonObject, [number, number]]>([
    ["no delay → due at once", undefined, podWith({}), [0, 0]],
    ["fixed", { durationMilliseconds: 1000 }, podWith({}), [1000, 1000]],
    ["jitter above the duration → [duration, jitter)", { durationMilliseconds: 1000, jitterDurationMilliseconds: 5000 }, podWith({}), [1000, 5000]],
    ["jitter below the duration replaces it", { durationMilliseconds: 5000, jitterDurationMilliseconds: 2000 }, podWith({}), [2000, 2000]],
    ["durationFrom a Go duration", { durationMilliseconds: 1000, durationFrom: { expressionFrom: ANNO } }, podWith({ d: "10s" }), [10_000, 10_000]],
    ["durationFrom missing → durationMilliseconds", { durationMilliseconds: 1000, durationFrom: { expressionFrom: ANNO } }, podWith({}), [1000, 1000]],
    ["durationFrom unparsable → durationMilliseconds", { durationMilliseconds: 1000, durationFrom: { expressionFrom: ANNO } }, podWith({ d: "soon" }), [1000, 1000]],
    // KWOK's rule: an overridden delay above the default jitter is capped by that jitter.
    ["delay annotation above the jitter", { durationMilliseconds: 1000, durationFrom: { expressionFrom: ANNO }, jitterDurationMilliseconds: 5000 }, podWith({ d: "10s" }), [5000, 5000]],
    ["delay and jitter annotations", { durationMilliseconds: 1000, durationFrom: { expressionFrom: ANNO }, jitterDurationMilliseconds: 5000, jitterDurationFrom: { expressionFrom: JANNO } }, podWith({ d: "10s", j: "12s" }), [10_000, 12_000]],
    ["durationFrom a timestamp → time left", { durationFrom: { expressionFrom: ".metadata.deletionTimestamp" } }, podWith({}, { deletionTimestamp: iso(T0 + 7000) }), [7000, 7000]],
    ["durationFrom a past timestamp → 0", { durationFrom: { expressionFrom: ".metadata.deletionTimestamp" } }, podWith({}, { deletionTimestamp: iso(T0 - 7000) }), [0, 0]],
    ["jitter from a timestamp caps the delay", { durationMilliseconds: 5000, jitterDurationFrom: { expressionFrom: ".metadata.deletionTimestamp" } }, podWith({}, { deletionTimestamp: iso(T0 + 2000) }), [2000, 2000]],
    ["negative duration string → 0", { durationFrom: { expressionFrom: ANNO } }, podWith({ d: "-3s" }), [0, 0]],
  ])("%s", (_, delay, obj, [min, max]) => {
    expect(delayRange(stageWith(delay), obj, T0)).toEqual({ minMs: min, maxMs: max });
  });
});

describe("stageDelayMs", () => {
  const jittered = stageWith({ durationMilliseconds: 1000, jitterDurationMilliseconds: 5000 });
  it.each<[number, number]>([
    [0, 1000],
    [0.5, 3000],
    [0.99999, 4999],
  ])("random %s → %s ms", (r, want) => {
    expect(stageDelayMs(jittered, podWith({}), T0, () => r)).toBe(want);
  });

  it("seeded draws stay within [duration, jitter) and spread over it", () => {
    const rnd = seeded(1);
    const draws = Array.from({ length: 1000 }, () => stageDelayMs(jittered, podWith({}), T0, rnd));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...draws)).toBeLessThan(5000);
    expect(Math.min(...draws)).toBeLessThan(1100);
    expect(Math.max(...draws)).toBeGreaterThan(4900);
  });

  it("does not draw for a fixed delay", () => {
    let calls = 0;
    const rnd = () => (calls++, 0.5);
    expect(stageDelayMs(stageWith({ durationMilliseconds: 1000 }), podWith({}), T0, rnd)).toBe(1000);
    expect(calls).toBe(0);
  });
});
