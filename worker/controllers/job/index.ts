/**
 * The Job controller (pkg/controller/job): the loop and its pure decisions.
 */
export { jobLoop, jobWakes, syncJob } from "./loop";
export { planJobSync, type JobSyncState, type JobAction } from "./sync-plan";
export { statusAfterActions, statusAfterFinalizers, normalizeStatus } from "./track";
export { manageJob } from "./manage";
export { JOB_TRACKING_FINALIZER, JOB_COMPLETION_INDEX } from "./constants";
