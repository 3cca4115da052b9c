/**
 * The objects a bind writes, as the PV controller builds them (pv_controller.go bindVolumeToClaim /
 * GetBindVolumeToClaim, bindClaimToVolume, updateClaimStatus, updateVolumePhase, unbindVolume). Each returns the
 * new object, or undefined when nothing would change (so a converged pair costs no write). Pure.
 */
import type { KubeObject } from "../../../schema/types";
import { compareQuantities } from "../../../schema/validation/quantity";
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER } from "./constants";
import { isVolumeBoundToClaim } from "./match";

type Obj = KubeObject;

const hasAnnotation = (obj: Obj, key: string) => obj.metadata?.annotations?.[key] !== undefined;

function setAnnotation(obj: Obj, key: string, value: string): void {
  const meta = (obj.metadata ??= {});
  meta.annotations = { ...(meta.annotations ?? {}), [key]: value };
}

/** reference.GetReference of a claim: what a PV's spec.claimRef holds. */
export function claimReference(claim: Obj): Obj {
  const m = claim.metadata ?? {};
  const ref: Obj = { kind: "PersistentVolumeClaim", namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: "v1" };
  if (m.resourceVersion) ref.resourceVersion = m.resourceVersion;
  return ref;
}

/**
 * GetBindVolumeToClaim: claimRef pointing at this claim (its UID included) and, unless the volume was pre-bound
 * to it, `pv.kubernetes.io/bound-by-controller: "yes"`.
 */
export function volumeBoundToClaim(volume: Obj, claim: Obj): Obj | undefined {
  const byController = !isVolumeBoundToClaim(volume, claim);
  const next = structuredClone(volume);
  let dirty = false;
  const ref = volume.spec?.claimRef;
  const m = claim.metadata ?? {};
  if (!ref || ref.name !== m.name || ref.namespace !== m.namespace || ref.uid !== m.uid) {
    (next.spec ??= {}).claimRef = claimReference(claim);
    dirty = true;
  }
  if (byController && !hasAnnotation(next, ANN_BOUND_BY_CONTROLLER)) {
    setAnnotation(next, ANN_BOUND_BY_CONTROLLER, "yes");
    dirty = true;
  }
  return dirty ? next : undefined;
}

/** bindClaimToVolume: spec.volumeName (with bound-by-controller when the controller chose it) and bind-completed. */
export function claimBoundToVolume(claim: Obj, volume: Obj): Obj | undefined {
  const next = structuredClone(claim);
  let dirty = false;
  if (claim.spec?.volumeName !== volume.metadata?.name) {
    (next.spec ??= {}).volumeName = volume.metadata?.name;
    if (!hasAnnotation(next, ANN_BOUND_BY_CONTROLLER)) setAnnotation(next, ANN_BOUND_BY_CONTROLLER, "yes");
    dirty = true;
  }
  if (!hasAnnotation(next, ANN_BIND_COMPLETED)) {
    setAnnotation(next, ANN_BIND_COMPLETED, "yes");
    dirty = true;
  }
  return dirty ? next : undefined;
}

const sameList = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * updateClaimStatus: the claim with status.phase `phase`; with a volume, status.accessModes from it and — only when
 * the claim is becoming `phase` — status.capacity; without one, both cleared.
 */
export function claimWithStatus(claim: Obj, phase: string, volume?: Obj): Obj | undefined {
  const status: Obj = structuredClone(claim.status ?? {});
  let dirty = false;
  if (status.phase !== phase) {
    status.phase = phase;
    dirty = true;
  }
  if (!volume) {
    for (const k of ["accessModes", "capacity"]) {
      if (status[k] !== undefined) {
        delete status[k];
        dirty = true;
      }
    }
  } else {
    if (!sameList(status.accessModes, volume.spec?.accessModes)) {
      status.accessModes = structuredClone(volume.spec?.accessModes);
      dirty = true;
    }
    const volumeCap = volume.spec?.capacity?.storage;
    if (claim.status?.phase !== phase && volumeCap !== undefined && compareQuantities(volumeCap, status.capacity?.storage) !== 0) {
      status.capacity = structuredClone(volume.spec.capacity);
      dirty = true;
    }
  }
  return dirty ? { ...claim, status } : undefined;
}

/**
 * updateVolumePhase: status.phase and status.message (cleared when empty). lastPhaseTransitionTime is set here
 * as the PV status strategy does on a phase change (PersistentVolumeLastPhaseTransitionTime, GA in 1.31).
 */
export function volumeWithPhase(volume: Obj, phase: string, message: string, now: string): Obj | undefined {
  if (volume.status?.phase === phase) return undefined;
  const status: Obj = { ...(volume.status ?? {}), phase, lastPhaseTransitionTime: now };
  if (message) status.message = message;
  else delete status.message;
  return { ...volume, status };
}

/**
 * unbindVolume (the spec part; the phase goes Available after): a binding the controller made is removed with its
 * annotation; a user's pre-binding keeps the claim's name and loses only the UID.
 */
export function unboundVolume(volume: Obj): Obj {
  const next = structuredClone(volume);
  if (hasAnnotation(volume, ANN_BOUND_BY_CONTROLLER)) {
    delete next.spec.claimRef;
    delete next.metadata.annotations[ANN_BOUND_BY_CONTROLLER];
    if (Object.keys(next.metadata.annotations).length === 0) delete next.metadata.annotations;
  } else if (next.spec?.claimRef) {
    delete next.spec.claimRef.uid;
  }
  return next;
}
