/** maxSurge / maxUnavailable arithmetic (intstr scaling, ResolveFenceposts) and NewRSNewReplicas. */
import { describe, expect, it } from "vitest";
import { maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts, scaledValue } from "../../../../worker/controllers/deployment/fenceposts";
import type { Obj } from "../kwok";

describe("scaledValue (GetScaledValueFromIntOrPercent)", () => {
  it.each<[number | string, number, boolean, number]>([
    [3, 10, true, 3],
    ["25%", 10, true, 3],
    ["25%", 10, false, 2],
    ["25%", 1, true, 1],
    ["25%", 1, false, 0],
    ["100%", 7, false, 7],
    ["0%", 5, true, 0],
    ["39%", 10, true, 4],
    ["39%", 10, false, 3],
  ])("%j of %d (roundUp %s) = %d", (v, total, up, want) => {
    expect(scaledValue(v, total, up)).toBe(want);
  });

  it.each(["oops", "10", "1.5%", "%"])("%j is an error", (v) => {
    expect(() => scaledValue(v, 10, true)).toThrow(/invalid value for IntOrString/);
  });
});

describe("resolveFenceposts", () => {
  it.each<[number | string | undefined, number | string | undefined, number, number, number]>([
    ["0%", "0%", 0, 0, 1],
    ["39%", "39%", 10, 4, 3],
    [undefined, "39%", 10, 0, 3],
    ["39%", undefined, 10, 4, 0],
    [undefined, undefined, 10, 0, 1],
    ["25%", "25%", 1, 1, 0],
    [0, "10%", 5, 0, 1],
  ])("surge %j unavailable %j of %d → %d / %d", (surge, unavailable, desired, wantSurge, wantUnavailable) => {
    expect(resolveFenceposts(surge, unavailable, desired)).toEqual({ surge: wantSurge, unavailable: wantUnavailable });
  });
});

const dep = (replicas: number, strategy: Obj): Obj => ({ spec: { replicas, strategy } });
const rolling = (maxSurge: number | string, maxUnavailable: number | string) => ({ type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } });

describe("maxSurge / maxUnavailable", () => {
  it.each<[string, Obj, number, number]>([
    ["defaults on 4", dep(4, rolling("25%", "25%")), 1, 1],
    ["defaults on 10", dep(10, rolling("25%", "25%")), 3, 2],
    ["unavailable capped at replicas", dep(2, rolling(0, 5)), 0, 2],
    ["no replicas: no unavailability", dep(0, rolling(1, 1)), 1, 0],
    ["Recreate has neither", dep(3, { type: "Recreate" }), 0, 0],
  ])("%s", (_, d, surge, unavailable) => {
    expect([maxSurge(d), maxUnavailable(d)]).toEqual([surge, unavailable]);
  });
});

describe("newRSNewReplicas", () => {
  const rs = (replicas: number) => ({ spec: { replicas } });
  it.each<[string, Obj, number, number]>([
    ["cannot scale up past replicas + maxSurge", dep(1, rolling(1, 0)), 5, 5],
    ["scales up to the Deployment's replicas", dep(6, rolling(10, 0)), 2, 6],
    ["scales up by what the surge leaves", dep(10, rolling(2, 0)), 0, 7],
    ["Recreate goes to replicas", dep(3, { type: "Recreate" }), 1, 3],
  ])("%s", (_, d, newReplicas, want) => {
    const newRS = rs(newReplicas);
    expect(newRSNewReplicas(d, [newRS, rs(5)], newRS)).toBe(want);
  });
});
