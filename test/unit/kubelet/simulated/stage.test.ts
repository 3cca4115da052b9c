import { describe, expect, it } from "vitest";
import { DEFAULT_NODE_STAGES, DEFAULT_POD_STAGES, validateStage } from "../../../../worker/kubelet/simulated";

const base = () => ({
  metadata: { name: "s" },
  spec: {
    resourceRef: { apiGroup: "v1", kind: "Pod" },
    selector: { matchExpressions: [{ key: ".status.phase", operator: "In", values: ["Pending"] }] },
    delay: { durationMilliseconds: 1000, jitterDurationMilliseconds: 2000 },
    next: { statusPatch: { phase: "Running", startTime: "{{ Now }}" }, event: { type: "Normal", reason: "R", message: "m {{ .metadata.name }}" } },
  },
});

type Mut = (s: ReturnType<typeof base> & { spec: Record<string, unknown> }) => void;

describe("validateStage", () => {
  it("accepts the default stages", () => {
    for (const s of [...DEFAULT_POD_STAGES, ...DEFAULT_NODE_STAGES]) expect(validateStage(s)).toEqual({ ok: true, stage: s });
  });

  it("accepts a well-formed stage", () => {
    expect(validateStage(base()).ok).toBe(true);
  });

  it.each<[string, Mut, string]>([
    ["bad operator", (s) => (s.spec.selector.matchExpressions[0].operator = "Equals"), 'spec.selector.matchExpressions[0].operator: Unsupported value: "Equals": supported values: "In", "NotIn", "Exists", "DoesNotExist"'],
    ["bad query", (s) => (s.spec.selector.matchExpressions[0].key = "status.phase"), "spec.selector.matchExpressions[0].key: Invalid value: \"status.phase\": invalid query"],
    ["unterminated bracket", (s) => (s.spec.selector.matchExpressions[0].key = ".spec.containers[0"), "expected ] at offset 18"],
    ["In without values", (s) => (s.spec.selector.matchExpressions[0].values = []), "values set can't be empty"],
    ["Exists with values", (s) => (s.spec.selector.matchExpressions[0].operator = "Exists"), "values set must be empty for exists and does not exist"],
    ["negative delay", (s) => (s.spec.delay.durationMilliseconds = -1), "spec.delay.durationMilliseconds: Invalid value: -1: must be greater than or equal to 0"],
    ["negative jitter", (s) => (s.spec.delay.jitterDurationMilliseconds = -5), "spec.delay.jitterDurationMilliseconds: Invalid value: -5"],
    ["fractional delay", (s) => (s.spec.delay.durationMilliseconds = 1.5), "spec.delay.durationMilliseconds: Invalid value: 1.5: must be an integer"],
    ["bad durationFrom", (s) => ((s.spec.delay as Record<string, unknown>).durationFrom = { expressionFrom: "annotations" }), "spec.delay.durationFrom.expressionFrom: Invalid value"],
    ["negative weight", (s) => (s.spec.weight = -2), "spec.weight: Invalid value: -2"],
    ["Go template", (s) => ((s.spec.next as Record<string, unknown>).statusTemplate = "phase: Running"), "spec.next.statusTemplate: Forbidden"],
    ["unknown substitution", (s) => (s.spec.next.statusPatch.phase = "{{ Phase }}"), "spec.next.statusPatch.phase: Invalid value: \"{{ Phase }}\": unknown substitution"],
    ["unbalanced braces", (s) => (s.spec.next.statusPatch.phase = "{{ Now"), "unbalanced {{ }}"],
    ["$each without $item", (s) => ((s.spec.next.statusPatch as Record<string, unknown>).containerStatuses = [{ $each: ".spec.containers.[]", name: "x" }]), "a $each object has exactly the members $each and $item"],
    ["$each over Now", (s) => ((s.spec.next.statusPatch as Record<string, unknown>).x = { $each: "Now", $item: 1 }), "spec.next.statusPatch.x.$each: Invalid value: \"Now\": must be a query"],
    ["bad event type", (s) => ((s.spec.next.event as Record<string, unknown>).type = "Info"), 'spec.next.event.type: Unsupported value: "Info"'],
    ["bad message", (s) => (s.spec.next.event.message = "{{ nope }}"), "spec.next.event.message: Invalid value"],
    ["missing kind", (s) => (s.spec.resourceRef.kind = ""), "spec.resourceRef.kind: Required value"],
    ["bad finalizer", (s) => ((s.spec.next as Record<string, unknown>).finalizers = { add: [{ value: "" }] }), "spec.next.finalizers.add: Invalid value"],
  ])("%s", (_, mutate, message) => {
    const s = base();
    mutate(s as Parameters<Mut>[0]);
    const r = validateStage(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join("\n")).toContain(message);
  });

  it("reports every problem, not only the first", () => {
    const s = base();
    s.metadata.name = "";
    s.spec.delay.durationMilliseconds = -1;
    s.spec.selector.matchExpressions[0].operator = "Equals";
    const r = validateStage(s);
    expect(r.ok ? [] : r.errors).toHaveLength(3);
  });

  it("rejects what is not a stage", () => {
    expect(validateStage(null)).toEqual({ ok: false, errors: ["stage: Invalid value: must be an object"] });
    expect(validateStage({ metadata: { name: "x" } })).toEqual({ ok: false, errors: ["spec: Required value"] });
  });
});
