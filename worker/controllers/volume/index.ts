/**
 * The persistent volume controller (pkg/controller/volume/persistentvolume): the `persistentvolume-binder` loop,
 * its pure decisions, and the default StorageClass created at bootstrap.
 */
export { newVolumeBinderLoop, syncVolumeBinderKey, volumeBinderLoop, type VolumeBinderDeps } from "./loop";
export { bootstrapDefaultStorageClass, DEFAULT_STORAGE_CLASS, DEFAULT_STORAGE_CLASS_OBJECT } from "./bootstrap";
export { decideClaim, delayBindingEvent, podsUsingClaim, type ClaimDecision, type ClaimEvent, type ClaimWorld } from "./claim-plan";
export { decideVolume, deleterFor, mismatchMessages, reclaimAction, type ReclaimAction, type VolumeDecision } from "./volume-plan";
export { checkVolumeSatisfyClaim, claimClass, claimHasClass, findBestMatchForClaim, findMatchingVolume, isVolumeBoundToClaim, volumeClass } from "./match";
export { claimBoundToVolume, claimReference, claimWithStatus, unboundVolume, volumeBoundToClaim, volumeWithPhase } from "./binding";
export { claimWithProvisioner, provisionedVolume, provisionedVolumeName, provisionerOf, volumeFinalizers, type Provisioner } from "./provision";
export { defaultClass, isDefaultClass } from "./classes";
export { claimKey, parseBinderKey, PENDING_CLAIMS_KEY, volumeBinderWakes, volumeKey, type BinderKey } from "./wakes";
export { destroyVolumeObject, type DeleteVolumeStorage } from "./storage";
export * from "./constants";
