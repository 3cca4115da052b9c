/**
 * What the CronJob controller (pkg/controller/cronjob: cronjob_controllerv2.go syncCronJob, utils.go) decides
 * about time, as pure functions of the CronJob and an injected `now` (epoch ms): which schedule to run, the most
 * recent missed start time, whether it is too late to start it (startingDeadlineSeconds), when to requeue, the
 * Job's name, and the event each refusal records. Times on objects are RFC 3339 strings.
 */
import type { KubeObject } from "../../../schema/types";
import { goQuote } from "../../../schema/validation/field-errors";
import { parseSchedule, type CronSchedule } from "./schedule";
import { formatRFC3339In, loadLocation } from "./time-zone";

/** nextScheduleDelta: requeue a little after the scheduled time, so the pass sees it as due. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

/** Above this many missed start times the controller records TooManyMissedTimes (upstream's "lots"). */
export const TOO_MANY_MISSED = 100;

/** batchv1.CronJobScheduledTimestampAnnotation, set on every Job the controller creates. */
export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

/** An event the controller records on the CronJob (reason and message as upstream). */
export interface CronJobEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export const TOO_MANY_MISSED_EVENT: CronJobEvent = {
  type: "Warning",
  reason: "TooManyMissedTimes",
  message: "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
};

export type MissedSchedules = "none" | "few" | "many";

const parseTime = (t: unknown): number | undefined => (typeof t === "string" && t ? Date.parse(t) : undefined);

/**
 * The schedule syncCronJob runs with: spec.timeZone must load (else UnknownTimeZone), the schedule is
 * formatSchedule's (a TZ prefix left in the schedule wins over spec.timeZone and records UnsupportedSchedule),
 * and it must parse (else UnparseableSchedule). A refusal means: record the event, do not requeue.
 */
export function cronJobSchedule(cj: KubeObject): { schedule?: CronSchedule; events: CronJobEvent[] } {
  const spec = cj.spec ?? {};
  const raw: string = spec.schedule ?? "";
  const timeZone: string | undefined = spec.timeZone ?? undefined;
  let zone = "UTC";
  if (timeZone !== undefined) {
    const loc = loadLocation(timeZone);
    if (!loc.ok) return { events: [{ type: "Warning", reason: "UnknownTimeZone", message: `invalid timeZone: ${goQuote(timeZone)}: ${loc.error}` }] };
    zone = loc.zone;
  }
  const events: CronJobEvent[] = [];
  if (raw.includes("TZ")) {
    const message = `CRON_TZ or TZ used in schedule ${goQuote(raw)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`;
    events.push({ type: "Warning", reason: "UnsupportedSchedule", message });
    zone = "UTC";
  }
  const parsed = parseSchedule(raw, zone);
  if (!parsed.ok) {
    events.push({ type: "Warning", reason: "UnparseableSchedule", message: `unparseable schedule: ${goQuote(raw)} : ${parsed.error}` });
    return { events };
  }
  return { schedule: parsed.schedule, events };
}

export interface MostRecent {
  /** The time scheduling counts from: lastScheduleTime, else creationTimestamp (raised to now - deadline). */
  earliest: number;
  /** The most recent start time in (earliest, now], if any. */
  mostRecent?: number;
  missed: MissedSchedules;
  /** A schedule that never fires, or fires twice within a second ("59 23 31 2 *"). */
  error?: string;
}

/** mostRecentScheduleTime. Counts missed times arithmetically from two consecutive ones, as upstream does. */
export function mostRecentScheduleTime(cj: KubeObject, now: number, schedule: CronSchedule, includeStartingDeadlineSeconds: boolean): MostRecent {
  let earliest = parseTime(cj.status?.lastScheduleTime) ?? parseTime(cj.metadata?.creationTimestamp) ?? 0;
  const sds = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadlineSeconds && typeof sds === "number") earliest = Math.max(earliest, now - sds * 1000);

  const t1 = schedule.next(earliest);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 !== undefined && now < t1) return { earliest, missed: "none" };
  if (t2 !== undefined && now < t2) return { earliest, mostRecent: t1, missed: "none" };

  // Upstream rounds the interval to whole seconds; a never-firing schedule has none (robfig returns zero times).
  const between = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliest, missed: "none", error: "time difference between two schedules is less than 1 second" };
  const elapsed = Math.trunc((now - t1!) / 1000);
  const missedCount = Math.floor(elapsed / between) + 1;

  // Jump close to now, one interval early so irregular schedules ("30 6-16/4 * * 1-5") land on a real time.
  let mostRecent: number | undefined;
  for (let t = schedule.next(t1! + (missedCount - 2) * between * 1000); t !== undefined && t <= now; t = schedule.next(t)) mostRecent = t;
  return { earliest, mostRecent, missed: missedCount > TOO_MANY_MISSED ? "many" : "few" };
}

export interface NextScheduleTime {
  /** The start time to act on now, if any. */
  scheduledTime?: number;
  /** TooManyMissedTimes when more than 100 were missed (the most recent still runs). */
  events: CronJobEvent[];
  /** Set when the schedule cannot be evaluated: record InvalidSchedule and do not requeue. */
  error?: string;
}

/** nextScheduleTime: the most recent unmet start time within the starting deadline. */
export function nextScheduleTime(cj: KubeObject, now: number, schedule: CronSchedule): NextScheduleTime {
  const r = mostRecentScheduleTime(cj, now, schedule, true);
  if (r.mostRecent === undefined || r.mostRecent > now) return { events: [], error: r.error };
  return { scheduledTime: r.mostRecent, events: r.missed === "many" ? [TOO_MANY_MISSED_EVENT] : [], error: r.error };
}

/** The InvalidSchedule event for nextScheduleTime's error. */
export const invalidScheduleEvent = (cj: KubeObject, error: string): CronJobEvent => ({
  type: "Warning",
  reason: "InvalidSchedule",
  message: `invalid schedule: ${cj.spec?.schedule ?? ""} : ${error}`,
});

/**
 * nextScheduleTimeDuration: how long until the pass after the next start time (ms from now). Ignores the
 * starting deadline. Undefined when the schedule never fires again (upstream would compute from the zero time).
 */
export function requeueAfter(cj: KubeObject, now: number, schedule: CronSchedule): number | undefined {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  const from = r.error !== undefined ? now : (r.mostRecent ?? (r.missed === "none" ? r.earliest : now));
  const next = schedule.next(from);
  return next === undefined ? undefined : next + NEXT_SCHEDULE_DELTA_MS - now;
}

/** Whether the start at `scheduledTime` missed spec.startingDeadlineSeconds (strictly before now). */
export function tooLate(cj: KubeObject, now: number, scheduledTime: number): boolean {
  const sds = cj.spec?.startingDeadlineSeconds;
  return typeof sds === "number" && scheduledTime + sds * 1000 < now;
}

/** Go's time.RFC1123Z of a UTC instant: `Sun, 10 Mar 2024 07:30:00 +0000`. */
export function formatRFC1123ZUtc(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, "+0000");
}

/** The MissSchedule event for a start that is too late. */
export const missScheduleEvent = (scheduledTime: number): CronJobEvent => ({
  type: "Warning",
  reason: "MissSchedule",
  message: `Missed scheduled time to start a job: ${formatRFC1123ZUtc(scheduledTime)}`,
});

/** getJobName: `<cronjob>-<scheduled time in minutes since the epoch>`, the same for every pass. */
export function jobNameFor(cronJobName: string, scheduledTime: number): string {
  return `${cronJobName}-${Math.floor(Math.floor(scheduledTime / 1000) / 60)}`;
}

/** The Job's cronjob-scheduled-timestamp annotation: RFC 3339 in spec.timeZone (UTC without one). */
export function scheduledTimestamp(cj: KubeObject, scheduledTime: number): string {
  const loc = loadLocation(cj.spec?.timeZone ?? "");
  return formatRFC3339In(scheduledTime, loc.ok ? loc.zone : "UTC");
}

/** inActiveList: a Job (by uid) is in status.active. */
export function inActiveList(cj: KubeObject, uid: string): boolean {
  return (cj.status?.active ?? []).some((ref: KubeObject) => ref.uid === uid);
}

/** inActiveListByName: a Job (by namespace and name) is in status.active. */
export function inActiveListByName(cj: KubeObject, namespace: string, name: string): boolean {
  return (cj.status?.active ?? []).some((ref: KubeObject) => ref.name === name && ref.namespace === namespace);
}

/** Whether `scheduledTime` was already acted on: its Job is active, or it is status.lastScheduleTime. */
export function alreadyProcessed(cj: KubeObject, scheduledTime: number): boolean {
  const name = jobNameFor(cj.metadata?.name ?? "", scheduledTime);
  return inActiveListByName(cj, cj.metadata?.namespace ?? "", name) || parseTime(cj.status?.lastScheduleTime) === scheduledTime;
}
