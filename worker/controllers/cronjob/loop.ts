/**
 * The CronJob control loop (`cronjob`, as kube-controller-manager's cronjob-controller v2): wakes on CronJob
 * writes and on writes to Jobs a CronJob controls; the cron trigger's resync visits every CronJob. One sync
 * deletes finished Jobs beyond the history limits, follows the active Jobs, and starts the Job the schedule asks
 * for (./reconcile.ts decides), records status once, and asks to run again at the next schedule time.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser } from "../../internal-client";
import { ControllerApiError, type ControllerApi } from "../framework/api";
import { controllerRefOf, keyOf, splitKey, type ControllerLoop, type SyncResult, type WrittenChange } from "../framework/loop";
import {
  decideSchedule,
  jobFromTemplate,
  jobsBeyondHistoryLimits,
  missingJobEvent,
  reconcileActive,
  requeueAfterStart,
  withoutActive,
  withStarted,
  type CronJobEvent,
} from "./reconcile";
import { inActiveList } from "./schedule-times";

const cronJobPath = (ns: string, name: string) => `/apis/batch/v1/namespaces/${ns}/cronjobs/${name}`;
const jobsPath = (ns: string) => `/apis/batch/v1/namespaces/${ns}/jobs`;

/** The CronJob itself, or the CronJob controlling a Job. */
export function cronJobWakes(change: WrittenChange): string[] {
  if (change.resource === "batch/cronjobs") return [keyOf(change.object)];
  if (change.resource !== "batch/jobs") return [];
  const ref = controllerRefOf(change.object, "CronJob", "batch");
  return ref ? [`${change.object.metadata?.namespace}/${ref.name}`] : [];
}

/** deleteJob: background deletion, SuccessfulDelete or FailedDelete (upstream's text) on the CronJob. */
async function deleteJob(api: ControllerApi, cj: KubeObject, job: KubeObject): Promise<boolean> {
  const res = await api.delete(`${jobsPath(job.metadata.namespace)}/${job.metadata.name}`, { propagationPolicy: "Background" });
  if (res.status === 200 || res.status === 202) {
    await api.event(cj, "Normal", "SuccessfulDelete", `Deleted job ${job.metadata.name}`);
    return true;
  }
  await api.event(cj, "Warning", "FailedDelete", `Deleted job: ${res.body?.message ?? res.status}`);
  return false;
}

const terminating = (res: { body?: KubeObject }) => res.body?.details?.causes?.some((c: KubeObject) => c.reason === "NamespaceTerminating") === true;

export async function syncCronJob(api: ControllerApi, key: string): Promise<SyncResult | void> {
  const { namespace, name } = splitKey(key);
  if (!namespace) return;
  const cj = await api.get(cronJobPath(namespace, name));
  if (!cj) return;
  const now = api.now().getTime();
  const jobs = (await api.list(jobsPath(namespace))).filter((j) => controllerRefOf(j, "CronJob", "batch")?.name === name);
  const events: CronJobEvent[] = [];
  let status: KubeObject = structuredClone(cj.status ?? {});
  let update = false;

  for (const job of jobsBeyondHistoryLimits(cj, jobs)) {
    if (await deleteJob(api, cj, job)) {
      status = withoutActive(status, job.metadata.uid);
      update = true;
    }
  }
  const active = reconcileActive({ ...cj, status }, jobs);
  ({ status } = active);
  update ||= active.changed;
  events.push(...active.events);
  for (const ref of active.unaccounted) {
    if (await api.get(`${jobsPath(ref.namespace ?? namespace)}/${ref.name}`)) continue;
    events.push(missingJobEvent(ref.name));
    status = withoutActive(status, ref.uid);
    update = true;
  }

  let requeueAfterMs: number | undefined;
  let syncError: unknown;
  const decision = decideSchedule({ ...cj, status }, now);
  events.push(...decision.events);
  if (decision.kind === "wait") requeueAfterMs = decision.requeueAfterMs;
  else {
    try {
      const started = await startJob(api, { ...cj, status }, decision.replace, decision.scheduledTime);
      status = started.status;
      update ||= started.update;
      if (started.job) requeueAfterMs = requeueAfterStart({ ...cj, status }, now);
    } catch (e) {
      syncError = e;
      status = (e as StartError).status ?? status;
      update ||= (e as StartError).update ?? false;
    }
  }
  for (const e of events) await api.event(cj, e.type, e.reason, e.message);
  if (update) {
    const path = `${cronJobPath(namespace, name)}/status`;
    const res = await api.update(path, { ...cj, status });
    if (res.status !== 200) throw new ControllerApiError("PUT", path, res);
  }
  if (requeueAfterMs !== undefined) return { requeueAfterMs };
  if (syncError) throw syncError;
}

/** A failed start still carries the status changes made before it failed (Replace's deletions). */
class StartError extends Error {
  constructor(
    cause: unknown,
    readonly status: KubeObject,
    readonly update: boolean,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** Replace's deletions, then the Job for `scheduledTime`; `job` is undefined when another actor's Job has the name. */
async function startJob(
  api: ControllerApi,
  cj: KubeObject,
  replace: KubeObject[],
  scheduledTime: number,
): Promise<{ status: KubeObject; update: boolean; job?: KubeObject }> {
  let status: KubeObject = cj.status ?? {};
  let update = false;
  const fail = (e: unknown) => new StartError(e, status, update);
  for (const ref of replace) {
    const path = `${jobsPath(ref.namespace ?? cj.metadata.namespace)}/${ref.name}`;
    const res = await api.request("GET", path);
    if (res.status !== 200) {
      await api.event(cj, "Warning", "FailedGet", `Get job: ${res.body?.message ?? res.status}`);
      throw fail(new ControllerApiError("GET", path, res));
    }
    if (!(await deleteJob(api, cj, res.body))) throw fail(new Error(`could not replace job ${ref.namespace}/${ref.name}`));
    status = withoutActive(status, res.body.metadata.uid);
    update = true;
  }
  const request = jobFromTemplate(cj, scheduledTime);
  const ns: string = cj.metadata.namespace;
  const res = await api.create(jobsPath(ns), request);
  let job: KubeObject;
  if (res.status === 201) {
    job = res.body;
    await api.event(cj, "Normal", "SuccessfulCreate", `Created job ${job.metadata.name}`);
  } else if (res.status === 409 && res.body?.reason === "AlreadyExists") {
    const existing = await api.get(`${jobsPath(ns)}/${request.metadata.name}`);
    if (!existing) throw fail(new ControllerApiError("GET", `${jobsPath(ns)}/${request.metadata.name}`, { status: 404, body: {} }));
    // Another actor's Job, or one already recorded: nothing more to do.
    if (controllerRefOf(existing, "CronJob", "batch")?.uid !== cj.metadata.uid || inActiveList({ status }, existing.metadata.uid)) return { status, update };
    job = existing;
  } else {
    if (!terminating(res)) await api.event(cj, "Warning", "FailedCreate", `Error creating job: ${res.body?.message ?? res.status}`);
    throw fail(new ControllerApiError("POST", jobsPath(ns), res));
  }
  return { status: withStarted(status, job, scheduledTime), update: true, job };
}

export const cronJobLoop: ControllerLoop = {
  name: "cronjob",
  user: controllerUser("cronjob-controller"),
  component: "cronjob-controller",
  wakes: cronJobWakes,
  sync: syncCronJob,
  async resyncKeys(api) {
    return (await api.list("/apis/batch/v1/cronjobs")).map(keyOf);
  },
};
