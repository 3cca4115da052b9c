/** batch/v1: Job, CronJob. */
import type { GroupVersionDef } from "../types";
import { cronJobDef } from "./cron-job";
import { jobDef } from "./job";

export * from "./cron-job";
export * from "./job";
export { validateJob, validateJobSpec, validateJobUpdate } from "./job-validation";

export const batchV1: GroupVersionDef = { group: "batch", version: "v1", kinds: [cronJobDef, jobDef] };
