/**
 * Next(t) as robfig/cron v3 computes it, over cron-parser: strictly after t, day-of-month/day-of-week OR,
 * time zones, and the DST cases of robfig's spec_test.go replayed in America/New_York (2024: spring forward
 * Mar 10 02:00 EST → 03:00 EDT, fall back Nov 3 02:00 EDT → 01:00 EST).
 */
import { describe, expect, it } from "vitest";
import { parseSchedule } from "../../../../worker/controllers/cronjob/schedule";
import { loadLocation, formatRFC3339In } from "../../../../worker/controllers/cronjob/time-zone";

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString().replace(".000Z", "Z"));

function nexts(schedule: string, zone: string, from: string, n: number): (string | undefined)[] {
  const r = parseSchedule(schedule, zone);
  if (!r.ok) throw new Error(r.error);
  const out: (string | undefined)[] = [];
  let t: number | undefined = ms(from);
  for (let i = 0; i < n && t !== undefined; i++) out.push(iso((t = r.schedule.next(t))));
  return out;
}

const NY = "America/New_York";

describe("Next: strictly after, minute precision", () => {
  it.each([
    ["5 0 * * *", "2024-01-01T00:04:59.500Z", "2024-01-01T00:05:00Z"],
    ["5 0 * * *", "2024-01-01T00:05:00Z", "2024-01-02T00:05:00Z"],
    ["5 0 * * *", "2024-01-01T00:05:00.001Z", "2024-01-02T00:05:00Z"],
    ["0 0 29 2 *", "2024-03-01T00:00:00Z", "2028-02-29T00:00:00Z"],
    ["@every 90s", "2024-01-01T00:00:10.700Z", "2024-01-01T00:01:40Z"], // truncated to the second, plus the delay
  ])("%s after %s → %s", (schedule, from, want) => {
    expect(nexts(schedule, "UTC", from, 1)).toEqual([want]);
  });

  it.each(["0 0 31 2 *", "0 0 30,31 2 *", "0 0 31 4,6,9,11 *", "0 0 , * *"])("%s never fires", (schedule) => {
    expect(nexts(schedule, "UTC", "2024-01-01T00:00:00Z", 1)).toEqual([undefined]);
  });
});

describe("day-of-month and day-of-week: OR unless either is starred (robfig = cron-parser)", () => {
  it.each([
    // 2024-01-01 is a Monday.
    ["0 0 1,15 * 1", ["2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29", "2024-02-01", "2024-02-05"]],
    ["0 0 * * 1", ["2024-01-08", "2024-01-15", "2024-01-22"]],
    ["0 0 15 * ?", ["2024-01-15", "2024-02-15"]],
    ["0 0 */10 * 1", ["2024-01-08", "2024-01-11", "2024-01-15", "2024-01-21"]], // */10 → 1,11,21,31
    ["0 0 1-31 * 1", ["2024-01-02", "2024-01-03"]], // explicit full range: OR with Monday, so every day
    ["0 0 31 2 1", ["2024-02-05", "2024-02-12"]], // Feb 31 never, but Mondays in February do
  ])("%s", (schedule, days) => {
    expect(nexts(schedule, "UTC", "2024-01-01T00:00:00Z", days.length)).toEqual(days.map((d) => `${d}T00:00:00Z`));
  });
});

describe("time zones", () => {
  it("runs at the zone's wall clock", () => {
    expect(nexts("0 9 * * *", "Asia/Tokyo", "2024-06-01T00:00:00Z", 2)).toEqual(["2024-06-02T00:00:00Z", "2024-06-03T00:00:00Z"]);
    expect(nexts("0 9 * * *", "Asia/Kolkata", "2024-06-01T00:00:00Z", 1)).toEqual(["2024-06-01T03:30:00Z"]);
  });

  it("a TZ= / CRON_TZ= prefix sets the zone (robfig), over the default", () => {
    expect(nexts("TZ=Asia/Tokyo 0 9 * * *", "UTC", "2024-06-01T00:00:00Z", 1)).toEqual(["2024-06-02T00:00:00Z"]);
    expect(nexts("CRON_TZ=America/New_York  @daily", "UTC", "2024-06-01T00:00:00Z", 1)).toEqual(["2024-06-01T04:00:00Z"]);
    expect(parseSchedule("TZ=Mars/Olympus 0 9 * * *")).toEqual({ ok: false, error: "provided bad location Mars/Olympus: unknown time zone Mars/Olympus" });
  });

  it.each([
    ["", "UTC"],
    ["UTC", "UTC"],
    ["Local", "UTC"],
    ["Europe/Paris", "Europe/Paris"],
    ["US/Eastern", "US/Eastern"],
  ])("loadLocation(%j) → %s", (name, zone) => {
    expect(loadLocation(name)).toEqual({ ok: true, zone });
  });

  it.each([
    ["Mars/Olympus", "unknown time zone Mars/Olympus"],
    ["america/new_york", "unknown time zone america/new_york"], // the tz database is case-sensitive
    ["utc", "unknown time zone utc"],
    ["+05:00", "unknown time zone +05:00"],
    ["../etc/passwd", "time: invalid location name"],
  ])("loadLocation(%j) refuses: %s", (name, error) => {
    expect(loadLocation(name)).toEqual({ ok: false, error });
  });

  it("formats RFC 3339 in the zone, as Go's Format(time.RFC3339)", () => {
    expect(formatRFC3339In(ms("2024-03-10T07:30:00Z"), NY)).toBe("2024-03-10T03:30:00-04:00");
    expect(formatRFC3339In(ms("2024-01-10T07:30:00Z"), "Asia/Kolkata")).toBe("2024-01-10T13:00:00+05:30");
    expect(formatRFC3339In(ms("2024-01-10T07:30:00Z"), "UTC")).toBe("2024-01-10T07:30:00Z");
  });
});

describe("DST in America/New_York, as robfig", () => {
  it.each([
    // spring forward: hourly jumps 01:00 EST → 03:00 EDT
    ["0 * * * *", "2024-03-10T05:00:00Z", ["2024-03-10T06:00:00Z", "2024-03-10T07:00:00Z"]],
    // a time in the gap is skipped that day (cron-parser alone would run it at 03:30 EDT)
    ["30 2 * * *", "2024-03-09T12:00:00Z", ["2024-03-11T06:30:00Z", "2024-03-12T06:30:00Z"]],
    ["0 2 * * *", "2024-03-10T05:00:00Z", ["2024-03-11T06:00:00Z"]],
    // 01:00 still exists: 01:00 EST, then 01:00 EDT next day
    ["0 1 * * *", "2024-03-10T05:00:00Z", ["2024-03-10T06:00:00Z", "2024-03-11T05:00:00Z"]],
    // fall back: hourly gives 01:00 EDT, 01:00 EST, 02:00 EST
    ["0 * * * *", "2024-11-03T04:00:00Z", ["2024-11-03T05:00:00Z", "2024-11-03T06:00:00Z", "2024-11-03T07:00:00Z"]],
    // a repeated time runs twice (cron-parser alone would run it once)
    ["30 1 * * *", "2024-11-02T12:00:00Z", ["2024-11-03T05:30:00Z", "2024-11-03T06:30:00Z", "2024-11-04T06:30:00Z"]],
    // from between the two 01:30s (01:45 EDT) the next is 01:30 EST
    ["30 1 * * *", "2024-11-03T05:45:00Z", ["2024-11-03T06:30:00Z", "2024-11-04T06:30:00Z"]],
    // from just after the first 01:30 (the lookback must find its repeat)
    ["30 1 * * *", "2024-11-03T05:30:00Z", ["2024-11-03T06:30:00Z"]],
    ["0 2 * * *", "2024-11-02T12:00:00Z", ["2024-11-03T07:00:00Z", "2024-11-04T07:00:00Z"]],
    ["0 3 * * *", "2024-11-03T04:00:00Z", ["2024-11-03T08:00:00Z", "2024-11-04T08:00:00Z"]],
  ])("%s after %s", (schedule, from, want) => {
    expect(nexts(schedule, NY, from, want.length)).toEqual(want);
  });

  it("@every ignores the zone and DST", () => {
    expect(nexts("@every 1h", NY, "2024-11-03T04:00:00Z", 3)).toEqual(["2024-11-03T05:00:00Z", "2024-11-03T06:00:00Z", "2024-11-03T07:00:00Z"]);
  });
});
