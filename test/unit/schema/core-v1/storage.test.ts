import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { OTHER } from "./fixtures-other";
import { admit, clone, load, stored } from "./helpers";

describe("PersistentVolume / PersistentVolumeClaim defaults", () => {
  it("PV: Retain, Filesystem, Pending", () => {
    const { obj } = admit("PersistentVolume", { metadata: { name: "pv" }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], nfs: { server: "s", path: "/x" } } });
    expect(obj.spec.persistentVolumeReclaimPolicy).toBe("Retain");
    expect(obj.spec.volumeMode).toBe("Filesystem");
    expect(obj.status.phase).toBe("Pending");
  });

  it("PVC: Filesystem, Pending", () => {
    const { obj } = admit("PersistentVolumeClaim", load(OTHER.persistentVolumeClaim));
    expect(obj.spec.volumeMode).toBe("Filesystem");
    expect(obj.status.phase).toBe("Pending");
  });
});

describe("PVC updates", () => {
  const pending = stored("PersistentVolumeClaim", OTHER.persistentVolumeClaim);
  const bound = clone(pending);
  bound.status.phase = "Bound";
  bound.spec.volumeName = "pv-1";
  const update = (old: KubeObject, mutate: (o: KubeObject) => void) => {
    const next = clone(old);
    mutate(next);
    return admit("PersistentVolumeClaim", next, old).errors;
  };
  const immutable = {
    reason: "FieldValueForbidden",
    field: "spec",
    message: "Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
  };

  it.each<[string, KubeObject, (o: KubeObject) => void]>([
    ["binding sets volumeName once", pending, (o) => (o.spec.volumeName = "pv-9")],
    ["a bound claim grows", bound, (o) => (o.spec.resources.requests.storage = "10Gi")],
    ["volumeAttributesClassName changes", bound, (o) => (o.spec.volumeAttributesClassName = "gold")],
    ["labels change", pending, (o) => (o.metadata.labels = { a: "b" })],
  ])("allowed: %s", (_name, old, mutate) => {
    expect(update(old, mutate)).toEqual([]);
  });

  it.each<[string, KubeObject, (o: KubeObject) => void]>([
    ["storage class", pending, (o) => (o.spec.storageClassName = "fast")],
    ["access modes", bound, (o) => (o.spec.accessModes = ["ReadWriteMany"])],
    ["requests of an unbound claim", pending, (o) => (o.spec.resources.requests.storage = "10Gi")],
    ["volumeName once set", bound, (o) => (o.spec.volumeName = "pv-2")],
  ])("forbidden: %s", (_name, old, mutate) => {
    expect(update(old, mutate)).toContainEqual(immutable);
  });

  it("a bound claim may not shrink", () => {
    expect(update(bound, (o) => (o.spec.resources.requests.storage = "1Gi"))).toContainEqual({
      reason: "FieldValueForbidden",
      field: "spec.resources.requests.storage",
      message: "Forbidden: field can not be less than previous value",
    });
  });
});

describe("PV updates", () => {
  const pv = stored("PersistentVolume", OTHER.persistentVolume);

  it("capacity and reclaim policy may change", () => {
    const next = clone(pv);
    next.spec.capacity.storage = "20Gi";
    next.spec.persistentVolumeReclaimPolicy = "Retain";
    expect(admit("PersistentVolume", next, pv).errors).toEqual([]);
  });

  it("the volume source is immutable", () => {
    const next = clone(pv);
    next.spec.hostPath.path = "/mnt/other";
    const errors = admit("PersistentVolume", next, pv).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ reason: "FieldValueForbidden", field: "spec.persistentvolumesource" });
    expect(errors[0].message).toContain('+ spec.hostPath.path: "/mnt/other"');
  });
});
