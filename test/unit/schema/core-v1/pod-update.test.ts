import { describe, expect, it } from "vitest";
import { POD_UPDATE_FORBIDDEN } from "../../../../schema/core-v1";
import type { KubeObject } from "../../../../schema/types";
import { SERVER_POD } from "./fixtures-pods";
import { admit, clone, stored } from "./helpers";

const old = stored("Pod", SERVER_POD);
const update = (mutate: (p: KubeObject) => void) => {
  const next = clone(old);
  mutate(next);
  return admit("Pod", next, old).errors;
};

describe("pod updates that upstream allows", () => {
  it.each<[string, (p: KubeObject) => void]>([
    ["no change", () => {}],
    ["container image", (p) => (p.spec.containers[0].image = "nginx:1.28")],
    ["labels and annotations", (p) => (p.metadata.labels = { ...p.metadata.labels, extra: "yes" })],
    ["adding a toleration", (p) => p.spec.tolerations.push({ key: "k", operator: "Exists", effect: "NoSchedule" })],
    ["changing an existing toleration's tolerationSeconds", (p) => (p.spec.tolerations[0].tolerationSeconds = 60)],
    ["setting activeDeadlineSeconds", (p) => (p.spec.activeDeadlineSeconds = 600)],
    ["status changes (ignored by spec rules)", (p) => (p.status.phase = "Succeeded")],
    ["null vs absent optional fields", (p) => (p.spec.nodeSelector = null)],
  ])("%s", (_name, mutate) => {
    expect(update(mutate)).toEqual([]);
  });
});

describe("pod updates that upstream forbids", () => {
  it.each<[string, (p: KubeObject) => void, string, string]>([
    ["adding a container", (p) => p.spec.containers.push({ name: "b", image: "b" }), "spec.containers", "Forbidden: pod updates may not add or remove containers"],
    ["emptying an image", (p) => (p.spec.containers[0].image = ""), "spec.containers[0].image", "Required value"],
    ["image with whitespace", (p) => (p.spec.containers[0].image = " nginx"), "spec.containers[0].image", 'Invalid value: " nginx": must not have leading or trailing whitespace'],
    ["removing a toleration", (p) => p.spec.tolerations.pop(), "spec.tolerations", "Forbidden: existing toleration can not be modified except its tolerationSeconds"],
    ["adding a scheduling gate", (p) => (p.spec.schedulingGates = [{ name: "example.com/gate" }]), "spec.schedulingGates[0].name", "Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/gate'"],
    ["renaming the pod", (p) => (p.metadata.name = "other"), "metadata.name", 'Invalid value: "other": field is immutable'],
  ])("%s", (_name, mutate, field, message) => {
    expect(update(mutate)).toContainEqual(expect.objectContaining({ field, message }));
  });

  it("raising activeDeadlineSeconds", () => {
    const base = clone(old);
    base.spec.activeDeadlineSeconds = 100;
    const next = clone(base);
    next.spec.activeDeadlineSeconds = 200;
    expect(admit("Pod", next, base).errors).toContainEqual({
      reason: "FieldValueInvalid",
      field: "spec.activeDeadlineSeconds",
      message: "Invalid value: 200: must be less than or equal to previous value",
    });
  });

  it("any other spec change is one Forbidden error naming the changed fields", () => {
    const errors = update((p) => {
      p.spec.containers[0].ports[0].containerPort = 8080;
      p.spec.dnsPolicy = "Default";
    });
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe("spec");
    expect(errors[0].reason).toBe("FieldValueForbidden");
    expect(errors[0].message.startsWith(`Forbidden: ${POD_UPDATE_FORBIDDEN}\n`)).toBe(true);
    expect(errors[0].message).toContain('- spec.dnsPolicy: "ClusterFirst"\n+ spec.dnsPolicy: "Default"');
    expect(errors[0].message).toContain("+ spec.containers[0].ports[0].containerPort: 8080");
  });

  it("terminationGracePeriodSeconds may only go from negative to 1", () => {
    const neg = clone(old);
    neg.spec.terminationGracePeriodSeconds = -1;
    const to1 = clone(neg);
    to1.spec.terminationGracePeriodSeconds = 1;
    expect(admit("Pod", to1, neg).errors).toEqual([]);
    const to60 = clone(old);
    to60.spec.terminationGracePeriodSeconds = 60;
    expect(admit("Pod", to60, old).errors.map((e) => e.field)).toEqual(["spec"]);
  });
});
