/**
 * CronJob schedule arithmetic: robfig/cron's grammar and `Next` (over cron-parser), time zones, and the
 * controller's time decisions. Pure: `now` is always passed in.
 */
export { parseStandardSpec, dayMatches, type StandardSpec, type SpecFields, type SpecField } from "./robfig-spec";
export { parseSchedule, type CronSchedule, type ScheduleResult } from "./schedule";
export { loadLocation, wallClock, offsetMinutes, formatRFC3339In } from "./time-zone";
export * from "./schedule-times";
export { validateScheduleFormat, validateTimeZone } from "./validation";
