import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../../worker/patch/json";
import { applyOutcome, applyStage, nextFinalizers, planStage, step, type Stage } from "../../../../worker/kubelet/simulated";
import { T0 } from "./fixtures";

const pod = (phase: string, extra: JsonObject = {}): JsonObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", finalizers: ["keep"], ...extra },
  spec: { containers: [{ name: "c", image: "nginx" }] },
  status: { phase, conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: "2024-12-31T23:59:00Z" }] },
});

const phaseStage = (name: string, from: string, to: string, extra: Partial<Stage["spec"]> = {}): Stage => ({
  metadata: { name },
  spec: {
    resourceRef: { apiGroup: "v1", kind: "Pod" },
    selector: { matchExpressions: [{ key: ".status.phase", operator: "In", values: [from] }] },
    next: { statusPatch: { phase: to } },
    ...extra,
  },
});

const A = phaseStage("a", "Pending", "Running", { delay: { durationMilliseconds: 1000, jitterDurationMilliseconds: 3000 } });
const B = phaseStage("b", "Running", "Succeeded", { delay: { durationMilliseconds: 500 } });

describe("planStage", () => {
  it("nothing matches → none", () => {
    expect(planStage(pod("Failed"), [A, B], T0, () => 0)).toEqual({ kind: "none" });
    expect(planStage(pod("Pending"), [], T0, () => 0)).toEqual({ kind: "none" });
  });

  it("plans the matching stage at now + delay", () => {
    expect(planStage(pod("Pending"), [A, B], T0, () => 0.5)).toEqual({ kind: "planned", stage: A, dueAtMs: T0 + 2000 });
  });

  it("keeps an earlier plan while its stage still matches (no new draw, no slide)", () => {
    const r = planStage(pod("Pending"), [A, B], T0 + 800, () => 0.99, { stage: "a", dueAtMs: T0 + 1500 });
    expect(r).toEqual({ kind: "planned", stage: A, dueAtMs: T0 + 1500 });
  });

  it("replans when the earlier plan's stage no longer matches", () => {
    const r = planStage(pod("Running"), [A, B], T0 + 800, () => 0, { stage: "a", dueAtMs: T0 + 1500 });
    expect(r).toEqual({ kind: "planned", stage: B, dueAtMs: T0 + 1300 });
  });
});

describe("nextFinalizers", () => {
  it.each<[string[], Parameters<typeof nextFinalizers>[1], string[]]>([
    [["a", "b"], {}, ["a", "b"]],
    [["a", "b"], { remove: [{ value: "a" }] }, ["b"]],
    [["a"], { add: [{ value: "a" }, { value: "c" }] }, ["a", "c"]],
    [["a", "b"], { empty: true }, []],
    [["a", "b"], { empty: true, add: [{ value: "z" }] }, ["z"]],
    [[], { remove: [{ value: "a" }] }, []],
  ])("%j with %j → %j", (current, f, want) => {
    expect(nextFinalizers(current, f)).toEqual(want);
  });
});

describe("applyStage", () => {
  const ctx = { nowMs: T0, nodeIP: "10.0.0.1", podIP: "10.244.0.9" };

  it("renders the status patch and the event; unchanged finalizers are not written", () => {
    const s: Stage = {
      metadata: { name: "s" },
      spec: {
        resourceRef: { kind: "Pod" },
        selector: {},
        next: {
          statusPatch: { podIP: "{{ PodIP }}", startTime: "{{ Now }}" },
          finalizers: { add: [{ value: "keep" }] },
          event: { type: "Normal", reason: "Simulated", message: "pod {{ .metadata.name }}" },
        },
      },
    };
    expect(applyStage(pod("Pending"), s, ctx)).toEqual({
      stage: "s",
      statusPatch: { podIP: "10.244.0.9", startTime: "2025-01-01T00:00:00Z" },
      delete: false,
      event: { type: "Normal", reason: "Simulated", message: "pod p" },
      immediateNextStage: false,
    });
  });

  it("a stage with an empty next asks for nothing", () => {
    const s: Stage = { metadata: { name: "noop" }, spec: { resourceRef: { kind: "Pod" }, selector: {}, next: {} } };
    expect(applyStage(pod("Pending"), s, ctx)).toEqual({ stage: "noop", delete: false, immediateNextStage: false });
  });

  it("finalizer changes and delete", () => {
    const s: Stage = {
      metadata: { name: "d" },
      spec: { resourceRef: { kind: "Pod" }, selector: {}, next: { finalizers: { remove: [{ value: "keep" }] }, delete: true } },
    };
    const out = applyStage(pod("Running"), s, ctx);
    expect(out).toEqual({ stage: "d", finalizers: [], delete: true, immediateNextStage: false });
    const applied = applyOutcome(pod("Running"), out);
    expect(applied.deleted).toBe(true);
    expect((applied.object.metadata as JsonObject).finalizers).toBeUndefined();
  });
});

describe("applyOutcome", () => {
  it("merges status as the API's strategic merge patch: conditions by type, others replaced, null deletes", () => {
    const before = pod("Pending");
    (before.status as JsonObject).containerStatuses = [{ name: "old", ready: false }];
    (before.status as JsonObject).message = "gone soon";
    const { object } = applyOutcome(before, {
      stage: "x",
      delete: false,
      immediateNextStage: false,
      statusPatch: {
        message: null,
        conditions: [{ type: "Ready", status: "True" }, { type: "PodScheduled", status: "True" }],
        containerStatuses: [{ name: "c", ready: true }],
      },
    });
    expect(object.status).toEqual({
      phase: "Pending",
      // The patch's order first, as upstream's strategic merge orders a merged list.
      conditions: [
        { type: "Ready", status: "True" },
        { type: "PodScheduled", status: "True", lastTransitionTime: "2024-12-31T23:59:00Z" },
      ],
      containerStatuses: [{ name: "c", ready: true }],
    });
    expect(before.status).toMatchObject({ message: "gone soon" }); // not mutated
  });
});

describe("step", () => {
  const ctx = (nowMs: number) => ({ nowMs });

  it("nothing due → unchanged object, the pending plan", () => {
    const p = pod("Pending");
    const r = step(p, [A, B], { ctx: ctx(T0), random: () => 0 });
    expect(r.applied).toEqual([]);
    expect(r.object).toBe(p);
    expect(r.next).toEqual({ kind: "planned", stage: A, dueAtMs: T0 + 1000 });
  });

  it("nothing matches → nothing applied, no plan", () => {
    const r = step(pod("Failed"), [A, B], { ctx: ctx(T0), random: () => 0 });
    expect(r).toMatchObject({ applied: [], deleted: false, next: { kind: "none" } });
  });

  it("applies a due stage once and plans the next one from now", () => {
    const r = step(pod("Pending"), [A, B], { ctx: ctx(T0 + 1000), random: () => 0, plan: { stage: "a", dueAtMs: T0 + 1000 } });
    expect(r.applied.map((o) => o.stage)).toEqual(["a"]);
    expect((r.object.status as JsonObject).phase).toBe("Running");
    expect(r.next).toEqual({ kind: "planned", stage: B, dueAtMs: T0 + 1500 });
  });

  it("immediateNextStage chains into the next stage when it is due at once", () => {
    const a0 = phaseStage("a0", "Pending", "Running", { immediateNextStage: true });
    const b0 = phaseStage("b0", "Running", "Succeeded");
    const r = step(pod("Pending"), [a0, b0], { ctx: ctx(T0), random: () => 0 });
    expect(r.applied.map((o) => o.stage)).toEqual(["a0", "b0"]);
    expect(r.states.map((s) => (s.status as JsonObject).phase)).toEqual(["Running", "Succeeded"]);
  });

  it("without immediateNextStage a due next stage waits for the next observation", () => {
    const a0 = phaseStage("a0", "Pending", "Running");
    const b0 = phaseStage("b0", "Running", "Succeeded");
    const r = step(pod("Pending"), [a0, b0], { ctx: ctx(T0), random: () => 0 });
    expect(r.applied.map((o) => o.stage)).toEqual(["a0"]);
    expect(r.next).toEqual({ kind: "planned", stage: b0, dueAtMs: T0 });
  });

  it("immediateNextStage does not skip a delay", () => {
    const a0 = phaseStage("a0", "Pending", "Running", { immediateNextStage: true });
    const r = step(pod("Pending"), [a0, B], { ctx: ctx(T0), random: () => 0 });
    expect(r.applied.map((o) => o.stage)).toEqual(["a0"]);
    expect(r.next).toEqual({ kind: "planned", stage: B, dueAtMs: T0 + 500 });
  });

  it("a cycle of immediate stages stops at maxStages", () => {
    const ping = phaseStage("ping", "Pending", "Running", { immediateNextStage: true });
    const pong = phaseStage("pong", "Running", "Pending", { immediateNextStage: true });
    const r = step(pod("Pending"), [ping, pong], { ctx: ctx(T0), random: () => 0, maxStages: 5 });
    expect(r.applied).toHaveLength(5);
  });
});
