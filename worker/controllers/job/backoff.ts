/**
 * The delay before a Job replaces failed pods (pkg/controller/job backoff_utils.go): 10 s after the first failure
 * since the last success, doubling per further failure, capped at MaxJobPodFailureBackOff, counted from when the
 * last failure finished. Upstream keeps the failure count in memory, fed by each sync's newly finished pods; here
 * it is derived from the pods themselves (failed pods that finished after the last succeeded one), which gives the
 * same count while the pods exist and needs no state between syncs.
 */
import { DEFAULT_POD_FAILURE_BACKOFF_MS, MAX_POD_FAILURE_BACKOFF_MS } from "./constants";
import { finishedTime, hasTrackingFinalizer, int32Annotation, isPodFailed, type Job, type Pod } from "./pod-state";
import { JOB_INDEX_FAILURE_COUNT, JOB_INDEX_IGNORED_FAILURE_COUNT } from "./constants";

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** When the last of those failures finished (epoch ms). */
  lastFailureTime?: number;
}

/**
 * A failure the back-off counts: phase Failed, or deleted before finishing while still carrying the tracking
 * finalizer (a pod the controller deleted itself lost the finalizer first and is no failure).
 */
function countsAsFailure(pod: Pod, job: Job): boolean {
  return pod.status?.phase === "Failed" || (hasTrackingFinalizer(pod) && isPodFailed(pod, job));
}

/** newBackoffRecord over all of the Job's pods. */
export function backoffRecord(job: Job, pods: Pod[]): BackoffRecord {
  const successes = pods.filter((p) => p.status?.phase === "Succeeded").map(finishedTime);
  const lastSuccess = successes.length ? Math.max(...successes) : undefined;
  const failures = pods
    .filter((p) => countsAsFailure(p, job))
    .map(finishedTime)
    .filter((t) => lastSuccess === undefined || t > lastSuccess);
  return failures.length ? { failuresAfterLastSuccess: failures.length, lastFailureTime: Math.max(...failures) } : { failuresAfterLastSuccess: 0 };
}

/** getRemainingTimeForFailuresCount: ms until replacements may be created (0: now). */
export function remainingBackoffMs(failures: number, lastFailureTime: number | undefined, now: number): number {
  if (failures === 0 || lastFailureTime === undefined) return 0;
  let delay = DEFAULT_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < failures; i++) {
    delay *= 2;
    if (delay >= MAX_POD_FAILURE_BACKOFF_MS) {
      delay = MAX_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = now - lastFailureTime;
  return delay < elapsed ? 0 : delay - elapsed;
}

/** getRemainingTimePerIndex: the back-off of one index, from the failure counts on its last failed pod. */
export function remainingIndexBackoffMs(lastFailedPod: Pod | undefined, now: number): number {
  if (!lastFailedPod) return 0;
  const count = int32Annotation(lastFailedPod, JOB_INDEX_FAILURE_COUNT) + int32Annotation(lastFailedPod, JOB_INDEX_IGNORED_FAILURE_COUNT) + 1;
  return remainingBackoffMs(count, finishedTime(lastFailedPod), now);
}
