/**
 * What the PV controller does about one claim (pv_controller.go syncClaim → syncUnboundClaim / syncBoundClaim),
 * as a decision over the claim, every PV, every StorageClass and the pods using the claim. Pure.
 *
 * Not upstream: the scheduler here sets no `volume.kubernetes.io/selected-node`, so a WaitForFirstConsumer claim
 * also stops waiting once a pod using it is scheduled to a node (volumes here have no topology).
 */
import type { KubeObject } from "../../../schema/types";
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE } from "./constants";
import { classNamed, defaultClass, isDelayBindingClass } from "./classes";
import { checkVolumeSatisfyClaim, claimClass, claimHasClass, findBestMatchForClaim, isVolumeBoundToClaim } from "./match";
import { provisionerOf } from "./provision";

type Obj = KubeObject;

export interface ClaimEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export interface ClaimWorld {
  volumes: readonly Obj[];
  classes: readonly Obj[];
  /** Pods of the claim's namespace (only read for WaitForFirstConsumer claims). */
  pods: readonly Obj[];
}

export type ClaimDecision =
  /** bind(): the volume's claimRef, its phase Bound, the claim's volumeName and annotations, its status Bound. */
  | { kind: "bind"; volume: Obj }
  /** assignDefaultStorageClass (RetroactiveDefaultStorageClass): the claim gets spec.storageClassName. */
  | { kind: "assign-default-class"; className: string }
  /** provisionClaimOperation with our provisioner. */
  | { kind: "provision"; provisioner: string; storageClass: Obj; className: string }
  /** provisionClaimOperationExternal: annotate the claim, report ExternalProvisioning. */
  | { kind: "external"; provisioner: string }
  /** provisionClaim could not find a provisioner: a ProvisioningFailed event, the claim left as it is. */
  | { kind: "provisioning-failed"; message: string }
  /** updateClaimStatus(Pending), after the event. */
  | { kind: "pending"; event?: ClaimEvent }
  /** An event and a retry, nothing written. */
  | { kind: "retry"; event: ClaimEvent; error: string }
  /** updateClaimStatusWithEvent(Lost): the event only when the phase changes. */
  | { kind: "lost"; event: ClaimEvent };

const hasAnnotation = (obj: Obj, key: string) => obj.metadata?.annotations?.[key] !== undefined;

/** The pods using a claim (a persistentVolumeClaim volume, or the `<pod>-<volume>` claim of an ephemeral one), not terminated. */
export function podsUsingClaim(claim: Obj, pods: readonly Obj[]): Obj[] {
  const name = claim.metadata?.name;
  return pods.filter((pod) => {
    if (pod.metadata?.namespace !== claim.metadata?.namespace) return false;
    if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") return false;
    return ((pod.spec?.volumes ?? []) as Obj[]).some(
      (v) => v.persistentVolumeClaim?.claimName === name || (v.ephemeral && `${pod.metadata?.name}-${v.name}` === name),
    );
  });
}

/** emitEventForUnboundDelayBindingClaim: WaitForPodScheduled naming the unscheduled users, else WaitForFirstConsumer. */
export function delayBindingEvent(unscheduled: readonly Obj[]): ClaimEvent {
  const names = unscheduled.map((p) => p.metadata?.name);
  if (names.length === 0) return { type: "Normal", reason: "WaitForFirstConsumer", message: "waiting for first consumer to be created before binding" };
  const message = names.length > 1 ? `waiting for pods ${names.join(",")} to be scheduled` : `waiting for pod ${names[0]} to be scheduled`;
  return { type: "Normal", reason: "WaitForPodScheduled", message };
}

/**
 * syncClaim. `assumedClass` is the default class a claim without one is treated as when the API refused to
 * record it on the claim (see loop.ts); upstream always records it.
 */
export function decideClaim(claim: Obj, world: ClaimWorld, assumedClass?: string): ClaimDecision {
  return hasAnnotation(claim, ANN_BIND_COMPLETED) ? decideBoundClaim(claim, world) : decideUnboundClaim(claim, world, assumedClass);
}

function decideUnboundClaim(claim: Obj, world: ClaimWorld, assumedClass?: string): ClaimDecision {
  const volumeName: string | undefined = claim.spec?.volumeName || undefined;
  if (volumeName) return decidePreboundClaim(claim, volumeName, world);
  const className = claimHasClass(claim) ? claimClass(claim) : (assumedClass ?? "");
  const storageClass = classNamed(world.classes, className);
  const users = isDelayBindingClass(storageClass) ? podsUsingClaim(claim, world.pods) : [];
  const delayBinding = isDelayBindingClass(storageClass) && !hasAnnotation(claim, ANN_SELECTED_NODE) && !users.some((p) => p.spec?.nodeName);
  const volume = findBestMatchForClaim(claim, world.volumes, delayBinding, assumedClass);
  if (volume) return { kind: "bind", volume };
  if (!claimHasClass(claim) && assumedClass === undefined) {
    const dflt = defaultClass(world.classes);
    if (dflt) return { kind: "assign-default-class", className: dflt.metadata?.name };
  }
  if (delayBinding) return { kind: "pending", event: delayBindingEvent(users) };
  if (className) {
    if (!storageClass) return { kind: "provisioning-failed", message: `storageclass.storage.k8s.io "${className}" not found` };
    const p = provisionerOf(storageClass);
    if (p.kind === "missing") return { kind: "provisioning-failed", message: p.message };
    if (p.kind === "external") return { kind: "external", provisioner: p.name };
    return { kind: "provision", provisioner: p.name, storageClass, className };
  }
  return { kind: "pending", event: { type: "Normal", reason: "FailedBinding", message: "no persistent volumes available for this claim and no storage class is set" } };
}

/** syncUnboundClaim for a claim that names its volume (spec.volumeName). */
function decidePreboundClaim(claim: Obj, volumeName: string, world: ClaimWorld): ClaimDecision {
  const volume = world.volumes.find((v) => v.metadata?.name === volumeName);
  if (!volume) return { kind: "pending" };
  if (!volume.spec?.claimRef) {
    const why = checkVolumeSatisfyClaim(volume, claim);
    if (!why) return { kind: "bind", volume };
    return { kind: "pending", event: { type: "Warning", reason: "VolumeMismatch", message: `Cannot bind to requested volume "${volumeName}": ${why}` } };
  }
  if (isVolumeBoundToClaim(volume, claim)) return { kind: "bind", volume };
  const event: ClaimEvent = { type: "Warning", reason: "FailedBinding", message: `volume "${volumeName}" already bound to a different claim.` };
  if (!hasAnnotation(claim, ANN_BOUND_BY_CONTROLLER)) return { kind: "pending", event };
  const ref = volume.spec.claimRef;
  return { kind: "retry", event, error: `invalid binding of claim "${claim.metadata?.namespace}/${claim.metadata?.name}" to volume "${volumeName}": volume already claimed by "${ref.namespace}/${ref.name}"` };
}

function decideBoundClaim(claim: Obj, world: ClaimWorld): ClaimDecision {
  const volumeName: string | undefined = claim.spec?.volumeName || undefined;
  const lost = (reason: string, message: string): ClaimDecision => ({ kind: "lost", event: { type: "Warning", reason, message } });
  if (!volumeName) return lost("ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
  const volume = world.volumes.find((v) => v.metadata?.name === volumeName);
  if (!volume) return lost("ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
  const ref = volume.spec?.claimRef;
  if (!ref || ref.uid === claim.metadata?.uid) return { kind: "bind", volume };
  return lost("ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly");
}
