/**
 * The Job controller's pod writes through the API (controller.RealPodControl and the Job's claim of its pods):
 * creations in slow-start batches with SuccessfulCreate / FailedCreate Events, deletions with SuccessfulDelete /
 * FailedDelete, tracking-finalizer removal (a strategic-merge `$deleteFromPrimitiveList`), and the adoption of
 * orphans that match the Job's selector. Thin: every decision is made by the pure modules.
 */
import type { KubeObject } from "../../../schema/types";
import { formatLabelRequirements, labelSelectorFromObject } from "../../selectors";
import { ControllerApiError, STRATEGIC_PATCH, type ControllerApi } from "../framework/api";
import { controllerRefOf } from "../framework/loop";
import { JOB_TRACKING_FINALIZER, SLOW_START_INITIAL_BATCH_SIZE } from "./constants";
import { hasTrackingFinalizer, type Job, type Pod } from "./pod-state";
import { jobControllerRef, podForJob } from "./pod-template";
import type { PodToCreate } from "./manage";

const podsPath = (ns: string) => `/api/v1/namespaces/${ns}/pods`;
const podPath = (ns: string, name: string) => `${podsPath(ns)}/${name}`;

/** Slow start: batches of 1, 2, 4, ... covering `n`. */
export function slowStartBatches(n: number, initial = SLOW_START_INITIAL_BATCH_SIZE): number[] {
  const out: number[] = [];
  let left = n;
  for (let size = Math.min(n, initial); left > 0; size = Math.min(2 * size, left)) {
    out.push(size);
    left -= size;
  }
  return out;
}

/** The label selector string of the Job's spec.selector (undefined: selects nothing). */
export function selectorString(job: Job): string | undefined {
  const r = labelSelectorFromObject(job.spec?.selector);
  if (!r.ok) throw new Error(`couldn't convert Job selector: ${r.message}`);
  return r.requirements === null ? undefined : formatLabelRequirements(r.requirements);
}

/**
 * getPodsForJob: pods matching the selector that the Job controls, plus orphans it adopts (ownerReference and
 * tracking finalizer added) unless the Job is being deleted.
 */
export async function claimPods(api: ControllerApi, job: Job): Promise<Pod[]> {
  const selector = selectorString(job);
  if (selector === undefined) return [];
  const ns = job.metadata.namespace;
  const pods = await api.list<Pod>(podsPath(ns), { labelSelector: selector });
  const out: Pod[] = [];
  for (const pod of pods) {
    const ref = controllerRefOf(pod, "Job", "batch");
    if (ref) {
      if (ref.uid === job.metadata.uid) out.push(pod);
      continue;
    }
    if (job.metadata.deletionTimestamp || pod.metadata?.deletionTimestamp) continue;
    const patch = { metadata: { ownerReferences: [jobControllerRef(job)], uid: pod.metadata.uid, finalizers: [JOB_TRACKING_FINALIZER] } };
    const res = await api.patch(podPath(ns, pod.metadata.name), patch, STRATEGIC_PATCH);
    if (res.status === 200) out.push(res.body);
    else if (res.status !== 404 && res.status !== 409) throw new ControllerApiError("PATCH", podPath(ns, pod.metadata.name), res);
  }
  return out;
}

export interface PodWrites {
  deleted: Pod[];
  created: number;
  error?: unknown;
}

/** deleteActivePods (finalizers kept) or deleteJobPods (finalizer removed first). */
export async function deletePods(api: ControllerApi, job: Job, pods: Pod[], removeFinalizerFirst: boolean): Promise<PodWrites> {
  const out: PodWrites = { deleted: [], created: 0 };
  await Promise.all(
    pods.map(async (pod) => {
      const path = podPath(pod.metadata.namespace, pod.metadata.name);
      if (removeFinalizerFirst && hasTrackingFinalizer(pod)) {
        const res = await removeFinalizer(api, pod);
        if (res !== "ok") {
          if (res === "gone") out.deleted.push(pod);
          else out.error ??= res;
          return;
        }
      }
      const res = await api.delete(path);
      if (res.status === 200 || res.status === 202) {
        out.deleted.push(pod);
        await api.event(job, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`);
      } else if (res.status === 404) {
        out.deleted.push(pod);
      } else {
        await api.event(job, "Warning", "FailedDelete", `Error deleting: ${res.body?.message ?? res.status}`);
        out.error ??= new ControllerApiError("DELETE", path, res);
      }
    }),
  );
  return out;
}

/** Creates `pods` in slow-start batches; a batch with a failure stops the rest (retried on a later sync). */
export async function createPods(api: ControllerApi, job: Job, pods: PodToCreate[]): Promise<PodWrites> {
  const out: PodWrites = { deleted: [], created: 0 };
  const ns = job.metadata.namespace;
  let next = 0;
  for (const size of slowStartBatches(pods.length)) {
    const batch = pods.slice(next, next + size);
    next += size;
    let failed = false;
    await Promise.all(
      batch.map(async (p) => {
        const res = await api.create(podsPath(ns), podForJob(job, p.index, p.failureCounts));
        if (res.status === 201) {
          out.created++;
          await api.event(job, "Normal", "SuccessfulCreate", `Created pod: ${res.body.metadata.name}`);
          return;
        }
        failed = true;
        // A namespace being torn down refuses every creation: nothing to report.
        if (res.body?.details?.causes?.some((c: KubeObject) => c.reason === "NamespaceTerminating")) return;
        await api.event(job, "Warning", "FailedCreate", `Error creating: ${res.body?.message ?? res.status}`);
        out.error ??= new ControllerApiError("POST", podsPath(ns), res);
      }),
    );
    if (failed) break;
  }
  return out;
}

/** Removes the tracking finalizer: "ok", "gone" (the pod no longer exists) or the error. */
export async function removeFinalizer(api: ControllerApi, pod: Pod): Promise<"ok" | "gone" | ControllerApiError> {
  const path = podPath(pod.metadata.namespace, pod.metadata.name);
  const res = await api.patch(path, { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER] } }, STRATEGIC_PATCH);
  if (res.status === 200) return "ok";
  if (res.status === 404) return "gone";
  return new ControllerApiError("PATCH", path, res);
}

/** removeTrackingFinalizerFromPods: the uids whose finalizer is gone, and the first error. */
export async function removeFinalizers(api: ControllerApi, pods: Pod[]): Promise<{ removed: Set<string>; error?: unknown }> {
  const removed = new Set<string>();
  let error: unknown;
  await Promise.all(
    pods.map(async (pod) => {
      const r = await removeFinalizer(api, pod);
      if (r === "ok" || r === "gone") removed.add(pod.metadata.uid);
      else error ??= r;
    }),
  );
  return { removed, error };
}

/**
 * syncOrphanPod for the pods of a Job that is gone or finished: the tracking finalizer is removed from pods it
 * (by name) controlled, or that no controller owns any more.
 */
export async function releaseTrackedPods(api: ControllerApi, namespace: string, jobName: string, jobUid?: string): Promise<void> {
  const pods = await api.list<Pod>(podsPath(namespace), { labelSelector: `batch.kubernetes.io/job-name=${jobName}` });
  const stale = pods.filter((p) => {
    if (!hasTrackingFinalizer(p)) return false;
    const ref = controllerRefOf(p, "Job", "batch");
    return !ref || (ref.name === jobName && (jobUid === undefined || ref.uid === jobUid));
  });
  const { error } = await removeFinalizers(api, stale);
  if (error) throw error;
}
