/** validateScheduleFormat and validateTimeZone (pkg/apis/batch/validation), messages as upstream. */
import { describe, expect, it } from "vitest";
import { validateScheduleFormat, validateTimeZone } from "../../../../worker/controllers/cronjob/validation";

const messages = (errs: { field: string; message: string }[]) => errs.map((e) => `${e.field}: ${e.message}`);

describe("validateScheduleFormat", () => {
  it.each([
    ["*/5 * * * *", false, undefined, []],
    ["@every 5m", false, undefined, []], // ParseStandard takes descriptors, @every included
    ["0 0 * * ?", false, undefined, []],
    ["0 0 * * 7", false, undefined, ['spec.schedule: Invalid value: "0 0 * * 7": end of range (7) above maximum (6): 7']],
    ["TZ=UTC 0 * * * *", false, undefined, ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']],
    ["CRON_TZ=UTC 0 * * * *", false, undefined, ['spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']],
    ["TZ=UTC 0 * * * *", true, undefined, []], // the old object had it already
    ["TZ=UTC 0 * * * *", true, "UTC", ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule']],
    [
      "TZ=Nowhere 0 * * * *",
      false,
      undefined,
      [
        'spec.schedule: Invalid value: "TZ=Nowhere 0 * * * *": provided bad location Nowhere: unknown time zone Nowhere',
        'spec.schedule: Invalid value: "TZ=Nowhere 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      ],
    ],
  ])("%j (allowTZ %s, timeZone %s)", (schedule, allowTZ, timeZone, want) => {
    expect(messages(validateScheduleFormat(schedule, allowTZ, timeZone, "spec.schedule"))).toEqual(want);
  });
});

describe("validateTimeZone", () => {
  it.each([
    [undefined, []],
    ["America/New_York", []],
    ["Etc/GMT+5", []],
    ["", ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']],
    ["Local", ['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']],
    [
      "local",
      [
        'spec.timeZone: Invalid value: "local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
        'spec.timeZone: Invalid value: "local": unknown time zone local',
      ],
    ],
    ["Mars/Olympus", ['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']],
    ["America/../Etc", ['spec.timeZone: Invalid value: "America/../Etc": unknown time zone America/../Etc']],
    ["America/-York", ['spec.timeZone: Invalid value: "America/-York": unknown time zone America/-York']],
    ["America/New York", ['spec.timeZone: Invalid value: "America/New York": unknown time zone America/New York']],
    ["America/Argentina_Buenos", ['spec.timeZone: Invalid value: "America/Argentina_Buenos": unknown time zone America/Argentina_Buenos']], // > 14 chars
  ])("%j", (tz, want) => {
    expect(messages(validateTimeZone(tz, "spec.timeZone"))).toEqual(want);
  });
});
