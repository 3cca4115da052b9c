/** The CronJob controller's decisions (cronjob_controllerv2.go syncCronJob / cleanupFinishedJobs), `now` injected. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  compareByStartTime,
  decideSchedule,
  jobFromTemplate,
  jobsBeyondHistoryLimits,
  reconcileActive,
  requeueAfterStart,
  withStarted,
} from "../../../../worker/controllers/cronjob/reconcile";

const ms = (iso: string) => Date.parse(iso);
const CREATED = "2025-03-01T10:00:30Z";

function cronJob(spec: KubeObject = {}, status: KubeObject = {}, meta: KubeObject = {}): KubeObject {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "tick", namespace: "ops", uid: "cj-uid", creationTimestamp: CREATED, ...meta },
    spec: {
      schedule: "*/5 * * * *",
      concurrencyPolicy: "Allow",
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: { app: "tick" } }, spec: { template: { spec: { containers: [{ name: "c", image: "busybox" }], restartPolicy: "OnFailure" } } } },
      ...spec,
    },
    status,
  };
}

function job(name: string, finished?: "Complete" | "Failed", startTime?: string, completionTime?: string, uid = `${name}-uid`): KubeObject {
  const status: KubeObject = {};
  if (startTime) status.startTime = startTime;
  if (finished) status.conditions = [{ type: finished, status: "True" }];
  if (completionTime) status.completionTime = completionTime;
  return { metadata: { name, namespace: "ops", uid, ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "tick", uid: "cj-uid", controller: true }] }, status };
}

const ref = (j: KubeObject) => ({ kind: "Job", namespace: "ops", name: j.metadata.name, uid: j.metadata.uid, apiVersion: "batch/v1" });

describe("jobsBeyondHistoryLimits", () => {
  const ok = (n: number) => job(`ok-${n}`, "Complete", `2025-03-01T1${n}:00:00Z`);
  const bad = (n: number) => job(`bad-${n}`, "Failed", `2025-03-01T1${n}:00:00Z`);
  it.each([
    ["converged: within the limits → nothing", { successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 }, [ok(1), ok(2), ok(3), bad(1), job("running")], []],
    ["the oldest successful beyond the limit", { successfulJobsHistoryLimit: 1 }, [ok(3), ok(1), ok(2)], ["ok-1", "ok-2"]],
    ["failed Jobs have their own limit", { successfulJobsHistoryLimit: 5, failedJobsHistoryLimit: 1 }, [bad(2), bad(1), ok(1)], ["bad-1"]],
    ["a limit of 0 keeps none", { successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 }, [ok(1), bad(1), job("running")], ["ok-1", "bad-1"]],
    ["no limits, no cleanup", { successfulJobsHistoryLimit: null, failedJobsHistoryLimit: null }, [ok(1), ok(2), bad(1), bad(2)], []],
    ["Jobs without startTime go last", { successfulJobsHistoryLimit: 1 }, [job("nostart", "Complete"), ok(1)], ["ok-1"]],
  ])("%s", (_n, spec, jobs, want) => expect(jobsBeyondHistoryLimits(cronJob(spec), jobs).map((j) => j.metadata.name)).toEqual(want));

  it("byJobStartTime breaks ties by name", () => {
    const a = job("a", "Complete", "2025-03-01T10:00:00Z");
    const b = job("b", "Complete", "2025-03-01T10:00:00Z");
    expect([b, a].sort(compareByStartTime).map((j) => j.metadata.name)).toEqual(["a", "b"]);
  });
});

describe("reconcileActive", () => {
  const running = job("run");
  const done = job("done", "Complete", "2025-03-01T10:00:00Z", "2025-03-01T10:01:00Z");
  const failed = job("failed", "Failed", "2025-03-01T10:00:00Z");
  it("converged: the active Job runs and is listed → no change, no events", () => {
    expect(reconcileActive(cronJob({}, { active: [ref(running)] }), [running])).toEqual({ status: { active: [ref(running)] }, changed: false, events: [], unaccounted: [] });
  });
  it("a finished active Job leaves the list with SawCompletedJob", () => {
    const r = reconcileActive(cronJob({}, { active: [ref(running), ref(failed)] }), [running, failed]);
    expect(r.status.active).toEqual([ref(running)]);
    expect(r.changed).toBe(true);
    expect(r.events).toEqual([{ type: "Normal", reason: "SawCompletedJob", message: "Saw completed job: failed, status: Failed" }]);
  });
  it("a finished Job no longer active sets lastSuccessfulTime (the latest completion)", () => {
    const older = job("older", "Complete", "2025-03-01T09:00:00Z", "2025-03-01T09:01:00Z");
    const r = reconcileActive(cronJob({}, { lastSuccessfulTime: "2025-03-01T09:01:00Z" }), [older, done]);
    expect(r).toMatchObject({ status: { lastSuccessfulTime: "2025-03-01T10:01:00Z" }, changed: true, events: [] });
    expect(reconcileActive(cronJob({}, { lastSuccessfulTime: "2025-03-01T10:01:00Z" }), [older, done]).changed).toBe(false);
  });
  it("an unfinished Job that is not active is unexpected", () => {
    expect(reconcileActive(cronJob(), [running]).events).toEqual([
      { type: "Warning", reason: "UnexpectedJob", message: "Saw a job that the controller did not create or forgot: run" },
    ]);
  });
  it("active entries without a Job are reported for a MissingJob check", () => {
    const gone = ref(job("gone"));
    expect(reconcileActive(cronJob({}, { active: [gone, ref(running)] }), [running]).unaccounted).toEqual([gone]);
  });
});

describe("decideSchedule", () => {
  const brief = (d: ReturnType<typeof decideSchedule>) => ({
    kind: d.kind,
    scheduledTime: d.kind === "start" ? new Date(d.scheduledTime).toISOString() : undefined,
    replace: d.kind === "start" ? d.replace.map((r) => r.name) : undefined,
    requeueAfterMs: d.kind === "wait" ? d.requeueAfterMs : undefined,
    events: d.events.map((e) => `${e.reason}: ${e.message}`),
  });
  const due = "2025-03-01T10:05:10Z";
  const active = { active: [{ kind: "Job", namespace: "ops", name: "tick-29013900", uid: "u1" }], lastScheduleTime: "2025-03-01T10:00:00Z" };
  it.each([
    ["not due yet: wait for the next time", cronJob(), "2025-03-01T10:03:00Z", { kind: "wait", requeueAfterMs: 120_100, events: [] }],
    ["due: start it", cronJob(), due, { kind: "start", scheduledTime: "2025-03-01T10:05:00.000Z", replace: [], events: [] }],
    [
      "converged: already started (lastScheduleTime) → wait",
      cronJob({}, { lastScheduleTime: "2025-03-01T10:05:00Z" }),
      due,
      { kind: "wait", requeueAfterMs: 290_100, events: [] },
    ],
    ["suspended: nothing, no requeue", cronJob({ suspend: true }), due, { kind: "wait", events: [] }],
    ["being deleted: nothing", cronJob({}, {}, { deletionTimestamp: "2025-03-01T10:05:05Z" }), due, { kind: "wait", events: [] }],
    [
      "Forbid with an active Job: JobAlreadyActive",
      cronJob({ concurrencyPolicy: "Forbid" }, active),
      due,
      { kind: "wait", requeueAfterMs: 290_100, events: ["JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid"] },
    ],
    ["Allow with an active Job: start another", cronJob({}, active), due, { kind: "start", scheduledTime: "2025-03-01T10:05:00.000Z", replace: [], events: [] }],
    ["Replace with an active Job: replace it", cronJob({ concurrencyPolicy: "Replace" }, active), due, { kind: "start", scheduledTime: "2025-03-01T10:05:00.000Z", replace: ["tick-29013900"], events: [] }],
    [
      "startingDeadlineSeconds: a start older than the deadline is not started at all",
      cronJob({ startingDeadlineSeconds: 5 }, { lastScheduleTime: "2025-03-01T10:00:00Z" }),
      "2025-03-01T10:05:07Z",
      { kind: "wait", requeueAfterMs: 293_000 + 100, events: [] },
    ],
    [
      "too many missed start times: warn, still start the latest",
      cronJob({ schedule: "* * * * *" }, {}, { creationTimestamp: "2025-03-01T00:00:00Z" }),
      "2025-03-01T10:00:30Z",
      {
        kind: "start",
        scheduledTime: "2025-03-01T10:00:00.000Z",
        replace: [],
        events: ["TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew"],
      },
    ],
    [
      "an unknown time zone refuses",
      cronJob({ timeZone: "Mars/Olympus" }),
      due,
      { kind: "wait", events: ['UnknownTimeZone: invalid timeZone: "Mars/Olympus": unknown time zone Mars/Olympus'] },
    ],
    [
      "time zones shift the schedule (11:00 in Paris is 10:00 UTC)",
      cronJob({ schedule: "0 11 * * *", timeZone: "Europe/Paris" }, {}, { creationTimestamp: "2025-03-01T09:00:00Z" }),
      "2025-03-01T10:00:10Z", { kind: "start", scheduledTime: "2025-03-01T10:00:00.000Z", replace: [], events: [] },
    ],
  ])("%s", (_n, cj, now, want) => expect(brief(decideSchedule(cj, ms(now)))).toEqual({ scheduledTime: undefined, replace: undefined, requeueAfterMs: undefined, ...want }));

  it("a start within startingDeadlineSeconds still runs, one second later it does not", () => {
    const cj = cronJob({ startingDeadlineSeconds: 60 }, { lastScheduleTime: "2025-03-01T10:00:00Z" });
    expect(decideSchedule(cj, ms("2025-03-01T10:05:59Z")).kind).toBe("start");
    expect(decideSchedule(cj, ms("2025-03-01T10:06:01Z")).kind).toBe("wait");
  });
});

describe("jobFromTemplate and withStarted", () => {
  it("names the Job by the scheduled minute, owns it, and annotates the scheduled time in the CronJob's zone", () => {
    const t = ms("2025-03-01T10:05:00Z");
    const j = jobFromTemplate(cronJob({ timeZone: "Asia/Tokyo", jobTemplate: { metadata: { labels: { app: "tick" }, annotations: { a: "b" } }, spec: { parallelism: 2 } } }), t);
    expect(j).toEqual({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name: `tick-${t / 60_000}`,
        namespace: "ops",
        labels: { app: "tick" },
        annotations: { a: "b", "batch.kubernetes.io/cronjob-scheduled-timestamp": "2025-03-01T19:05:00+09:00" },
        ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "tick", uid: "cj-uid", controller: true, blockOwnerDeletion: true }],
      },
      spec: { parallelism: 2 },
    });
  });
  it("records the started Job and lastScheduleTime, and requeues at the next time", () => {
    const t = ms("2025-03-01T10:05:00Z");
    const started = { metadata: { name: "tick-1", namespace: "ops", uid: "u", resourceVersion: "7" } };
    const status = withStarted({ active: [] }, started, t);
    expect(status).toEqual({
      active: [{ kind: "Job", namespace: "ops", name: "tick-1", uid: "u", apiVersion: "batch/v1", resourceVersion: "7" }],
      lastScheduleTime: "2025-03-01T10:05:00Z",
    });
    expect(requeueAfterStart(cronJob({}, status), ms("2025-03-01T10:05:10Z"))).toBe(290_100);
  });
});
