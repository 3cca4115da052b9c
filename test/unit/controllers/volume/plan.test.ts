/**
 * The PV controller's decisions as tables: syncClaim (unbound, pre-bound, bound), syncVolume, reclaimVolume and
 * findDeletablePlugin, the default class, and which writes wake which keys.
 */
import { describe, expect, it } from "vitest";
import {
  decideClaim,
  decideVolume,
  defaultClass,
  parseBinderKey,
  PENDING_CLAIMS_KEY,
  reclaimAction,
  volumeBinderWakes,
  type ClaimDecision,
  type ClaimWorld,
  type ReclaimAction,
  type VolumeDecision,
} from "../../../../worker/controllers/volume";
import type { WrittenChange } from "../../../../worker/controllers/framework/loop";
import { pv, pvc, storageClass, type Obj } from "./fixtures";

const world = (w: Partial<ClaimWorld> = {}): ClaimWorld => ({ volumes: [], classes: [storageClass("fast")], pods: [], ...w });
const pod = (name: string, claim: string, nodeName?: string, phase = "Pending"): Obj => ({
  metadata: { name, namespace: "ns" },
  spec: { ...(nodeName ? { nodeName } : {}), volumes: [{ name: "data", persistentVolumeClaim: { claimName: claim } }] },
  status: { phase },
});
const bound = { "pv.kubernetes.io/bind-completed": "yes" };

/** The decision with the objects it carries reduced to their names. */
function summary(d: ClaimDecision): Obj {
  if (d.kind === "bind") return { kind: "bind", volume: d.volume.metadata?.name };
  if (d.kind === "provision") return { kind: "provision", provisioner: d.provisioner, className: d.className };
  return d;
}

describe("decideClaim", () => {
  it.each<[string, Obj, ClaimWorld, Obj]>([
    ["a matching volume: bind", pvc("c"), world({ volumes: [pv("v")] }), { kind: "bind", volume: "v" }],
    ["no volume, class of our provisioner: provision", pvc("c"), world(), { kind: "provision", provisioner: "kube-edge.dev/durable-object", className: "fast" }],
    ["no volume, class of another provisioner: external", pvc("c"), world({ classes: [storageClass("fast", { provisioner: "ebs.csi.aws.com" })] }), { kind: "external", provisioner: "ebs.csi.aws.com" }],
    ["a kubernetes.io plugin we lack", pvc("c"), world({ classes: [storageClass("fast", { provisioner: "kubernetes.io/no-provisioner" })] }), { kind: "provisioning-failed", message: "no volume plugin matched name: kubernetes.io/no-provisioner" }],
    ["a class that does not exist", pvc("c", { cls: "gold" }), world(), { kind: "provisioning-failed", message: 'storageclass.storage.k8s.io "gold" not found' }],
    [
      "no class, no volume, no default: FailedBinding",
      pvc("c", { cls: "" }),
      world({ classes: [storageClass("std", { isDefault: true })] }),
      { kind: "pending", event: { type: "Normal", reason: "FailedBinding", message: "no persistent volumes available for this claim and no storage class is set" } },
    ],
    ["unset class and a default class: assign it", pvc("c", { cls: null }), world({ classes: [storageClass("std", { isDefault: true })] }), { kind: "assign-default-class", className: "std" }],
    ["unset class binds a classless volume first", pvc("c", { cls: null }), world({ volumes: [pv("v", { cls: "" })], classes: [storageClass("std", { isDefault: true })] }), { kind: "bind", volume: "v" }],
    [
      "WaitForFirstConsumer without a user",
      pvc("c"),
      world({ volumes: [pv("v")], classes: [storageClass("fast", { mode: "WaitForFirstConsumer" })] }),
      { kind: "pending", event: { type: "Normal", reason: "WaitForFirstConsumer", message: "waiting for first consumer to be created before binding" } },
    ],
    [
      "WaitForFirstConsumer with unscheduled users",
      pvc("c"),
      world({ classes: [storageClass("fast", { mode: "WaitForFirstConsumer" })], pods: [pod("a", "c"), pod("b", "c"), pod("done", "c", "n1", "Succeeded")] }),
      { kind: "pending", event: { type: "Normal", reason: "WaitForPodScheduled", message: "waiting for pods a,b to be scheduled" } },
    ],
    [
      "WaitForFirstConsumer with a scheduled user binds",
      pvc("c"),
      world({ volumes: [pv("v")], classes: [storageClass("fast", { mode: "WaitForFirstConsumer" })], pods: [pod("a", "c", "n1")] }),
      { kind: "bind", volume: "v" },
    ],
    [
      "WaitForFirstConsumer with a selected node provisions",
      pvc("c", { ann: { "volume.kubernetes.io/selected-node": "n1" } }),
      world({ classes: [storageClass("fast", { mode: "WaitForFirstConsumer" })] }),
      { kind: "provision", provisioner: "kube-edge.dev/durable-object", className: "fast" },
    ],
    ["pre-bound to a missing volume: pending", pvc("c", { volumeName: "v" }), world(), { kind: "pending" }],
    ["pre-bound to a free volume: bind", pvc("c", { volumeName: "v" }), world({ volumes: [pv("v", { phase: "Pending" })] }), { kind: "bind", volume: "v" }],
    [
      "pre-bound to a volume too small",
      pvc("c", { volumeName: "v", size: "2Gi" }),
      world({ volumes: [pv("v")] }),
      { kind: "pending", event: { type: "Warning", reason: "VolumeMismatch", message: 'Cannot bind to requested volume "v": requested PV is too small' } },
    ],
    ["pre-bound to a volume pre-bound to it", pvc("c", { volumeName: "v" }), world({ volumes: [pv("v", { claim: { name: "c" } })] }), { kind: "bind", volume: "v" }],
    [
      "pre-bound by the user to a volume of another claim",
      pvc("c", { volumeName: "v" }),
      world({ volumes: [pv("v", { claim: { name: "other", uid: "u2" } })] }),
      { kind: "pending", event: { type: "Warning", reason: "FailedBinding", message: 'volume "v" already bound to a different claim.' } },
    ],
    [
      "bound by the controller to a volume of another claim",
      pvc("c", { volumeName: "v", ann: { "pv.kubernetes.io/bound-by-controller": "yes" } }),
      world({ volumes: [pv("v", { claim: { name: "other", uid: "u2" } })] }),
      {
        kind: "retry",
        event: { type: "Warning", reason: "FailedBinding", message: 'volume "v" already bound to a different claim.' },
        error: 'invalid binding of claim "ns/c" to volume "v": volume already claimed by "ns/other"',
      },
    ],
    ["bound and consistent: bind (no writes when all is set)", pvc("c", { volumeName: "v", ann: bound }), world({ volumes: [pv("v", { claim: { name: "c", uid: "uid-c" } })] }), { kind: "bind", volume: "v" }],
    ["bound, the volume lost its claimRef: bind again", pvc("c", { volumeName: "v", ann: bound }), world({ volumes: [pv("v")] }), { kind: "bind", volume: "v" }],
    [
      "bound, volumeName cleared: Lost",
      pvc("c", { ann: bound }),
      world(),
      { kind: "lost", event: { type: "Warning", reason: "ClaimLost", message: "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!" } },
    ],
    ["bound, the volume is gone: Lost", pvc("c", { volumeName: "v", ann: bound }), world(), { kind: "lost", event: { type: "Warning", reason: "ClaimLost", message: "Bound claim has lost its PersistentVolume. Data on the volume is lost!" } }],
    [
      "bound, the volume has another claimant: Misbound",
      pvc("c", { volumeName: "v", ann: bound }),
      world({ volumes: [pv("v", { claim: { name: "c", uid: "older" } })] }),
      { kind: "lost", event: { type: "Warning", reason: "ClaimMisbound", message: "Two claims are bound to the same volume, this one is bound incorrectly" } },
    ],
  ])("%s", (_n, claim, w, want) => expect(summary(decideClaim(claim, w))).toEqual(want));

  it("with the default class assumed (the API refused to record it) the claim is provisioned in it", () => {
    const w = world({ classes: [storageClass("std", { isDefault: true })] });
    expect(summary(decideClaim(pvc("c", { cls: null }), w, "std"))).toEqual({ kind: "provision", provisioner: "kube-edge.dev/durable-object", className: "std" });
  });
});

describe("decideVolume", () => {
  const mine = { name: "c", uid: "uid-c" };
  const prov = { "pv.kubernetes.io/provisioned-by": "kube-edge.dev/durable-object" };
  it.each<[string, Obj, Obj | undefined, VolumeDecision["kind"], string?]>([
    ["no claimRef: Available", pv("v", { phase: "Pending" }), undefined, "phase", "Available"],
    ["pre-bound by a user (no UID): Available", pv("v", { claim: { name: "c" } }), undefined, "phase", "Available"],
    ["claim bound to it: Bound", pv("v", { claim: mine }), pvc("c", { volumeName: "v" }), "phase", "Bound"],
    ["claim not bound yet: its sync binds", pv("v", { claim: mine }), pvc("c"), "none"],
    ["claim not bound yet, volumeMode differs", pv("v", { claim: mine, mode: "Block" }), pvc("c"), "mismatch"],
    ["claim gone: reclaim", pv("v", { claim: mine, phase: "Bound" }), undefined, "reclaim"],
    ["a new claim of the same name: reclaim", pv("v", { claim: mine, phase: "Bound" }), pvc("c", { uid: "new" }), "reclaim"],
    ["claim bound elsewhere, provisioned for Delete: reclaim", pv("v", { claim: mine, ann: prov, policy: "Delete" }), pvc("c", { volumeName: "w" }), "reclaim"],
    ["claim bound elsewhere: unbind", pv("v", { claim: mine }), pvc("c", { volumeName: "w" }), "unbind"],
  ])("%s", (_n, volume, claim, kind, phase) => {
    const d = decideVolume(volume, claim);
    expect(d.kind).toBe(kind);
    if (d.kind === "phase") expect(d.phase).toBe(phase);
  });
});

describe("reclaimAction", () => {
  const ours = { driver: "kube-edge.dev/durable-object", volumeHandle: "h1" };
  it.each<[string, Obj, ReclaimAction]>([
    ["Retain: nothing", pv("v", { policy: "Retain" }), { kind: "none" }],
    ["Recycle: no recycler here", pv("v", { policy: "Recycle" }), { kind: "fail", reason: "VolumeFailedRecycle", message: "No recycler plugin found for the volume!" }],
    ["an unknown policy", pv("v", { policy: "Shred" }), { kind: "fail", reason: "VolumeUnknownReclaimPolicy", message: "Volume has unrecognized PersistentVolumeReclaimPolicy" }],
    ["Delete, provisioned by us", pv("v", { policy: "Delete", csi: ours, ann: { "pv.kubernetes.io/provisioned-by": "kube-edge.dev/durable-object" } }), { kind: "delete", handle: "h1" }],
    ["Delete, our driver made by hand", pv("v", { policy: "Delete", csi: ours }), { kind: "delete", handle: "h1" }],
    ["Delete, provisioned by an external provisioner", pv("v", { policy: "Delete", ann: { "pv.kubernetes.io/provisioned-by": "ebs.csi.aws.com" } }), { kind: "external" }],
    ["Delete, another CSI driver", pv("v", { policy: "Delete", csi: { driver: "ebs.csi.aws.com", volumeHandle: "x" } }), { kind: "external" }],
    ["Delete, a kubernetes.io plugin we lack", pv("v", { policy: "Delete", ann: { "pv.kubernetes.io/provisioned-by": "kubernetes.io/gce-pd" } }), { kind: "fail", reason: "VolumeFailedDelete", message: "no volume plugin matched name: kubernetes.io/gce-pd" }],
    ["Delete, a hostPath volume", pv("v", { policy: "Delete" }), { kind: "fail", reason: "VolumeFailedDelete", message: 'error getting deleter volume plugin for volume "v": no volume plugin matched' }],
    ["a migrated volume is left to its CSI driver", pv("v", { policy: "Delete", ann: { "pv.kubernetes.io/migrated-to": "pd.csi.storage.gke.io" } }), { kind: "none" }],
  ])("%s", (_n, volume, want) => expect(reclaimAction(volume)).toEqual(want));
});

describe("defaultClass", () => {
  it.each<[string, Obj[], string | undefined]>([
    ["none marked", [storageClass("a")], undefined],
    ["the marked one", [storageClass("a"), storageClass("b", { isDefault: true })], "b"],
    ["several: the newest", [storageClass("old", { isDefault: true, created: "2025-01-01T00:00:00Z" }), storageClass("new", { isDefault: true, created: "2025-02-01T00:00:00Z" })], "new"],
    ["several of the same age: by name", [storageClass("b", { isDefault: true }), storageClass("a", { isDefault: true })], "a"],
  ])("%s", (_n, classes, want) => expect(defaultClass(classes)?.metadata?.name).toBe(want));
});

describe("wakes", () => {
  const change = (resource: string, object: Obj, type: WrittenChange["type"] = "MODIFIED", oldObject?: Obj): WrittenChange => ({ type, resource, object, oldObject });
  it.each<[string, WrittenChange, string[]]>([
    ["a claim written", change("/persistentvolumeclaims", pvc("c")), ["claim:ns/c"]],
    ["a bound claim deleted: its volume", change("/persistentvolumeclaims", pvc("c", { volumeName: "v" }), "DELETED"), ["volume:v"]],
    ["an unbound claim deleted", change("/persistentvolumeclaims", pvc("c"), "DELETED"), []],
    ["a bound volume written: it and its claim", change("/persistentvolumes", pv("v", { claim: { name: "c" } })), ["volume:v", "claim:ns/c"]],
    ["an Available volume: the pending claims", change("/persistentvolumes", pv("v")), ["volume:v", PENDING_CLAIMS_KEY]],
    ["a new volume, not Available yet", change("/persistentvolumes", pv("v", { phase: "Pending" }), "ADDED"), ["volume:v"]],
    ["a bound volume deleted: its claim", change("/persistentvolumes", pv("v", { claim: { name: "c" } }), "DELETED"), ["claim:ns/c"]],
    ["a StorageClass written", change("storage.k8s.io/storageclasses", storageClass("fast")), [PENDING_CLAIMS_KEY]],
    ["a pod created: its claims", change("/pods", pod("p", "c"), "ADDED"), ["claim:ns/c"]],
    ["a pod scheduled", change("/pods", pod("p", "c", "n1"), "MODIFIED", pod("p", "c")), ["claim:ns/c"]],
    ["a pod's status written", change("/pods", pod("p", "c", "n1", "Running"), "MODIFIED", pod("p", "c", "n1")), []],
    ["an ephemeral volume's claim", change("/pods", { metadata: { name: "p", namespace: "ns" }, spec: { volumes: [{ name: "scratch", ephemeral: {} }] } }, "ADDED"), ["claim:ns/p-scratch"]],
    ["a ConfigMap", change("/configmaps", { metadata: { name: "x", namespace: "ns" } }), []],
  ])("%s", (_n, c, want) => expect(volumeBinderWakes(c)).toEqual(want));

  it.each([
    ["claim:ns/c", { kind: "claim", namespace: "ns", name: "c" }],
    ["volume:v", { kind: "volume", name: "v" }],
    [PENDING_CLAIMS_KEY, { kind: "pending-claims" }],
    ["claim:nope", undefined],
    ["volume:", undefined],
    ["ns/c", undefined],
  ])("key %s", (key, want) => expect(parseBinderKey(key)).toEqual(want));
});
