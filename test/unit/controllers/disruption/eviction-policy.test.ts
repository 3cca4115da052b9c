/** The Eviction API's pure decisions, budget selection and stale DisruptionTarget conditions. */
import { describe, expect, it } from "vitest";
import {
  canIgnorePDB,
  checkAndDecrement,
  propagateDryRun,
  shouldEnforceResourceVersion,
  unhealthyPodMayGo,
  VIOLATES_BUDGET,
} from "../../../../worker/controllers/disruption/eviction-policy";
import { budgetSelects, budgetsSelecting, selectorString, staleDisruptionAfterMs } from "../../../../worker/controllers/disruption/pod-selection";
import type { KubeObject } from "../../../../schema/types";

const T0 = Date.parse("2025-01-01T00:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

const pod = (phase: string, ready = true, meta: KubeObject = {}): KubeObject => ({
  metadata: { name: "p", namespace: "ns", labels: { app: "web", tier: "front" }, ...meta },
  status: { phase, conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
});

describe("canIgnorePDB / shouldEnforceResourceVersion", () => {
  it.each([
    ["Running", {}, false, true],
    ["Pending", {}, true, true],
    ["Succeeded", {}, true, false],
    ["Failed", {}, true, false],
    ["Running", { deletionTimestamp: at(0) }, true, false],
  ])("%s %j → ignore %s, enforce rv %s", (phase, meta, ignore, enforce) => {
    expect(canIgnorePDB(pod(phase, true, meta))).toBe(ignore);
    expect(shouldEnforceResourceVersion(pod(phase, true, meta))).toBe(enforce);
  });
});

describe("unhealthyPodMayGo", () => {
  const pdb = (status: KubeObject, policy?: string): KubeObject => ({ spec: policy ? { unhealthyPodEvictionPolicy: policy } : {}, status });
  it.each([
    ["a ready pod is always guarded", true, pdb({ currentHealthy: 5, desiredHealthy: 1 }), false],
    ["unready, budget met", false, pdb({ currentHealthy: 2, desiredHealthy: 2 }), true],
    ["unready, budget not met", false, pdb({ currentHealthy: 1, desiredHealthy: 2 }), false],
    ["unready, nothing desired", false, pdb({ currentHealthy: 0, desiredHealthy: 0 }), false],
    ["unready, AlwaysAllow", false, pdb({ currentHealthy: 0, desiredHealthy: 2 }, "AlwaysAllow"), true],
    ["unready, IfHealthyBudget not met", false, pdb({ currentHealthy: 0, desiredHealthy: 2 }, "IfHealthyBudget"), false],
  ])("%s", (_name, ready, p, want) => expect(unhealthyPodMayGo(pod("Running", ready), p)).toBe(want));
});

describe("checkAndDecrement", () => {
  const pdb = (status: KubeObject, generation = 1): KubeObject => ({ metadata: { name: "b", generation }, status: { observedGeneration: 1, ...status } });

  it("allowed 2: one spent, the pod recorded, condition untouched", () => {
    const res = checkAndDecrement(pdb({ disruptionsAllowed: 2, disruptedPods: { old: at(-5) } }), "p", T0, false);
    expect(res).toEqual({ ok: true, status: { observedGeneration: 1, disruptionsAllowed: 1, disruptedPods: { old: at(-5), p: at(0) } } });
  });
  it("allowed 1: the last one spent turns DisruptionAllowed False", () => {
    const res = checkAndDecrement(pdb({ disruptionsAllowed: 1, conditions: [{ type: "DisruptionAllowed", status: "True", reason: "SufficientPods", lastTransitionTime: at(-9) }] }), "p", T0, false);
    expect(res.ok && res.status.conditions).toEqual([{ type: "DisruptionAllowed", status: "False", reason: "InsufficientPods", message: "", observedGeneration: 1, lastTransitionTime: at(0) }]);
  });
  it("dry run: decremented but the pod not recorded", () => {
    expect(checkAndDecrement(pdb({ disruptionsAllowed: 2 }), "p", T0, true)).toEqual({ ok: true, status: { observedGeneration: 1, disruptionsAllowed: 1 } });
  });
  it("none allowed: 429 with the DisruptionBudget cause", () => {
    const res = checkAndDecrement(pdb({ disruptionsAllowed: 0, desiredHealthy: 2, currentHealthy: 2 }), "p", T0, false);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: VIOLATES_BUDGET,
      reason: "TooManyRequests",
      details: { causes: [{ reason: "DisruptionBudget", message: "The disruption budget b needs 2 healthy pods and has 2 currently" }] },
      code: 429,
    });
  });
  it("status behind the spec: 429 still being processed, retry after 10 s", () => {
    const res = checkAndDecrement(pdb({ disruptionsAllowed: 5 }, 2), "p", T0, false);
    expect(!res.ok && res.error.code).toBe(429);
    expect(!res.ok && res.error.details).toEqual({
      causes: [{ reason: "DisruptionBudget", message: "The disruption budget b is still being processed by the server." }],
      retryAfterSeconds: 10,
    });
  });
  it.each([
    [{ disruptionsAllowed: -1 }, 'poddisruptionbudget.policy "b" is forbidden: pdb disruptions allowed is negative'],
    [
      { disruptionsAllowed: 1, disruptedPods: Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`p${i}`, at(0)])) },
      'poddisruptionbudget.policy "b" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller',
    ],
  ])("403 for %#", (status, message) => {
    const res = checkAndDecrement(pdb(status), "p", T0, false);
    expect(!res.ok && [res.error.code, res.error.message]).toEqual([403, message]);
  });
});

describe("propagateDryRun", () => {
  it.each([
    [undefined, [], { ok: true, dryRun: [] }],
    [undefined, ["All"], { ok: true, dryRun: ["All"] }],
    [["All"], [], { ok: true, dryRun: ["All"] }],
    [["All"], ["All"], { ok: true, dryRun: ["All"] }],
  ])("body %j, query %j", (body, query, want) => expect(propagateDryRun(body, query)).toEqual(want));
});

describe("budgetSelects", () => {
  it.each([
    ["null selector: nothing", undefined, false],
    ["empty selector: every pod", {}, true],
    ["matchLabels", { matchLabels: { app: "web" } }, true],
    ["matchLabels mismatch", { matchLabels: { app: "db" } }, false],
    ["matchExpressions", { matchExpressions: [{ key: "tier", operator: "In", values: ["front", "back"] }] }, true],
    ["invalid: nothing", { matchExpressions: [{ key: "tier", operator: "Bogus" }] }, false],
  ])("%s", (_name, selector, want) => expect(budgetSelects({ spec: { selector } }, pod("Running"))).toBe(want));

  it("only budgets of the pod's namespace", () => {
    const mine = { metadata: { name: "a", namespace: "ns" }, spec: { selector: {} } };
    const other = { metadata: { name: "b", namespace: "other" }, spec: { selector: {} } };
    expect(budgetsSelecting([mine, other], pod("Running"))).toEqual([mine]);
  });
});

describe("staleDisruptionAfterMs", () => {
  const withCond = (cond: KubeObject | undefined, extra: KubeObject = {}) => ({
    metadata: { name: "p", ...(extra.meta ?? {}) },
    status: { phase: extra.phase ?? "Running", conditions: cond ? [cond] : [] },
  });
  const dt = (reason: string, s: number, status = "True") => ({ type: "DisruptionTarget", status, reason, lastTransitionTime: at(s) });
  it.each([
    ["no condition: not stale (converged)", withCond(undefined), undefined],
    ["False: not stale", withCond(dt("EvictionByEvictionAPI", -500, "False")), undefined],
    ["the kubelet's: never stale", withCond(dt("TerminationByKubelet", -500)), undefined],
    ["terminating: not stale", withCond(dt("EvictionByEvictionAPI", -500), { meta: { deletionTimestamp: at(0) } }), undefined],
    ["terminal: not stale", withCond(dt("EvictionByEvictionAPI", -500), { phase: "Failed" }), undefined],
    ["set 30 s ago: reset in 90 s", withCond(dt("EvictionByEvictionAPI", -30)), 90_000],
    ["set 3 min ago: reset now", withCond(dt("DeletionByTaintManager", -180)), 0],
  ])("%s", (_name, p, want) => expect(staleDisruptionAfterMs(p, T0)).toBe(want));
});

describe("selectorString", () => {
  it.each([
    [undefined, "nil"],
    [{}, "&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}"],
    [
      { matchLabels: { b: "2", a: "1" }, matchExpressions: [{ key: "tier", operator: "In", values: ["front", "back"] }] },
      "&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[front back],},},}",
    ],
  ])("%j", (sel, want) => expect(selectorString(sel)).toBe(want));
});
