/** The objects bind(), unbindVolume and provisioning write, and their "nothing to do" cases (converged: no write). */
import { describe, expect, it } from "vitest";
import {
  claimBoundToVolume,
  claimWithProvisioner,
  claimWithStatus,
  provisionedVolume,
  unboundVolume,
  volumeBoundToClaim,
  volumeFinalizers,
  volumeWithPhase,
} from "../../../../worker/controllers/volume";
import { pv, pvc, storageClass, type Obj } from "./fixtures";

const NOW = "2025-05-01T12:00:00Z";
const BY_CTRL = "pv.kubernetes.io/bound-by-controller";
const DONE = "pv.kubernetes.io/bind-completed";
const claimRef = { kind: "PersistentVolumeClaim", namespace: "ns", name: "c", uid: "uid-c", apiVersion: "v1", resourceVersion: "7" };

describe("volumeBoundToClaim", () => {
  it.each<[string, Obj, Obj | undefined]>([
    ["a free volume: claimRef and bound-by-controller", pv("v"), { claimRef, annotations: { [BY_CTRL]: "yes" } }],
    ["pre-bound by a user: the UID, no annotation", pv("v", { claim: { name: "c" } }), { claimRef, annotations: undefined }],
    ["already bound: nothing", pv("v", { claim: { name: "c", uid: "uid-c" } }), undefined],
  ])("%s", (_n, volume, want) => {
    const next = volumeBoundToClaim(volume, pvc("c"));
    expect(next && { claimRef: next.spec.claimRef, annotations: next.metadata.annotations }).toEqual(want);
  });
});

describe("claimBoundToVolume", () => {
  it.each<[string, Obj, Obj | undefined]>([
    ["chosen by the controller", pvc("c"), { volumeName: "v", annotations: { [BY_CTRL]: "yes", [DONE]: "yes" } }],
    ["named by the user", pvc("c", { volumeName: "v" }), { volumeName: "v", annotations: { [DONE]: "yes" } }],
    ["done", pvc("c", { volumeName: "v", ann: { [DONE]: "yes" } }), undefined],
  ])("%s", (_n, claim, want) => {
    const next = claimBoundToVolume(claim, pv("v"));
    expect(next && { volumeName: next.spec.volumeName, annotations: next.metadata.annotations }).toEqual(want);
  });
});

describe("claimWithStatus", () => {
  const volume = pv("v", { size: "2Gi", modes: ["ReadWriteOnce", "ReadOnlyMany"] });
  it.each<[string, Obj, string, Obj | undefined, Obj | undefined]>([
    ["becoming Bound: phase, access modes, capacity", pvc("c"), "Bound", volume, { phase: "Bound", accessModes: ["ReadWriteOnce", "ReadOnlyMany"], capacity: { storage: "2Gi" } }],
    ["Bound already: capacity left alone (a resize may differ)", { ...pvc("c"), status: { phase: "Bound", accessModes: ["ReadWriteOnce", "ReadOnlyMany"], capacity: { storage: "3Gi" } } }, "Bound", volume, undefined],
    ["Pending already: nothing", pvc("c"), "Pending", undefined, undefined],
    ["back to Pending: the volume's fields cleared", { ...pvc("c"), status: { phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: "1Gi" } } }, "Pending", undefined, { phase: "Pending" }],
    ["Lost", { ...pvc("c"), status: { phase: "Bound" } }, "Lost", undefined, { phase: "Lost" }],
  ])("%s", (_n, claim, phase, vol, want) => expect(claimWithStatus(claim, phase, vol)?.status).toEqual(want));
});

describe("volumeWithPhase", () => {
  it("sets the phase, its transition time and the message; nothing when already there", () => {
    expect(volumeWithPhase(pv("v"), "Available", "", NOW)).toBeUndefined();
    expect(volumeWithPhase(pv("v"), "Failed", "boom", NOW)?.status).toEqual({ phase: "Failed", message: "boom", lastPhaseTransitionTime: NOW });
    expect(volumeWithPhase({ ...pv("v"), status: { phase: "Failed", message: "boom" } }, "Released", "", NOW)?.status).toEqual({ phase: "Released", lastPhaseTransitionTime: NOW });
  });
});

describe("unboundVolume", () => {
  it("drops a controller's binding, keeps a user's pre-binding without its UID", () => {
    const byCtrl = unboundVolume(pv("v", { claim: { name: "c", uid: "u" }, ann: { [BY_CTRL]: "yes" } }));
    expect(byCtrl.spec.claimRef).toBeUndefined();
    expect(byCtrl.metadata.annotations).toBeUndefined();
    const byUser = unboundVolume(pv("v", { claim: { name: "c", uid: "u" } }));
    expect(byUser.spec.claimRef).toEqual({ kind: "PersistentVolumeClaim", namespace: "ns", name: "c", apiVersion: "v1" });
  });
});

describe("provisioning", () => {
  it("annotates the claim with its provisioner once", () => {
    const next = claimWithProvisioner(pvc("c"), "kube-edge.dev/durable-object");
    expect(next?.metadata.annotations).toEqual({
      "volume.beta.kubernetes.io/storage-provisioner": "kube-edge.dev/durable-object",
      "volume.kubernetes.io/storage-provisioner": "kube-edge.dev/durable-object",
    });
    expect(claimWithProvisioner(next!, "kube-edge.dev/durable-object")).toBeUndefined();
  });

  it.each<[string, Obj, string, string[] | undefined]>([
    ["Delete (the class default)", { ...storageClass("fast"), reclaimPolicy: undefined }, "Delete", ["kubernetes.io/pv-controller"]],
    ["Retain", storageClass("fast", { policy: "Retain" }), "Retain", undefined],
  ])("the PV of a claim, class reclaim policy %s", (_n, sc, policy, finalizers) => {
    const claim = pvc("c", { size: "3Gi", modes: ["ReadWriteOnce", "ReadWriteMany"] });
    expect(provisionedVolume(claim, sc, "fast")).toEqual({
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: {
        name: "pvc-uid-c",
        annotations: { [BY_CTRL]: "yes", "pv.kubernetes.io/provisioned-by": "kube-edge.dev/durable-object" },
        ...(finalizers ? { finalizers } : {}),
      },
      spec: {
        accessModes: ["ReadWriteOnce", "ReadWriteMany"],
        capacity: { storage: "3Gi" },
        claimRef,
        persistentVolumeReclaimPolicy: policy,
        storageClassName: "fast",
        volumeMode: "Filesystem",
        csi: { driver: "kube-edge.dev/durable-object", volumeHandle: "pvc-uid-c" },
      },
    });
  });

  const prov = { "pv.kubernetes.io/provisioned-by": "kube-edge.dev/durable-object" };
  it.each<[string, Obj, string[] | undefined]>([
    ["ours, Delete, finalizer missing: added", pv("v", { ann: prov, policy: "Delete" }), ["kubernetes.io/pv-controller"]],
    ["ours, Delete, being deleted: not added", pv("v", { ann: prov, policy: "Delete", deleting: true }), undefined],
    ["ours, Delete, present: nothing", pv("v", { ann: prov, policy: "Delete", finalizers: ["kubernetes.io/pv-controller"] }), undefined],
    ["ours, switched to Retain: removed", pv("v", { ann: prov, policy: "Retain", finalizers: ["a", "kubernetes.io/pv-controller"] }), ["a"]],
    ["not provisioned by us: nothing", pv("v", { policy: "Delete" }), undefined],
  ])("volumeFinalizers: %s", (_n, volume, want) => expect(volumeFinalizers(volume)).toEqual(want));
});
