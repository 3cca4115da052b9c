/**
 * The CronJob controller: schedule arithmetic (robfig/cron's grammar and `Next` over cron-parser, time zones,
 * the controller's time decisions; pure, `now` always passed in), its reconcile decisions, and the loop.
 */
export { parseStandardSpec, dayMatches, type StandardSpec, type SpecFields, type SpecField } from "./robfig-spec";
export { parseSchedule, type CronSchedule, type ScheduleResult } from "./schedule";
export { loadLocation, wallClock, offsetMinutes, formatRFC3339In } from "./time-zone";
export * from "./schedule-times";
export { validateScheduleFormat, validateTimeZone } from "./validation";
export * from "./reconcile";
export { cronJobLoop, cronJobWakes, syncCronJob } from "./loop";
