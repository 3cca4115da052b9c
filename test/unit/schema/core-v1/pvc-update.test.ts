import { describe, expect, it } from "vitest";
import { validatePersistentVolumeClaimUpdate } from "../../../../schema/core-v1/storage-rules";

const claim = (spec: Record<string, unknown>, annotations?: Record<string, string>, phase = "Pending") => ({
  metadata: { name: "c", namespace: "ns", resourceVersion: "1", ...(annotations ? { annotations } : {}) },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
  status: { phase },
});

describe("validatePersistentVolumeClaimUpdate: storageClassName", () => {
  it.each<[string, ReturnType<typeof claim>, ReturnType<typeof claim>, boolean]>([
    ["nil → a class on an unbound claim (the default class, set by the binder)", claim({ storageClassName: "standard" }), claim({}), true],
    ["nil → a class once bound to a volume", claim({ storageClassName: "standard", volumeName: "pv" }), claim({ volumeName: "pv" }), false],
    ["nil → a class with the beta annotation", claim({ storageClassName: "fast" }, { "volume.beta.kubernetes.io/storage-class": "fast" }), claim({}, { "volume.beta.kubernetes.io/storage-class": "fast" }), false],
    ["one class → another", claim({ storageClassName: "b" }), claim({ storageClassName: "a" }), false],
    ["a class → nil", claim({}), claim({ storageClassName: "a" }), false],
  ])("%s", (_n, next, old, ok) => {
    const errs = validatePersistentVolumeClaimUpdate(next, old);
    expect(errs.length === 0, JSON.stringify(errs)).toBe(ok);
  });
});
