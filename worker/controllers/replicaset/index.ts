/** The ReplicaSet controller: its control loop and the pure pieces the Deployment controller shares. */
export { replicaSetLoop, replicaSetWakes, syncReplicaSet } from "./loop";
export { adoptPatch, claimDecision, controllerOf, newControllerRef, releasePatch, withControllerRef, type ClaimDecision } from "./claim";
export { isPodActive, isPodAvailable, isPodReady } from "./pod-state";
