/** batch/v1 Job and CronJob tables: upstream printJob, printCronJob. */
import { humanDuration, parseTimestamp, translateTimestampSince } from "./duration";
import { arr, ageOf, boolPtr, formatLabelSelector, int, layoutContainerCells, nameOf, str } from "./format";
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, column, type KubeObject, type TableDef } from "./types";

/** hasJobCondition: the first condition of the type decides. */
function hasJobCondition(job: KubeObject, type: string): boolean {
  return arr(job.status?.conditions).find((c) => c?.type === type)?.status === "True";
}

/** Status: Complete, Failed, Terminating, Suspended, FailureTarget or Running, in that precedence. */
export function jobStatus(job: KubeObject): string {
  if (hasJobCondition(job, "Complete")) return "Complete";
  if (hasJobCondition(job, "Failed")) return "Failed";
  if (job.metadata?.deletionTimestamp != null) return "Terminating";
  if (hasJobCondition(job, "Suspended")) return "Suspended";
  if (hasJobCondition(job, "FailureTarget")) return "FailureTarget";
  return "Running";
}

/** Completions: "succeeded/completions"; without completions "n/1", or "n/1 of P" when parallelism > 1. */
export function jobCompletions(job: KubeObject): string {
  const succeeded = int(job.status?.succeeded);
  if (typeof job.spec?.completions === "number") return `${succeeded}/${int(job.spec.completions)}`;
  const parallelism = int(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** Duration: "" before start, time since start while running, completion − start once complete. */
export function jobDuration(job: KubeObject, now: Date): string {
  const start = parseTimestamp(job.status?.startTime);
  if (start === undefined) return "";
  const end = parseTimestamp(job.status?.completionTime);
  return humanDuration((end ?? now.getTime()) - start);
}

export const JOB_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Status", "string", "Status of the job."),
    column("Completions", "string", "The number of pods which reached phase Succeeded."),
    column("Duration", "string", "Time required to complete the job."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column("Selector", "string", "A label query over pods that should match the pod count.", 1),
  ],
  cells: (job, now) => [
    nameOf(job),
    jobStatus(job),
    jobCompletions(job),
    jobDuration(job, now),
    ageOf(job, now),
    ...layoutContainerCells(job.spec?.template?.spec?.containers),
    formatLabelSelector(job.spec?.selector),
  ],
};

export const CRON_JOB_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Schedule", "string", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
    column("Timezone", "string", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
    column("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions."),
    column("Active", "integer", "A list of pointers to currently running jobs."),
    column("Last Schedule", "string", "Information when was the last time the job was successfully scheduled."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column("Selector", "string", "A label query over pods that should match the pod count.", 1),
  ],
  cells(cj, now) {
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const last = cj.status?.lastScheduleTime;
    return [
      nameOf(cj),
      str(cj.spec?.schedule),
      cj.spec?.timeZone == null ? "<none>" : str(cj.spec.timeZone),
      boolPtr(cj.spec?.suspend),
      arr(cj.status?.active).length,
      last == null ? "<none>" : translateTimestampSince(last, now),
      ageOf(cj, now),
      ...layoutContainerCells(jobSpec?.template?.spec?.containers),
      formatLabelSelector(jobSpec?.selector),
    ];
  },
};
