/** scheduling.k8s.io/v1 PriorityClass: defaults, reserved names, value range and immutability. */
import { describe, expect, it } from "vitest";
import { schedulingV1 } from "../../../schema/scheduling-v1";
import { admit, kindOf, load, stored, update } from "./group-helpers";

const pc = kindOf(schedulingV1, "PriorityClass");

/** `kubectl create priorityclass high-priority --value=1000 --description="high priority"`. */
const HIGH = `
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high-priority}
value: 1000000
globalDefault: false
description: "This priority class should be used for XYZ service pods only."
`;

describe("PriorityClass", () => {
  it("accepts and defaults preemptionPolicy", () => {
    const { obj, issues, errors } = admit(pc, load(HIGH));
    expect([issues, errors]).toEqual([[], []]);
    expect(obj.preemptionPolicy).toBe("PreemptLowerPriority");
  });

  it("accepts the built-in system classes", () => {
    const { errors } = admit(pc, { metadata: { name: "system-node-critical" }, value: 2000001000 });
    expect(errors).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["value above 1e9", { metadata: { name: "huge" }, value: 1000000001 }, ["value: Forbidden: maximum allowed value of a user defined priority is 1000000000"]],
    [
      "system- prefix",
      { metadata: { name: "system-mine" }, value: 10 },
      ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class"],
    ],
    [
      "wrong value for a system class",
      { metadata: { name: "system-cluster-critical" }, value: 10 },
      ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000"],
    ],
    ["preemptionPolicy", { metadata: { name: "p" }, value: 1, preemptionPolicy: "Always" }, ['preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"']],
  ])("rejects %s", (_n, obj, expected) => {
    expect(admit(pc, obj).errors).toEqual(expected);
  });

  it("value and preemptionPolicy are immutable", () => {
    const old = stored(pc, HIGH);
    expect(update(pc, old, (o) => (o.description = "changed")).errors).toEqual([]);
    expect(update(pc, old, (o) => ((o.value = 5), (o.preemptionPolicy = "Never"))).errors).toEqual([
      "value: Forbidden: may not be changed in an update.",
      'preemptionPolicy: Invalid value: "Never": field is immutable',
    ]);
  });

  it("is cluster-scoped with short name pc", () => {
    expect([pc.resource, pc.namespaced, pc.shortNames]).toEqual(["priorityclasses", false, ["pc"]]);
  });
});
