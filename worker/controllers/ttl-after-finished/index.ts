/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): the loop and its pure decisions.
 */
export { ttlAfterFinishedLoop, ttlWakes, syncTtlAfterFinished } from "./loop";
export { decideTtl, needsCleanup, cleanupDeleteOptions, type TtlDecision } from "./ttl";
