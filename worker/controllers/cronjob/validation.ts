/**
 * The schedule and time-zone rules of CronJob validation (pkg/apis/batch/validation: validateScheduleFormat,
 * validateTimeZone) with the full robfig grammar, for admission to use in place of the structural check in
 * schema/batch-v1/cron-job.ts.
 */
import type { FieldError } from "../../../schema/types";
import { invalid } from "../../../schema/validation/field-errors";
import { parseSchedule } from "./schedule";
import { loadLocation } from "./time-zone";

/**
 * validateScheduleFormat: the schedule must parse, and must not carry `TZ`/`CRON_TZ` (spec.timeZone says
 * that) unless the old object's schedule already did, and then not together with spec.timeZone.
 */
export function validateScheduleFormat(schedule: string, allowTZInSchedule: boolean, timeZone: string | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const parsed = parseSchedule(schedule);
  if (!parsed.ok) errs.push(invalid(path, schedule, parsed.error));
  if (allowTZInSchedule && schedule.includes("TZ") && timeZone != null) {
    errs.push(invalid(path, schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
  } else if (!allowTZInSchedule && schedule.includes("TZ")) {
    errs.push(invalid(path, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  }
  return errs;
}

/** A tz database file name component (letters, '.', '-', '_'; digits and '+' for legacy names; ≤ 14). */
const VALID_TIME_ZONE_CHARACTERS = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** validateTimeZone: absent, or an explicit IANA zone that loads. */
export function validateTimeZone(timeZone: string | null | undefined, path: string): FieldError[] {
  if (timeZone == null) return [];
  if (timeZone.length === 0) return [invalid(path, timeZone, "timeZone must be nil or non-empty string")];
  for (const part of timeZone.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !VALID_TIME_ZONE_CHARACTERS.test(part)) {
      return [invalid(path, timeZone, `unknown time zone ${timeZone}`)];
    }
  }
  const errs: FieldError[] = [];
  if (timeZone.toLowerCase() === "local") {
    errs.push(invalid(path, timeZone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
  }
  const loc = loadLocation(timeZone);
  if (!loc.ok) errs.push(invalid(path, timeZone, loc.error));
  return errs;
}
