/** PodDisruptionBudget status as pure functions: expected counts, disrupted pods, healthy pods, conditions. */
import { describe, expect, it } from "vitest";
import {
  buildDisruptedPods,
  countHealthyPods,
  expectedPodCount,
  failSafeStatus,
  pdbStatus,
  scaledValue,
  type ControllerScale,
} from "../../../../worker/controllers/disruption/budget";
import type { KubeObject } from "../../../../schema/types";

const T0 = Date.parse("2025-01-01T00:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

const pod = (name: string, opts: { ready?: boolean; owner?: string; deleting?: boolean } = {}): KubeObject => ({
  metadata: {
    name,
    ...(opts.owner ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: opts.owner, controller: true }] } : {}),
    ...(opts.deleting ? { deletionTimestamp: at(0) } : {}),
  },
  status: { phase: "Running", conditions: [{ type: "Ready", status: opts.ready === false ? "False" : "True" }] },
});

describe("scaledValue", () => {
  it.each([
    [3, 10, true, { ok: true, value: 3 }],
    ["50%", 5, true, { ok: true, value: 3 }],
    ["50%", 5, false, { ok: true, value: 2 }],
    ["0%", 7, true, { ok: true, value: 0 }],
    ["100%", 7, true, { ok: true, value: 7 }],
    ["5", 7, true, { ok: false, message: "invalid value for IntOrString: invalid type: string is not a percentage" }],
  ])("%j of %i (round up %s)", (v, total, up, want) => expect(scaledValue(v, total, up)).toEqual(want));
});

describe("expectedPodCount", () => {
  const pods = [pod("a", { owner: "rs1" }), pod("b", { owner: "rs1" }), pod("c", { owner: "rs2" })];
  // Two ReplicaSets of one Deployment (scale 4) count once.
  const scales = new Map<string, ControllerScale | undefined>([
    ["rs1", { uid: "dep", scale: 4 }],
    ["rs2", { uid: "dep", scale: 4 }],
  ]);
  it.each([
    ["minAvailable int: the pods matched", { minAvailable: 2 }, { expectedCount: 3, desiredHealthy: 2, unmanagedPods: [] }],
    ["minAvailable percent: of the controllers' scale, rounded up", { minAvailable: "30%" }, { expectedCount: 4, desiredHealthy: 2, unmanagedPods: [] }],
    ["maxUnavailable int", { maxUnavailable: 1 }, { expectedCount: 4, desiredHealthy: 3, unmanagedPods: [] }],
    ["maxUnavailable percent", { maxUnavailable: "50%" }, { expectedCount: 4, desiredHealthy: 2, unmanagedPods: [] }],
    ["maxUnavailable above the scale: desired 0", { maxUnavailable: 9 }, { expectedCount: 4, desiredHealthy: 0, unmanagedPods: [] }],
    ["neither: zero", {}, { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] }],
  ])("%s", (_name, spec, want) => expect(expectedPodCount(spec, pods, scales)).toEqual({ ok: true, value: want }));

  it("unmanaged pods are reported, not counted", () => {
    expect(expectedPodCount({ maxUnavailable: 1 }, [...pods, pod("loose")], scales)).toEqual({
      ok: true,
      value: { expectedCount: 4, desiredHealthy: 3, unmanagedPods: ["loose"] },
    });
  });
  it("a pod whose controller is not found is an error", () => {
    expect(expectedPodCount({ maxUnavailable: 1 }, [pod("x", { owner: "gone" })], new Map([["gone", undefined]]))).toEqual({
      ok: false,
      message: 'found no controllers for pod "x"',
    });
  });
});

describe("buildDisruptedPods", () => {
  const status = { disruptedPods: { a: at(0), b: at(-200), c: at(0), gone: at(0) } };
  it("keeps recent entries of live pods, drops terminating and missing ones, expires old ones", () => {
    const res = buildDisruptedPods([pod("a"), pod("b"), pod("c", { deleting: true })], status, T0 + 10_000);
    expect(res).toEqual({ disruptedPods: { a: at(0) }, recheckAt: T0 + 120_000, notDeleted: ["b"] });
  });
  it("no map: nothing (converged)", () => {
    expect(buildDisruptedPods([pod("a")], {}, T0)).toEqual({ disruptedPods: {}, notDeleted: [] });
  });
});

describe("countHealthyPods", () => {
  it("ready pods, not terminating, not recently evicted", () => {
    const pods = [pod("a"), pod("b", { ready: false }), pod("c", { deleting: true }), pod("d"), pod("e")];
    expect(countHealthyPods(pods, { d: at(0), e: at(-300) }, T0)).toBe(2);
  });
});

describe("pdbStatus", () => {
  const pdb = (status: KubeObject, generation = 2): KubeObject => ({ metadata: { name: "b", generation }, status });
  const upToDate = {
    currentHealthy: 3,
    desiredHealthy: 2,
    expectedPods: 3,
    disruptionsAllowed: 1,
    observedGeneration: 2,
    conditions: [{ type: "DisruptionAllowed", status: "True", reason: "SufficientPods", message: "", observedGeneration: 2, lastTransitionTime: at(-60) }],
  };

  it("an up-to-date status: nothing to write (converged)", () => {
    expect(pdbStatus(pdb(upToDate), 3, 2, 3, {}, T0)).toBeUndefined();
  });
  it("a new generation: rewritten with observedGeneration", () => {
    expect(pdbStatus(pdb(upToDate, 3), 3, 2, 3, {}, T0)).toMatchObject({ observedGeneration: 3, disruptionsAllowed: 1 });
  });
  it("healthy pods gone: no disruptions allowed, DisruptionAllowed False / InsufficientPods", () => {
    expect(pdbStatus(pdb(upToDate), 2, 2, 3, { x: at(0) }, T0)).toEqual({
      currentHealthy: 2,
      desiredHealthy: 2,
      expectedPods: 3,
      disruptionsAllowed: 0,
      observedGeneration: 2,
      disruptedPods: { x: at(0) },
      conditions: [{ type: "DisruptionAllowed", status: "False", reason: "InsufficientPods", message: "", observedGeneration: 2, lastTransitionTime: at(0) }],
    });
  });
  it("no expected pods: no disruptions even with healthy pods", () => {
    expect(pdbStatus(pdb({}), 2, 0, 0, {}, T0)).toMatchObject({ disruptionsAllowed: 0, conditions: [{ status: "False", reason: "InsufficientPods" }] });
  });
  it("a first status: the condition is added", () => {
    expect(pdbStatus(pdb({}), 3, 1, 3, {}, T0)?.conditions).toEqual([
      { type: "DisruptionAllowed", status: "True", reason: "SufficientPods", message: "", observedGeneration: 2, lastTransitionTime: at(0) },
    ]);
  });
});

describe("failSafeStatus", () => {
  it("no disruptions, DisruptionAllowed False / SyncFailed with the error", () => {
    const s = failSafeStatus({ metadata: { name: "b" }, status: { disruptionsAllowed: 3, observedGeneration: 1 } }, "boom", T0);
    expect(s).toEqual({
      disruptionsAllowed: 0,
      observedGeneration: 1,
      conditions: [{ type: "DisruptionAllowed", status: "False", reason: "SyncFailed", message: "boom", observedGeneration: 1, lastTransitionTime: at(0) }],
    });
  });
});
