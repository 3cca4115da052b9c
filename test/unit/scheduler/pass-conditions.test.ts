/** podutil.UpdatePodCondition and the pods/binding update function (setPodHostAndAnnotations), pure. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import { updatePodCondition, type PodCondition } from "../../../worker/scheduler/pod-condition";
import { assignPod, validatePodBinding } from "../../../worker/scheduler/pod-binding";
import { NOW, NOW_TEXT, pod } from "./pass-fixtures";

const T0 = "2024-01-01T00:00:00Z";
const failed = (message: string, lastTransitionTime = T0): PodCondition => ({
  type: "PodScheduled",
  status: "False",
  reason: "Unschedulable",
  message,
  lastProbeTime: null,
  lastTransitionTime,
});

describe("updatePodCondition", () => {
  it.each<[string, PodCondition[] | undefined, PodCondition, boolean, PodCondition[]]>([
    ["adds a missing condition (transition now)", undefined, { type: "PodScheduled", status: "True" }, true,
      [{ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: NOW_TEXT }]],
    ["the same condition is no change (converged)", [failed("m")], { type: "PodScheduled", status: "False", reason: "Unschedulable", message: "m" }, false,
      [failed("m")]],
    ["a new message keeps the transition time while the status stays", [failed("m")], { type: "PodScheduled", status: "False", reason: "Unschedulable", message: "n" }, true,
      [failed("n")]],
    ["a new status is a transition", [failed("m")], { type: "PodScheduled", status: "True" }, true,
      [{ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: NOW_TEXT }]],
    ["other conditions stay as they are", [{ type: "Ready", status: "False" }, failed("m")], { type: "PodScheduled", status: "False", reason: "Unschedulable", message: "m" }, false,
      [{ type: "Ready", status: "False" }, failed("m")]],
  ])("%s", (_what, before, condition, changed, after) => {
    const copy = structuredClone(before);
    const result = updatePodCondition(before, condition, NOW);
    expect(result.changed).toBe(changed);
    expect(result.conditions).toEqual(after);
    expect(before).toEqual(copy);
  });
});

describe("validatePodBinding", () => {
  it.each<[string, KubeObject, string[]]>([
    ["a Node target", { target: { kind: "Node", name: "n1" } }, []],
    ["a target without kind", { target: { name: "n1" } }, []],
    ["no target", {}, ["target.name: Required value"]],
    ["another kind, no name", { target: { kind: "Service" } }, ['target.kind: Unsupported value: "Service": supported values: "Node", "<empty>"', "target.name: Required value"]],
  ])("%s", (_what, binding, want) => {
    expect(validatePodBinding(binding).map((e) => `${e.field}: ${e.message}`)).toEqual(want);
  });
});

describe("assignPod", () => {
  const pending = { ...pod("p"), metadata: { ...pod("p").metadata, annotations: { a: "1" } } };
  it("sets spec.nodeName, merges annotations and sets PodScheduled=True, leaving the input alone", () => {
    const before = structuredClone(pending);
    const r = assignPod(pending, 7, {}, "n1", { b: "2", a: "3" }, NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pod.spec.nodeName).toBe("n1");
    expect(r.pod.metadata.annotations).toEqual({ a: "3", b: "2" });
    expect(r.pod.status.conditions).toEqual([{ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: NOW_TEXT }]);
    expect(pending).toEqual(before);
  });

  it.each<[string, KubeObject, { uid?: string; resourceVersion?: string }, string, boolean]>([
    ["a bound pod", pod("p", { node: "n0" }), {}, 'pod p is already assigned to node "n0"', false],
    ["a pod being deleted", pod("p", { deleting: true }), {}, "pod p is being deleted, cannot be assigned to a host", false],
    ["a gated pod", pod("p", { gates: ["g"] }), {}, "pod p has non-empty .spec.schedulingGates", false],
    ["another uid", pod("p"), { uid: "x" }, "Precondition failed: UID in precondition: x, UID in object meta: uid-default-p", true],
    ["another resourceVersion", pod("p"), { resourceVersion: "6" }, "Precondition failed: ResourceVersion in precondition: 6, ResourceVersion in object meta: 7", true],
  ])("refuses %s", (_what, p, pre, message, precondition) => {
    const r = assignPod(p, 7, pre, "n1", undefined, NOW);
    expect(r).toEqual({ ok: false, message, ...(precondition ? { precondition: true } : {}) });
  });
});
