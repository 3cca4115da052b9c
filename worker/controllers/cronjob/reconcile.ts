/**
 * The CronJob controller's decisions (pkg/controller/cronjob cronjob_controllerv2.go: cleanupFinishedJobs,
 * syncCronJob; utils.go: getJobFromTemplate2, byJobStartTime), pure over the CronJob, the Jobs it controls and an
 * injected `now`: which finished Jobs fall out of the history limits, how status.active and lastSuccessfulTime
 * follow the Jobs, and what the schedule asks for now — nothing, a refusal with its Event, or a Job to create
 * (after deleting the active ones under Replace) — and when to look again.
 */
import type { KubeObject } from "../../../schema/types";
import { rfc3339 } from "../../handlers/context";
import {
  alreadyProcessed,
  CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION,
  cronJobSchedule,
  inActiveList,
  invalidScheduleEvent,
  jobNameFor,
  missScheduleEvent,
  nextScheduleTime,
  requeueAfter,
  scheduledTimestamp,
  tooLate,
  type CronJobEvent,
} from "./schedule-times";

export type { CronJobEvent };

type Job = KubeObject;
type CronJob = KubeObject;

/** getFinishedStatus: the Complete or Failed condition that is True. */
export function finishedStatus(job: Job): "Complete" | "Failed" | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") return c.type;
  }
  return undefined;
}

/** byJobStartTime: by status.startTime (Jobs without one last), then by name. */
export function compareByStartTime(a: Job, b: Job): number {
  const [sa, sb] = [a.status?.startTime, b.status?.startTime];
  if (!sa && sb) return 1;
  if (sa && !sb) return -1;
  const [ta, tb] = [sa ? Date.parse(sa) : 0, sb ? Date.parse(sb) : 0];
  if (ta !== tb) return ta - tb;
  const [na, nb] = [a.metadata?.name ?? "", b.metadata?.name ?? ""];
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** cleanupFinishedJobs: the oldest finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit. */
export function jobsBeyondHistoryLimits(cj: CronJob, jobs: Job[]): Job[] {
  const out: Job[] = [];
  for (const [type, limit] of [
    ["Complete", cj.spec?.successfulJobsHistoryLimit],
    ["Failed", cj.spec?.failedJobsHistoryLimit],
  ] as const) {
    if (typeof limit !== "number") continue;
    const finished = jobs.filter((j) => finishedStatus(j) === type).sort(compareByStartTime);
    out.push(...finished.slice(0, Math.max(0, finished.length - limit)));
  }
  return out;
}

/** deleteFromActiveList. */
export function withoutActive(status: KubeObject, uid: string): KubeObject {
  return { ...status, active: (status.active ?? []).filter((r: KubeObject) => r.uid !== uid) };
}

/** getRef of a Job: its ObjectReference as status.active holds it. */
export function jobReference(job: Job): KubeObject {
  return {
    kind: "Job",
    namespace: job.metadata?.namespace,
    name: job.metadata?.name,
    uid: job.metadata?.uid,
    apiVersion: "batch/v1",
    resourceVersion: job.metadata?.resourceVersion,
  };
}

export interface ActiveReconcile {
  status: KubeObject;
  changed: boolean;
  events: CronJobEvent[];
  /** Active entries with no Job among the CronJob's: gone (MissingJob) unless the Job still exists. */
  unaccounted: KubeObject[];
}

/** The first part of syncCronJob: status.active and lastSuccessfulTime against the Jobs the CronJob controls. */
export function reconcileActive(cj: CronJob, jobs: Job[]): ActiveReconcile {
  let status: KubeObject = { ...(cj.status ?? {}) };
  let changed = false;
  const events: CronJobEvent[] = [];
  for (const j of jobs) {
    const found = inActiveList({ status }, j.metadata?.uid);
    const finished = finishedStatus(j);
    if (!found && !finished) {
      events.push({ type: "Warning", reason: "UnexpectedJob", message: `Saw a job that the controller did not create or forgot: ${j.metadata?.name}` });
    } else if (found && finished) {
      status = withoutActive(status, j.metadata?.uid);
      events.push({ type: "Normal", reason: "SawCompletedJob", message: `Saw completed job: ${j.metadata?.name}, status: ${finished}` });
      changed = true;
    } else if (finished === "Complete") {
      const completed: string | undefined = j.status?.completionTime;
      if (completed && (!status.lastSuccessfulTime || Date.parse(completed) > Date.parse(status.lastSuccessfulTime))) {
        status.lastSuccessfulTime = completed;
        changed = true;
      }
    }
  }
  const children = new Set(jobs.map((j) => j.metadata?.uid));
  const unaccounted = (status.active ?? []).filter((r: KubeObject) => !children.has(r.uid));
  return { status, changed, events, unaccounted };
}

/** The MissingJob event for an active Job that no longer exists. */
export const missingJobEvent = (name: string): CronJobEvent => ({ type: "Normal", reason: "MissingJob", message: `Active job went missing: ${name}` });

export type ScheduleDecision =
  /** Nothing to start; look again after `requeueAfterMs` (undefined: only when the CronJob changes). */
  | { kind: "wait"; events: CronJobEvent[]; requeueAfterMs?: number }
  /** Start the Job for `scheduledTime`, first deleting the active Jobs of `replace` (concurrencyPolicy Replace). */
  | { kind: "start"; events: CronJobEvent[]; scheduledTime: number; replace: KubeObject[] };

/** The rest of syncCronJob: what the schedule asks for at `now`. */
export function decideSchedule(cj: CronJob, now: number): ScheduleDecision {
  if (cj.metadata?.deletionTimestamp) return { kind: "wait", events: [] };
  const parsed = cronJobSchedule(cj);
  const unknownZone = parsed.events.filter((e) => e.reason === "UnknownTimeZone");
  if (unknownZone.length) return { kind: "wait", events: unknownZone };
  if (cj.spec?.suspend === true) return { kind: "wait", events: [] };
  const events = [...parsed.events];
  const schedule = parsed.schedule;
  if (!schedule) return { kind: "wait", events };
  const next = nextScheduleTime(cj, now, schedule);
  events.push(...next.events);
  if (next.error !== undefined) return { kind: "wait", events: [...events, invalidScheduleEvent(cj, next.error)] };
  const later = (c: CronJob = cj) => requeueAfter(c, now, schedule);
  const t = next.scheduledTime;
  if (t === undefined) return { kind: "wait", events, requeueAfterMs: later() };
  if (tooLate(cj, now, t)) return { kind: "wait", events: [...events, missScheduleEvent(t)], requeueAfterMs: later() };
  if (alreadyProcessed(cj, t)) return { kind: "wait", events, requeueAfterMs: later() };
  const active: KubeObject[] = cj.status?.active ?? [];
  if (cj.spec?.concurrencyPolicy === "Forbid" && active.length > 0) {
    const message = "Not starting job because prior execution is running and concurrency policy is Forbid";
    return { kind: "wait", events: [...events, { type: "Normal", reason: "JobAlreadyActive", message }], requeueAfterMs: later() };
  }
  return { kind: "start", events, scheduledTime: t, replace: cj.spec?.concurrencyPolicy === "Replace" ? active : [] };
}

/** The requeue after a start: the next schedule time, counted from the new lastScheduleTime. */
export function requeueAfterStart(cj: CronJob, now: number): number | undefined {
  const parsed = cronJobSchedule(cj);
  return parsed.schedule ? requeueAfter(cj, now, parsed.schedule) : undefined;
}

/** getJobFromTemplate2: the Job for `scheduledTime`, named deterministically so a retry cannot start it twice. */
export function jobFromTemplate(cj: CronJob, scheduledTime: number): Job {
  const template: KubeObject = cj.spec?.jobTemplate ?? {};
  const labels = { ...(template.metadata?.labels ?? {}) };
  const annotations = { ...(template.metadata?.annotations ?? {}), [CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION]: scheduledTimestamp(cj, scheduledTime) };
  const metadata: KubeObject = {
    name: jobNameFor(cj.metadata?.name ?? "", scheduledTime),
    namespace: cj.metadata?.namespace,
    annotations,
    ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: cj.metadata?.name, uid: cj.metadata?.uid, controller: true, blockOwnerDeletion: true }],
  };
  if (Object.keys(labels).length) metadata.labels = labels;
  return { apiVersion: "batch/v1", kind: "Job", metadata, spec: structuredClone(template.spec ?? {}) };
}

/** The status after starting `job` for `scheduledTime`. */
export function withStarted(status: KubeObject, job: Job, scheduledTime: number): KubeObject {
  return { ...status, active: [...(status.active ?? []), jobReference(job)], lastScheduleTime: rfc3339(new Date(scheduledTime)) };
}
