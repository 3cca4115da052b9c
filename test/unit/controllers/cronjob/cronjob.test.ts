/**
 * The CronJob controller through the real Worker. Time is injected where the schedule matters: a pass with a
 * clock of our choosing is `cronJobLoop.sync` on a ControllerApi whose `now` we give; the cron trigger's pass is
 * `runCron`. Job templates keep pods off every node, so nothing depends on the scheduler.
 */
import { env } from "cloudflare:test";
import { afterAll, describe, expect, it } from "vitest";
import { registry } from "../../../../schema/registry";
import type { Env } from "../../../../worker/env";
import { runCron } from "../../../../worker/cron";
import { ControllerApi } from "../../../../worker/controllers/framework/api";
import { cronJobLoop, cronJobWakes } from "../../../../worker/controllers/cronjob";
import { freshNamespace, get, post, put } from "../../api/client";
import { eventsFor, eventually, listPods, reportPod, type Obj } from "../kwok";
import { settleControllers } from "../../scheduler/settle";

const ENV = env as unknown as Env;
const MINUTE = 60_000;
const cjPath = (ns: string, name = "") => `/apis/batch/v1/namespaces/${ns}/cronjobs${name ? `/${name}` : ""}`;
const jobsPath = (ns: string, name = "") => `/apis/batch/v1/namespaces/${ns}/jobs${name ? `/${name}` : ""}`;
const rfc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

async function createCronJob(ns: string, name: string, spec: Obj = {}): Promise<Obj> {
  const res = await post(cjPath(ns), {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name },
    spec: {
      schedule: "* * * * *",
      ...spec,
      jobTemplate: {
        metadata: { labels: { app: name } },
        spec: {
          template: {
            spec: { restartPolicy: "Never", nodeSelector: { "test.kube-edge/nowhere": "true" }, containers: [{ name: "c", image: "busybox" }] },
          },
        },
      },
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function read(path: string): Promise<Obj> {
  const res = await get(path);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** Merges `status` into the object's status as the admin would (retrying conflicts with the controllers). */
async function putStatus(path: string, status: Obj): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const cur = await read(path);
    const res = await put(`${path}/status`, { ...cur, status: { ...(cur.status ?? {}), ...status } });
    if (res.status === 409) continue;
    expect(res.status, res.text).toBe(200);
    return;
  }
  throw new Error(`status of ${path} kept conflicting`);
}

/** One CronJob sync at `now` (retried: the loop may be syncing the same CronJob for real). */
async function syncAt(ns: string, name: string, now: number): Promise<number | undefined> {
  const api = new ControllerApi(ENV, registry, cronJobLoop.user, cronJobLoop.component, () => new Date(now));
  for (let i = 0; ; i++) {
    try {
      return (await cronJobLoop.sync!(api, `${ns}/${name}`))?.requeueAfterMs;
    } catch (e) {
      if (i >= 5) throw e;
    }
  }
}

const ownedJobs = async (ns: string, cj: string) =>
  ((await get(jobsPath(ns))).body.items as Obj[]).filter((j) => j.metadata.ownerReferences?.some((r: Obj) => r.kind === "CronJob" && r.name === cj));
const minuteAfter = (iso: string) => Math.ceil((Date.parse(iso) + 1) / MINUTE) * MINUTE;

// The loops these tests wake must not be mid-reconcile when the file ends (the pool tears their objects down).
afterAll(() => settleControllers(), 30_000);

describe("the cron trigger's pass", () => {
  it("starts a CronJob's due Job, which the CronJob then follows to completion", async () => {
    const ns = await freshNamespace("cj");
    const cj = await createCronJob(ns, "tick");
    expect(await cronJobLoop.resyncKeys(new ControllerApi(ENV, registry, cronJobLoop.user, cronJobLoop.component))).toContain(`${ns}/tick`);
    // Three minutes behind: the latest missed minute is due now.
    const now = Date.now();
    await putStatus(cjPath(ns, "tick"), { lastScheduleTime: rfc(Math.floor(now / MINUTE) * MINUTE - 3 * MINUTE) });
    await runCron(ENV, registry);
    const scheduled = await eventually(async () => {
      const c = await read(cjPath(ns, "tick"));
      expect(c.status.active).toHaveLength(1);
      return Date.parse(c.status.lastScheduleTime);
    });
    expect(scheduled).toBeGreaterThanOrEqual(Math.floor(now / MINUTE) * MINUTE);
    const jobName = `tick-${scheduled / MINUTE}`;
    const job = await read(jobsPath(ns, jobName));
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: "batch/v1", kind: "CronJob", name: "tick", uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(job.metadata.annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"]).toBe(rfc(scheduled));
    expect(job.metadata.labels.app).toBe("tick");
    expect((await read(cjPath(ns, "tick"))).status.active[0]).toMatchObject({ kind: "Job", name: jobName, namespace: ns, uid: job.metadata.uid, apiVersion: "batch/v1" });
    await eventually(async () => expect((await eventsFor(ns, "tick")).find((e) => e.reason === "SuccessfulCreate")?.message).toBe(`Created job ${jobName}`));

    // The Job's pod succeeds; the CronJob sees the completed Job and records lastSuccessfulTime.
    const [pod] = await eventually(async () => {
      const pods = await listPods(ns, `batch.kubernetes.io/job-name=${jobName}`);
      expect(pods).toHaveLength(1);
      return pods;
    });
    await reportPod(ns, pod.metadata.name, "Succeeded");
    await eventually(async () => {
      const c = await read(cjPath(ns, "tick"));
      expect(c.status.active ?? []).toHaveLength(0);
      expect(c.status.lastSuccessfulTime).toBe((await read(jobsPath(ns, jobName))).status.completionTime);
    });
    await eventually(async () =>
      expect((await eventsFor(ns, "tick")).find((e) => e.reason === "SawCompletedJob")?.message).toBe(`Saw completed job: ${jobName}, status: Complete`),
    );
  });
});

describe("concurrencyPolicy", () => {
  async function firstRun(policy: string): Promise<{ ns: string; first: number; job1: string }> {
    const ns = await freshNamespace("cj");
    const cj = await createCronJob(ns, "tick", { concurrencyPolicy: policy });
    const first = minuteAfter(cj.metadata.creationTimestamp) + 2 * MINUTE;
    const requeue = await syncAt(ns, "tick", first + 5_000);
    expect(requeue).toBe(MINUTE - 5_000 + 100);
    const job1 = `tick-${first / MINUTE}`;
    expect((await ownedJobs(ns, "tick")).map((j) => j.metadata.name)).toEqual([job1]);
    return { ns, first, job1 };
  }

  it("Forbid: no new Job while one is active (JobAlreadyActive)", async () => {
    const { ns, first, job1 } = await firstRun("Forbid");
    await syncAt(ns, "tick", first + MINUTE + 5_000);
    expect((await ownedJobs(ns, "tick")).map((j) => j.metadata.name)).toEqual([job1]);
    const events = await eventsFor(ns, "tick");
    expect(events.find((e) => e.reason === "JobAlreadyActive")).toMatchObject({
      type: "Normal",
      message: "Not starting job because prior execution is running and concurrency policy is Forbid",
    });
  });

  it("Replace: the active Job is deleted and the next one started", async () => {
    const { ns, first, job1 } = await firstRun("Replace");
    await syncAt(ns, "tick", first + MINUTE + 5_000);
    const job2 = `tick-${first / MINUTE + 1}`;
    await eventually(async () => expect((await ownedJobs(ns, "tick")).filter((j) => !j.metadata.deletionTimestamp).map((j) => j.metadata.name)).toEqual([job2]));
    const status = (await read(cjPath(ns, "tick"))).status;
    expect(status.active.map((r: Obj) => r.name)).toEqual([job2]);
    expect(status.lastScheduleTime).toBe(rfc(first + MINUTE));
    const reasons = (await eventsFor(ns, "tick")).map((e) => `${e.reason}: ${e.message}`);
    expect(reasons).toEqual(expect.arrayContaining([`SuccessfulDelete: Deleted job ${job1}`, `SuccessfulCreate: Created job ${job2}`]));
  });

  it("Allow: a second Job runs beside the first, and a repeated pass starts nothing twice", async () => {
    const { ns, first, job1 } = await firstRun("Allow");
    await syncAt(ns, "tick", first + MINUTE + 5_000);
    await syncAt(ns, "tick", first + MINUTE + 6_000);
    expect((await ownedJobs(ns, "tick")).map((j) => j.metadata.name).sort()).toEqual([job1, `tick-${first / MINUTE + 1}`].sort());
  });
});

describe("history limits", () => {
  it("deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit", async () => {
    const ns = await freshNamespace("cj");
    const cj = await createCronJob(ns, "hist", { suspend: true, successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1 });
    const owner = { apiVersion: "batch/v1", kind: "CronJob", name: "hist", uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true };
    const base = Date.now() - 10 * MINUTE;
    const finished = [
      ["ok-1", "Complete", 1],
      ["ok-2", "Complete", 2],
      ["ok-3", "Complete", 3],
      ["bad-1", "Failed", 1],
      ["bad-2", "Failed", 2],
    ] as const;
    for (const [name] of finished) {
      const res = await post(jobsPath(ns), {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name, ownerReferences: [owner] },
        spec: { suspend: true, template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox" }] } } },
      });
      expect(res.status, res.text).toBe(201);
    }
    for (const [name, type, n] of finished) {
      const t = rfc(base + n * MINUTE);
      await putStatus(jobsPath(ns, name), {
        startTime: t,
        ...(type === "Complete" ? { completionTime: t, succeeded: 1 } : { failed: 1 }),
        conditions: [{ type, status: "True", lastProbeTime: t, lastTransitionTime: t }],
      });
    }
    await eventually(async () => expect((await ownedJobs(ns, "hist")).map((j) => j.metadata.name).sort()).toEqual(["bad-2", "ok-3"]));
    await eventually(async () => {
      const deleted = (await eventsFor(ns, "hist")).filter((e) => e.reason === "SuccessfulDelete").map((e) => e.message);
      expect(deleted.sort()).toEqual(["Deleted job bad-1", "Deleted job ok-1", "Deleted job ok-2"]);
    });
    await eventually(async () => expect((await read(cjPath(ns, "hist"))).status.lastSuccessfulTime).toBe(rfc(base + 3 * MINUTE)));
  });
});

describe("cronJobWakes", () => {
  it.each([
    ["a CronJob", { type: "MODIFIED", resource: "batch/cronjobs", object: { metadata: { namespace: "ns", name: "c" } } }, ["ns/c"]],
    [
      "a Job a CronJob controls",
      { type: "DELETED", resource: "batch/jobs", object: { metadata: { namespace: "ns", name: "c-1", ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "c", uid: "u", controller: true }] } } },
      ["ns/c"],
    ],
    ["a Job of its own", { type: "ADDED", resource: "batch/jobs", object: { metadata: { namespace: "ns", name: "j" } } }, []],
    ["a pod", { type: "ADDED", resource: "/pods", object: { metadata: { namespace: "ns", name: "p" } } }, []],
  ] as const)("%s", (_n, change, want) => expect(cronJobWakes(change as never)).toEqual(want));
});
