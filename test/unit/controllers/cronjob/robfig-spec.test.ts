/** robfig/cron v3 ParseStandard grammar and error texts (parser.go, parser_test.go cases). */
import { describe, expect, it } from "vitest";
import { dayMatches, parseStandardSpec } from "../../../../worker/controllers/cronjob/robfig-spec";
import { goParseDuration } from "../../../../worker/controllers/cronjob/go-parse";

function fields(spec: string) {
  const r = parseStandardSpec(spec);
  if (!r.ok || r.spec.kind !== "spec") throw new Error(`not a calendar spec: ${JSON.stringify(r)}`);
  return r.spec.fields;
}

describe("parseStandardSpec accepts", () => {
  it.each([
    ["*/15 * * * *", "minute", [0, 15, 30, 45], false],
    ["5/20 * * * *", "minute", [5, 25, 45], false], // N/step means N-max/step
    ["1-10/4 * * * *", "minute", [1, 5, 9], false],
    ["0 ? * * *", "hour", Array.from({ length: 24 }, (_, i) => i), true], // ? is *
    ["0 0 * * */1", "dayOfWeek", [0, 1, 2, 3, 4, 5, 6], true], // a step of 1 keeps the star bit
    ["0 0 * jan-MAR *", "month", [1, 2, 3], false], // names, any case
    ["0 0 * * mon,FRI", "dayOfWeek", [1, 5], false],
    ["0 0 1,,15 * *", "dayOfMonth", [1, 15], false], // empty list items are skipped
    ["0 0 *-5 * *", "dayOfMonth", Array.from({ length: 31 }, (_, i) => i + 1), true], // robfig ignores "-5" after *
    ["+5 0 * * *", "minute", [5], false], // Atoi takes a sign
  ] as const)("%s → %s", (spec, field, values, star) => {
    expect(fields(spec)[field]).toEqual({ values, star });
  });

  it.each([
    ["@yearly", 1, [1], [1]],
    ["@annually", 1, [1], [1]],
    ["@monthly", 1, [1], Array.from({ length: 12 }, (_, i) => i + 1)],
    ["@daily", 31, undefined, undefined],
    ["@midnight", 31, undefined, undefined],
  ] as const)("descriptor %s", (spec, domCount, dom, months) => {
    const f = fields(spec);
    expect(f.minute.values).toEqual([0]);
    expect(f.hour.values).toEqual([0]);
    expect(f.dayOfMonth.values).toHaveLength(domCount);
    if (dom) expect(f.dayOfMonth.values).toEqual(dom);
    if (months) expect(f.month.values).toEqual(months);
  });

  it("@weekly is Sunday midnight; @hourly every hour at :00", () => {
    expect(fields("@weekly").dayOfWeek).toEqual({ values: [0], star: false });
    expect(fields("@hourly").hour.values).toHaveLength(24);
    expect(fields("@hourly").minute.values).toEqual([0]);
  });

  it.each([
    ["@every 5m", 300],
    ["@every 1h30m", 5400],
    ["@every 1.5s", 1], // fractions of a second dropped
    ["@every 10ms", 1], // at least one second
    ["@every 2h45m30.9s", 9930],
  ])("%s → every %d s", (spec, delaySeconds) => {
    expect(parseStandardSpec(spec)).toEqual({ ok: true, spec: { kind: "every", delaySeconds } });
  });
});

describe("parseStandardSpec refuses, with robfig's text", () => {
  it.each([
    ["", "empty spec string"],
    ["* * * *", "expected exactly 5 fields, found 4: [* * * *]"],
    ["0 0 * * * *", "expected exactly 5 fields, found 6: [0 0 * * * *]"],
    [" @hourly", "expected exactly 5 fields, found 1: [@hourly]"],
    ["@hourly ", "unrecognized descriptor: @hourly "],
    ["@weekdays", "unrecognized descriptor: @weekdays"],
    ["@every Xm", 'failed to parse duration @every Xm: time: invalid duration "Xm"'],
    ["@every 5", 'failed to parse duration @every 5: time: missing unit in duration "5"'],
    ["@every 5d", 'failed to parse duration @every 5d: time: unknown unit "d" in duration "5d"'],
    ["60 * * * *", "end of range (60) above maximum (59): 60"],
    ["0 24 * * *", "end of range (24) above maximum (23): 24"],
    ["0 0 0 * *", "beginning of range (0) below minimum (1): 0"],
    ["0 0 * 13 *", "end of range (13) above maximum (12): 13"],
    ["0 0 * * 7", "end of range (7) above maximum (6): 7"], // robfig's week is 0-6; cron-parser would take 7
    ["0 0 * * 5-3", "beginning of range (5) beyond end of range (3): 5-3"],
    ["*/0 * * * *", "step of range should be a positive number: */0"],
    ["5--5 * * * *", "too many hyphens: 5--5"],
    ["*//2 * * * *", "too many slashes: *//2"],
    ["*/-12 * * * *", "negative number (-12) not allowed: -12"],
    ["* j * * *", 'failed to parse int from j: strconv.Atoi: parsing "j": invalid syntax'],
    ["-5 * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
    ["0 0 L * *", 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ["0 0 * * 1#2", 'failed to parse int from 1#2: strconv.Atoi: parsing "1#2": invalid syntax'],
    ["H * * * *", 'failed to parse int from H: strconv.Atoi: parsing "H": invalid syntax'],
    ["99999999999999999999 * * * *", 'failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range'],
  ])("%j", (spec, error) => {
    expect(parseStandardSpec(spec)).toEqual({ ok: false, error });
  });
});

describe("dayMatches (robfig: AND if either day field is starred, else OR)", () => {
  // 2024-01-01 is a Monday (weekday 1).
  it.each([
    ["0 0 1,15 * 1", 8, 1, true], // Monday, not the 1st/15th: OR
    ["0 0 1,15 * 1", 15, 1, true],
    ["0 0 1,15 * 1", 2, 2, false],
    ["0 0 * * 1", 2, 2, false], // dom starred: AND
    ["0 0 15 * *", 8, 1, false], // dow starred: AND
    ["0 0 */2 * 1", 8, 1, true], // */2 has no star bit: OR
    ["0 0 */1 * 1", 3, 3, false], // */1 keeps it: AND
    ["0 0 1-31 * 1", 3, 3, true], // an explicit full range is not a star: OR, so every day
  ])("%s on day %d (weekday %d) → %s", (spec, dom, dow, want) => {
    expect(dayMatches(fields(spec), dom, dow)).toBe(want);
  });
});

describe("goParseDuration", () => {
  it.each([
    ["0", 0],
    ["-1.5h", -5400e9],
    ["+300ms", 300e6],
    ["1h2m3s4ms5us6ns", 3723004005006],
    ["2\u00b5s", 2000],
    [".5s", 5e8],
  ])("%s", (s, nanos) => {
    expect(goParseDuration(s)).toEqual({ ok: true, value: nanos });
  });
  it.each(["", "-", ".s", "1.2.3s", "s"])("refuses %j", (s) => {
    expect(goParseDuration(s).ok).toBe(false);
  });
});
