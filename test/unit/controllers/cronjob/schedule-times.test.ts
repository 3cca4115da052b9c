/** The CronJob controller's time decisions (pkg/controller/cronjob utils.go, syncCronJob), `now` injected. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import * as t from "../../../../worker/controllers/cronjob/schedule-times";
import { parseSchedule, type CronSchedule } from "../../../../worker/controllers/cronjob/schedule";

const ms = (iso: string) => Date.parse(iso);
const sched = (s: string, zone = "UTC"): CronSchedule => {
  const r = parseSchedule(s, zone);
  if (!r.ok) throw new Error(r.error);
  return r.schedule;
};
function cronJob(spec: KubeObject, status: KubeObject = {}, created = "2024-01-01T00:00:00Z"): KubeObject {
  return { metadata: { name: "backup", namespace: "ops", creationTimestamp: created }, spec: { schedule: "*/5 * * * *", ...spec }, status };
}

describe("mostRecentScheduleTime", () => {
  it.each([
    ["before the first time", {}, {}, "2024-01-01T00:04:00Z", undefined, "none"],
    ["exactly at the first time", {}, {}, "2024-01-01T00:05:00Z", "2024-01-01T00:05:00Z", "none"],
    ["between first and second", {}, {}, "2024-01-01T00:07:00Z", "2024-01-01T00:05:00Z", "none"],
    ["several missed: the latest", {}, {}, "2024-01-01T00:23:00Z", "2024-01-01T00:20:00Z", "few"],
    ["counts from lastScheduleTime", {}, { lastScheduleTime: "2024-01-01T00:20:00Z" }, "2024-01-01T00:23:00Z", undefined, "none"],
    ["exactly 100 missed is few", {}, {}, "2024-01-01T08:20:00Z", "2024-01-01T08:20:00Z", "few"],
    ["101 missed is many", {}, {}, "2024-01-01T08:25:00Z", "2024-01-01T08:25:00Z", "many"],
    ["a year late is many", {}, {}, "2025-01-01T00:02:00Z", "2025-01-01T00:00:00Z", "many"],
  ])("%s", (_name, spec, status, now, want, missed) => {
    const r = t.mostRecentScheduleTime(cronJob(spec, status), ms(now), sched("*/5 * * * *"), true);
    expect({ mostRecent: r.mostRecent && new Date(r.mostRecent).toISOString(), missed: r.missed, error: r.error }).toEqual({
      mostRecent: want && new Date(want).toISOString(),
      missed,
      error: undefined,
    });
  });

  it("startingDeadlineSeconds moves the earliest time up (only when asked)", () => {
    const cj = cronJob({ startingDeadlineSeconds: 200 });
    const now = ms("2025-01-01T00:02:00Z");
    expect(t.mostRecentScheduleTime(cj, now, sched("*/5 * * * *"), true)).toEqual({ earliest: now - 200_000, mostRecent: ms("2025-01-01T00:00:00Z"), missed: "none" });
    expect(t.mostRecentScheduleTime(cj, now, sched("*/5 * * * *"), false).missed).toBe("many");
  });

  it("irregular schedules: the jump by the t1→t2 interval, then Next", () => {
    const cj = cronJob({}, {}, "2024-01-01T00:00:00Z"); // Monday; runs 06:30, 10:30, 14:30 on weekdays
    const s = sched("30 6-16/4 * * 1-5");
    expect(t.mostRecentScheduleTime(cj, ms("2024-01-01T15:00:00Z"), s, true).mostRecent).toBe(ms("2024-01-01T14:30:00Z"));
    // Upstream's estimate overshoots across nights (28 × 4 h from Monday 06:30 passes Friday 14:30): no time found.
    expect(t.mostRecentScheduleTime(cj, ms("2024-01-05T20:00:00Z"), s, true)).toEqual({ earliest: ms("2024-01-01T00:00:00Z"), mostRecent: undefined, missed: "few" });
  });

  it.each(["59 23 31 2 *", "0 0 , * *"])("a schedule that never fires: %s", (s) => {
    const r = t.mostRecentScheduleTime(cronJob({ schedule: s }), ms("2024-06-01T00:00:00Z"), sched(s), true);
    expect(r).toEqual({ earliest: ms("2024-01-01T00:00:00Z"), missed: "none", error: "time difference between two schedules is less than 1 second" });
  });
});

describe("nextScheduleTime", () => {
  it("the most recent missed time, with TooManyMissedTimes past 100", () => {
    const r = t.nextScheduleTime(cronJob({}), ms("2025-01-01T00:02:00Z"), sched("*/5 * * * *"));
    expect(r).toEqual({ scheduledTime: ms("2025-01-01T00:00:00Z"), events: [t.TOO_MANY_MISSED_EVENT], error: undefined });
  });
  it("nothing due", () => {
    expect(t.nextScheduleTime(cronJob({}), ms("2024-01-01T00:01:00Z"), sched("*/5 * * * *"))).toEqual({ events: [], error: undefined });
  });
  it("an invalid schedule becomes the InvalidSchedule event", () => {
    const cj = cronJob({ schedule: "59 23 31 2 *" });
    const r = t.nextScheduleTime(cj, ms("2024-06-01T00:00:00Z"), sched("59 23 31 2 *"));
    expect(t.invalidScheduleEvent(cj, r.error!)).toEqual({ type: "Warning", reason: "InvalidSchedule", message: "invalid schedule: 59 23 31 2 * : time difference between two schedules is less than 1 second" });
  });
});

describe("requeueAfter (nextScheduleTimeDuration)", () => {
  it.each([
    ["nothing missed: from the earliest time", {}, "2024-01-01T00:01:00Z", 4 * 60_000 + 100],
    ["just ran: the next slot", { lastScheduleTime: "2024-01-01T00:05:00Z" }, "2024-01-01T00:05:00.250Z", 5 * 60_000 - 150],
    ["missed some: the slot after the most recent", {}, "2024-01-01T00:23:00Z", 2 * 60_000 + 100],
  ])("%s", (_name, status, now, want) => {
    expect(t.requeueAfter(cronJob({}, status), ms(now), sched("*/5 * * * *"))).toBe(want);
  });
  it("a schedule that never fires is not requeued", () => {
    expect(t.requeueAfter(cronJob({}), ms("2024-06-01T00:00:00Z"), sched("0 0 31 2 *"))).toBeUndefined();
  });
});

describe("tooLate (startingDeadlineSeconds)", () => {
  it.each([
    [undefined, "2024-01-02T00:00:00Z", false],
    [60, "2024-01-01T00:06:00Z", false], // exactly at the deadline is still in time
    [60, "2024-01-01T00:06:00.001Z", true],
    [0, "2024-01-01T00:05:00.001Z", true],
  ])("deadline %s, now %s → %s", (sds, now, want) => {
    expect(t.tooLate(cronJob({ startingDeadlineSeconds: sds }), ms(now), ms("2024-01-01T00:05:00Z"))).toBe(want);
  });
  it("MissSchedule names the time in RFC1123Z UTC", () => {
    expect(t.missScheduleEvent(ms("2024-03-10T07:30:00Z")).message).toBe("Missed scheduled time to start a job: Sun, 10 Mar 2024 07:30:00 +0000");
  });
});

describe("Job naming and bookkeeping", () => {
  it.each([
    ["2024-01-01T00:05:00Z", "backup-28401125"],
    ["1970-01-01T00:00:59Z", "backup-0"],
    ["2024-03-10T07:30:00Z", "backup-28500930"],
  ])("jobNameFor(%s) → %s", (at, name) => {
    expect(t.jobNameFor("backup", ms(at))).toBe(name);
  });

  it("the scheduled-timestamp annotation is RFC 3339 in spec.timeZone", () => {
    expect(t.scheduledTimestamp(cronJob({ timeZone: "America/New_York" }), ms("2024-03-10T07:30:00Z"))).toBe("2024-03-10T03:30:00-04:00");
    expect(t.scheduledTimestamp(cronJob({}), ms("2024-03-10T07:30:00Z"))).toBe("2024-03-10T07:30:00Z");
  });

  const active = { active: [{ kind: "Job", namespace: "ops", name: "backup-28401125", uid: "u-1" }] };
  it.each([
    ["by uid", () => t.inActiveList(cronJob({}, active), "u-1"), true],
    ["other uid", () => t.inActiveList(cronJob({}, active), "u-2"), false],
    ["by name", () => t.inActiveListByName(cronJob({}, active), "ops", "backup-28401125"), true],
    ["other namespace", () => t.inActiveListByName(cronJob({}, active), "dev", "backup-28401125"), false],
    ["processed: its Job is active", () => t.alreadyProcessed(cronJob({}, active), ms("2024-01-01T00:05:00Z")), true],
    ["processed: it is lastScheduleTime", () => t.alreadyProcessed(cronJob({}, { lastScheduleTime: "2024-01-01T00:10:00Z" }), ms("2024-01-01T00:10:00Z")), true],
    ["not processed", () => t.alreadyProcessed(cronJob({}, active), ms("2024-01-01T00:10:00Z")), false],
  ])("%s", (_name, f, want) => {
    expect(f()).toBe(want);
  });
});

describe("cronJobSchedule (syncCronJob's checks and formatSchedule)", () => {
  const next = (cj: KubeObject, from: string) => {
    const r = t.cronJobSchedule(cj);
    return r.schedule && new Date(r.schedule.next(ms(from))!).toISOString();
  };
  it("spec.timeZone sets the zone", () => {
    expect(next(cronJob({ schedule: "0 9 * * *", timeZone: "Asia/Tokyo" }), "2024-06-01T00:00:00Z")).toBe("2024-06-02T00:00:00.000Z");
    expect(next(cronJob({ schedule: "0 9 * * *" }), "2024-06-01T00:00:00Z")).toBe("2024-06-01T09:00:00.000Z");
  });
  it("an unknown zone: UnknownTimeZone, no schedule", () => {
    expect(t.cronJobSchedule(cronJob({ timeZone: "Mars/Olympus" }))).toEqual({
      events: [{ type: "Warning", reason: "UnknownTimeZone", message: 'invalid timeZone: "Mars/Olympus": unknown time zone Mars/Olympus' }],
    });
  });
  it("an unparseable schedule: UnparseableSchedule", () => {
    expect(t.cronJobSchedule(cronJob({ schedule: "0 0 * * 7" }))).toEqual({
      events: [{ type: "Warning", reason: "UnparseableSchedule", message: 'unparseable schedule: "0 0 * * 7" : end of range (7) above maximum (6): 7' }],
    });
  });
  it("a TZ prefix in the schedule still runs, wins over spec.timeZone, and records UnsupportedSchedule", () => {
    const cj = cronJob({ schedule: "TZ=Asia/Tokyo 0 9 * * *", timeZone: "Europe/Paris" });
    expect(t.cronJobSchedule(cj).events.map((e) => e.reason)).toEqual(["UnsupportedSchedule"]);
    expect(next(cj, "2024-06-01T00:00:00Z")).toBe("2024-06-02T00:00:00.000Z");
  });
});
