/**
 * Dynamic provisioning by the PV controller (pv_controller.go provisionClaim, findProvisionablePlugin,
 * setClaimProvisioner, provisionClaimOperation) for this cluster's in-tree provisioner: a PV named
 * `pvc-<claim uid>` whose storage is the Durable Object named by its CSI volumeHandle. Pure.
 */
import type { KubeObject } from "../../../schema/types";
import { claimReference } from "./binding";
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_STORAGE_PROVISIONER,
  DURABLE_OBJECT_PROVISIONER,
  FINALIZER_PV_CONTROLLER,
} from "./constants";

type Obj = KubeObject;

/** getProvisionedVolumeNameForClaim. */
export const provisionedVolumeName = (claim: Obj): string => `pvc-${claim.metadata?.uid}`;

export type Provisioner =
  /** Ours: the controller provisions. */
  | { kind: "internal"; name: string }
  /** Another: the controller annotates the claim and waits (ExternalProvisioning). */
  | { kind: "external"; name: string }
  /** A `kubernetes.io/` plugin this cluster does not have (FindProvisionablePluginByName's error). */
  | { kind: "missing"; message: string };

/** findProvisionablePlugin for a class's provisioner. */
export function provisionerOf(sc: Obj): Provisioner {
  const name = String(sc.provisioner ?? "");
  if (name === DURABLE_OBJECT_PROVISIONER) return { kind: "internal", name };
  if (name.startsWith("kubernetes.io/")) return { kind: "missing", message: `no volume plugin matched name: ${name}` };
  return { kind: "external", name };
}

/** setClaimProvisioner: the claim with both storage-provisioner annotations, or undefined when already set. */
export function claimWithProvisioner(claim: Obj, provisioner: string): Obj | undefined {
  if (claim.metadata?.annotations?.[ANN_STORAGE_PROVISIONER] === provisioner) return undefined;
  const next = structuredClone(claim);
  next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [ANN_BETA_STORAGE_PROVISIONER]: provisioner, [ANN_STORAGE_PROVISIONER]: provisioner };
  return next;
}

/** The Durable Object name (CSI volumeHandle) of a provisioned volume: the PV's name. */
export const volumeHandleFor = (pvName: string): string => pvName;

/**
 * The PV provisionClaimOperation saves: the claim's size, access modes and volume mode; the class's reclaim
 * policy (Delete when unset) and mount options; pre-bound to the claim and annotated as provisioned and bound by
 * the controller; with the in-tree deletion finalizer when the policy is Delete (HonorPVReclaimPolicy).
 */
export function provisionedVolume(claim: Obj, sc: Obj, className: string): Obj {
  const name = provisionedVolumeName(claim);
  const reclaimPolicy = sc.reclaimPolicy ?? "Delete";
  const spec: Obj = {
    accessModes: structuredClone(claim.spec?.accessModes ?? []),
    capacity: { storage: claim.spec?.resources?.requests?.storage },
    claimRef: claimReference(claim),
    persistentVolumeReclaimPolicy: reclaimPolicy,
    storageClassName: className,
    volumeMode: claim.spec?.volumeMode ?? "Filesystem",
    csi: { driver: DURABLE_OBJECT_PROVISIONER, volumeHandle: volumeHandleFor(name) },
  };
  if (sc.mountOptions?.length) spec.mountOptions = [...sc.mountOptions];
  const metadata: Obj = {
    name,
    annotations: { [ANN_BOUND_BY_CONTROLLER]: "yes", [ANN_DYNAMICALLY_PROVISIONED]: DURABLE_OBJECT_PROVISIONER },
  };
  if (reclaimPolicy === "Delete") metadata.finalizers = [FINALIZER_PV_CONTROLLER];
  return { apiVersion: "v1", kind: "PersistentVolume", metadata, spec };
}

/**
 * modifyDeletionFinalizers (HonorPVReclaimPolicy) for volumes our provisioner made: the in-tree finalizer is
 * added back while the policy is Delete and removed once it is Retain or Recycle. The new list, or undefined.
 */
export function volumeFinalizers(volume: Obj): string[] | undefined {
  if (volume.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== DURABLE_OBJECT_PROVISIONER) return undefined;
  const current: string[] = volume.metadata?.finalizers ?? [];
  const has = current.includes(FINALIZER_PV_CONTROLLER);
  const policy = volume.spec?.persistentVolumeReclaimPolicy;
  if (policy === "Delete" && !has && !volume.metadata?.deletionTimestamp) return [...current, FINALIZER_PV_CONTROLLER];
  if ((policy === "Retain" || policy === "Recycle") && has) return current.filter((f) => f !== FINALIZER_PV_CONTROLLER);
  return undefined;
}
