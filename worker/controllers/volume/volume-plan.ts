/**
 * What the PV controller does about one volume (pv_controller.go syncVolume, reclaimVolume, findDeletablePlugin),
 * as decisions over the volume and the claim its claimRef names. Pure.
 */
import type { KubeObject } from "../../../schema/types";
import { ANN_DYNAMICALLY_PROVISIONED, ANN_MIGRATED_TO, DURABLE_OBJECT_PROVISIONER } from "./constants";
import { volumeModeMismatch } from "./match";

type Obj = KubeObject;

export type VolumeDecision =
  | { kind: "none" }
  /** updateVolumePhase (no write when already there). */
  | { kind: "phase"; phase: "Available" | "Bound" }
  /** The claim is gone (or bound elsewhere, for a provisioned Delete volume): Released unless Released or Failed, then reclaimVolume. */
  | { kind: "reclaim" }
  /** The claim names no volume and its volumeMode differs: VolumeMismatch on both, no binding. */
  | { kind: "mismatch"; claim: Obj }
  /** unbindVolume: the claim is bound to another volume. */
  | { kind: "unbind" };

/**
 * syncVolume, given the claim of the volume's claimRef as read now (undefined when it does not exist). A claim of
 * the same name but another UID is a new claim: the volume's own claim is gone.
 */
export function decideVolume(volume: Obj, claim: Obj | undefined): VolumeDecision {
  const ref = volume.spec?.claimRef;
  if (!ref || !ref.uid) return { kind: "phase", phase: "Available" };
  const own = claim && claim.metadata?.uid === ref.uid ? claim : undefined;
  if (!own) return { kind: "reclaim" };
  if (!own.spec?.volumeName) return volumeModeMismatch(own, volume) ? { kind: "mismatch", claim: own } : { kind: "none" };
  if (own.spec.volumeName === volume.metadata?.name) return { kind: "phase", phase: "Bound" };
  const provisioned = volume.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== undefined;
  if (provisioned && volume.spec?.persistentVolumeReclaimPolicy === "Delete") return { kind: "reclaim" };
  return { kind: "unbind" };
}

/** The pair of VolumeMismatch events of a volumeMode mismatch (volume's, then claim's). */
export function mismatchMessages(volume: Obj, claim: Obj): [string, string] {
  return [
    `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata?.name}" due to incompatible volumeMode.`,
    `Cannot bind PersistentVolume "${volume.metadata?.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`,
  ];
}

export type ReclaimAction =
  /** Retain (the volume stays Released), or a CSI migration owns it. */
  | { kind: "none" }
  /** Our deleter: remove the storage (the Durable Object named `handle`), then the finalizer, then the PV. */
  | { kind: "delete"; handle: string }
  /** An external deleter is expected: nothing to do here. */
  | { kind: "external" }
  /** updateVolumePhaseWithEvent(Failed, Warning, reason, message). */
  | { kind: "fail"; reason: string; message: string };

/** reclaimVolume by the volume's persistentVolumeReclaimPolicy. */
export function reclaimAction(volume: Obj): ReclaimAction {
  if (volume.metadata?.annotations?.[ANN_MIGRATED_TO]) return { kind: "none" };
  switch (volume.spec?.persistentVolumeReclaimPolicy) {
    case "Retain":
      return { kind: "none" };
    case "Recycle":
      return { kind: "fail", reason: "VolumeFailedRecycle", message: "No recycler plugin found for the volume!" };
    case "Delete":
      return deleterFor(volume);
    default:
      return { kind: "fail", reason: "VolumeUnknownReclaimPolicy", message: "Volume has unrecognized PersistentVolumeReclaimPolicy" };
  }
}

/**
 * findDeletablePlugin: the plugin that provisioned the volume (ours, or an external one); else, for a CSI volume,
 * its driver (ours deletes volumes of our driver made by hand too); else no plugin, a VolumeFailedDelete.
 */
export function deleterFor(volume: Obj): ReclaimAction {
  const provisionedBy: string | undefined = volume.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED] || undefined;
  const ours = { kind: "delete" as const, handle: String(volume.spec?.csi?.volumeHandle ?? volume.metadata?.name) };
  if (provisionedBy) {
    if (provisionedBy === DURABLE_OBJECT_PROVISIONER) return ours;
    if (!provisionedBy.startsWith("kubernetes.io/")) return { kind: "external" };
    return { kind: "fail", reason: "VolumeFailedDelete", message: `no volume plugin matched name: ${provisionedBy}` };
  }
  if (volume.spec?.csi) return volume.spec.csi.driver === DURABLE_OBJECT_PROVISIONER ? ours : { kind: "external" };
  return { kind: "fail", reason: "VolumeFailedDelete", message: `error getting deleter volume plugin for volume "${volume.metadata?.name}": no volume plugin matched` };
}
