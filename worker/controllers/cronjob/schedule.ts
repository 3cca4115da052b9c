/**
 * A parsed CronJob schedule and its `Next(t)`, as robfig/cron/v3 computes it: the first instant strictly after
 * `t` whose wall clock in the schedule's zone matches. cron-parser finds the candidates; two corrections make
 * it agree with robfig around daylight-saving changes:
 *  - spring forward: cron-parser moves a time inside the gap (02:30 on a New York spring-forward day) to just
 *    after it (03:30); robfig skips that day. Candidates whose wall clock does not match are dropped.
 *  - fall back: a repeated wall-clock time (01:30 on a New York fall-back day) matches twice in robfig and
 *    cron-parser yields it once. The repeat (the same wall clock at the later offset) is added back.
 * `@every` is robfig's ConstantDelaySchedule: the time truncated to the second, plus the delay; zones ignored.
 */
import { CronExpressionParser } from "cron-parser";
import { dayMatches, parseStandardSpec, type SpecFields, type StandardSpec } from "./robfig-spec";
import { loadLocation, offsetMinutes, wallClock, type WallClock } from "./time-zone";

export interface CronSchedule {
  /** The first activation strictly after `afterMs`, or undefined when the schedule never fires. */
  next(afterMs: number): number | undefined;
}

export type ScheduleResult = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

const HOUR_MS = 3_600_000;
/** Enough candidates to step over any DST gap for the densest schedule (every minute). */
const MAX_CANDIDATES = 1_000;

function wallMatches(f: SpecFields, w: WallClock): boolean {
  return (
    f.minute.values.includes(w.minute) &&
    f.hour.values.includes(w.hour) &&
    f.month.values.includes(w.month) &&
    dayMatches(f, w.day, w.weekday)
  );
}

/** The field for cron-parser: `*` keeps its wildcard meaning (robfig's star bit), anything else an explicit list. */
const cronParserField = (f: SpecFields[keyof SpecFields]) => (f.star ? "*" : f.values.join(","));

/** The later instant with the same wall clock as `ms` (a fall-back repeat), if there is one. */
function repeatedWallTime(ms: number, zone: string): number | undefined {
  const before = offsetMinutes(ms, zone);
  const after = offsetMinutes(ms + 2 * HOUR_MS, zone);
  if (after >= before) return undefined;
  const twin = ms + (before - after) * 60_000;
  const [a, b] = [wallClock(ms, zone), wallClock(twin, zone)];
  return a.hour === b.hour && a.minute === b.minute && a.day === b.day ? twin : undefined;
}

function calendarSchedule(f: SpecFields, zone: string): CronSchedule {
  const fields = [f.minute, f.hour, f.dayOfMonth, f.month, f.dayOfWeek];
  const expression = `0 ${fields.map(cronParserField).join(" ")}`;
  const never = fields.some((x) => x.values.length === 0);
  return {
    next(afterMs) {
      if (never) return undefined;
      // A fall-back repeat of a time up to two hours back may be the answer: start there when the offset drops.
      const lookBack = offsetMinutes(afterMs - 2 * HOUR_MS, zone) > offsetMinutes(afterMs + 2 * HOUR_MS, zone);
      let iterator;
      try {
        iterator = CronExpressionParser.parse(expression, { currentDate: new Date(lookBack ? afterMs - 2 * HOUR_MS : afterMs), tz: zone });
      } catch (e) {
        // cron-parser refuses a day that no month has (`31 2`): robfig accepts it and never fires.
        if (e instanceof Error && e.message.startsWith("Invalid explicit day of month definition")) return undefined;
        throw e;
      }
      let best: number | undefined;
      for (let i = 0; i < MAX_CANDIDATES; i++) {
        let candidate: number;
        try {
          candidate = iterator.next().getTime();
        } catch (e) {
          // cron-parser gives up (its loop limit) on a schedule with no further time: robfig's zero time.
          if (e instanceof Error && e.message.includes("loop limit exceeded")) break;
          throw e;
        }
        if (!wallMatches(f, wallClock(candidate, zone))) continue;
        if (candidate > afterMs) return best === undefined ? candidate : Math.min(best, candidate);
        const twin = repeatedWallTime(candidate, zone);
        if (twin !== undefined && twin > afterMs) best = best === undefined ? twin : Math.min(best, twin);
      }
      return best;
    },
  };
}

function everySchedule(delaySeconds: number): CronSchedule {
  return { next: (afterMs) => Math.floor(afterMs / 1000) * 1000 + delaySeconds * 1000 };
}

function fromSpec(spec: StandardSpec, zone: string): CronSchedule {
  return spec.kind === "every" ? everySchedule(spec.delaySeconds) : calendarSchedule(spec.fields, zone);
}

/**
 * cron.ParseStandard, including robfig's `TZ=<zone> ` / `CRON_TZ=<zone> ` prefix (the controller still runs
 * schedules that had one before validation refused it). `zone` is the zone for a schedule without a prefix
 * (the controller writes spec.timeZone as such a prefix; see ./schedule-times.ts).
 */
export function parseSchedule(schedule: string, zone = "UTC"): ScheduleResult {
  let spec = schedule;
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const space = spec.indexOf(" ");
    // robfig slices to the first space and panics without one; the controller's recovery reports it as an error.
    if (space < 0) return { ok: false, error: `missing schedule after time zone prefix: ${spec}` };
    const name = spec.slice(spec.indexOf("=") + 1, space);
    const loc = loadLocation(name);
    if (!loc.ok) return { ok: false, error: `provided bad location ${name}: ${loc.error}` };
    zone = loc.zone;
    spec = spec.slice(space).trim();
  }
  const parsed = parseStandardSpec(spec);
  return parsed.ok ? { ok: true, schedule: fromSpec(parsed.spec, zone) } : parsed;
}
