/**
 * The Job control loop (`job`, as kube-controller-manager's job-controller): wakes on Job writes and on writes to
 * pods a Job controls; one sync reads the Job and its pods, runs the pure plan (./sync-plan.ts), does the pod
 * writes (./pod-control.ts), and records the status in upstream's order — finished pods into
 * uncountedTerminatedPods, then their tracking finalizers removed, then the counters and the terminal condition.
 * Time-based work (activeDeadlineSeconds, failure back-off) asks the queue to sync again.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser } from "../../internal-client";
import { ControllerApiError, type ControllerApi } from "../framework/api";
import { controllerRefOf, keyOf, splitKey, type ControllerLoop, type SyncResult, type WrittenChange } from "../framework/loop";
import { isJobFinished } from "./conditions";
import { createPods, deletePods, claimPods, releaseTrackedPods, removeFinalizers, type PodWrites } from "./pod-control";
import { hasTrackingFinalizer, type Job } from "./pod-state";
import { JOB_NAME_LABEL } from "../../../schema/batch-v1/job";
import { planJobSync, type JobAction } from "./sync-plan";
import { normalizeStatus, statusAfterActions, statusAfterFinalizers } from "./track";

export const JOB_CONTROLLER_NAME = "kubernetes.io/job-controller";

const jobPath = (ns: string, name: string) => `/apis/batch/v1/namespaces/${ns}/jobs/${name}`;

/**
 * Which Job a stored change concerns: the Job itself, the Job controlling a pod, or — for a pod that lost its
 * controller but still carries the tracking finalizer (orphaned by the garbage collector) — the Job its
 * job-name label names, whose sync releases it.
 */
export function jobWakes(change: WrittenChange): string[] {
  if (change.resource === "batch/jobs") return [keyOf(change.object)];
  if (change.resource !== "/pods") return [];
  const pod = change.object;
  const ref = controllerRefOf(pod, "Job", "batch");
  if (ref) return [`${pod.metadata?.namespace}/${ref.name}`];
  const jobName = pod.metadata?.labels?.[JOB_NAME_LABEL];
  const controlled = (pod.metadata?.ownerReferences ?? []).some((r: KubeObject) => r.controller);
  return jobName && change.type !== "DELETED" && !controlled && hasTrackingFinalizer(pod) ? [`${pod.metadata?.namespace}/${jobName}`] : [];
}

/** managedByExternalController: spec.managedBy names another controller. */
export const managedByOther = (job: Job): boolean => job.spec?.managedBy != null && job.spec.managedBy !== JOB_CONTROLLER_NAME;

async function writeStatus(api: ControllerApi, job: Job, status: KubeObject): Promise<Job> {
  const path = `${jobPath(job.metadata.namespace, job.metadata.name)}/status`;
  const res = await api.update(path, { ...job, status: normalizeStatus(status) });
  if (res.status !== 200) throw new ControllerApiError("PUT", path, res);
  return res.body;
}

async function runAction(api: ControllerApi, job: Job, action: JobAction): Promise<PodWrites> {
  if (action.kind === "deleteActive") return deletePods(api, job, action.pods, false);
  if (action.kind !== "manage") return { deleted: [], created: 0 };
  const d = action.decision;
  if (d.kind === "delete") return deletePods(api, job, d.pods, true);
  if (d.kind === "create") return createPods(api, job, d.pods);
  return { deleted: [], created: 0 };
}

export async function syncJob(api: ControllerApi, key: string): Promise<SyncResult | void> {
  const { namespace, name } = splitKey(key);
  if (!namespace) return;
  const job = await api.get<Job>(jobPath(namespace, name));
  if (!job) return releaseTrackedPods(api, namespace, name);
  if (managedByOther(job)) return;
  if (isJobFinished(job)) return releaseTrackedPods(api, namespace, name, job.metadata.uid);
  const mode = job.spec?.completionMode;
  if (mode != null && mode !== "NonIndexed" && mode !== "Indexed") {
    await api.event(job, "Warning", "UnknownCompletionMode", "Skipped Job sync because completion mode is unknown");
    return;
  }

  const now = api.now().getTime();
  const pods = await claimPods(api, job);
  const { state, action } = planJobSync(job, pods, now);
  const writes = await runAction(api, job, action);
  const tracked = statusAfterActions(state, action, writes, now);
  let current = job;
  if (tracked.needsFlush) current = await writeStatus(api, current, tracked.status);
  const removal = await removeFinalizers(api, tracked.podsToRemoveFinalizer);
  const final = statusAfterFinalizers(tracked, removal.removed, removal.error !== undefined, job.spec?.completions ?? undefined, now);
  if (final.needsFlush) current = await writeStatus(api, current, final.status);
  for (const e of [...tracked.events, ...final.events]) await api.event(current, e.type, e.reason, e.message);
  if (removal.error) throw removal.error;
  if (writes.error) throw writes.error;
  return state.requeueAfterMs === undefined ? undefined : { requeueAfterMs: state.requeueAfterMs };
}

export const jobLoop: ControllerLoop = {
  name: "job",
  user: controllerUser("job-controller"),
  component: "job-controller",
  wakes: jobWakes,
  sync: syncJob,
  async resyncKeys(api) {
    const jobs = await api.list<Job>("/apis/batch/v1/jobs");
    return jobs.filter((j) => !isJobFinished(j) && !managedByOther(j)).map(keyOf);
  },
};
