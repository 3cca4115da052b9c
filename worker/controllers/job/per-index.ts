/**
 * spec.backoffLimitPerIndex (pkg/controller/job indexed_job_utils.go): an index fails once a counted failure of
 * it is seen with its job-index-failure-count already at the limit (or a FailIndex rule matched); the replacement
 * pod carries the failure counts forward, so the failed pod is kept (its finalizer stays) until the replacement
 * exists. Indexes with no replacement yet back off on their own clock.
 */
import { JOB_INDEX_FAILURE_COUNT, JOB_INDEX_IGNORED_FAILURE_COUNT } from "./constants";
import { parseIntervals, withIndexes, hasIndex, type Intervals } from "./indexes";
import { matchPodFailurePolicy } from "./pod-failure-policy";
import { completionIndex, finishedTime, hasTrackingFinalizer, int32Annotation, isPodFailed, UNKNOWN_INDEX, type Job, type Pod } from "./pod-state";
import type { IndexFailureCounts } from "./pod-template";

export const hasBackoffLimitPerIndex = (job: Job): boolean => job.spec?.backoffLimitPerIndex != null;

const absoluteFailureCount = (pod: Pod) => int32Annotation(pod, JOB_INDEX_FAILURE_COUNT) + int32Annotation(pod, JOB_INDEX_IGNORED_FAILURE_COUNT);

/** isIndexFailed. */
export function isIndexFailed(job: Job, pod: Pod): boolean {
  if (!isPodFailed(pod, job)) return false;
  let counted = true;
  if (job.spec?.podFailurePolicy != null) {
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, pod);
    if (m.action === "FailIndex") return true;
    counted = m.countFailed;
  }
  return counted && int32Annotation(pod, JOB_INDEX_FAILURE_COUNT) >= job.spec.backoffLimitPerIndex;
}

/** A tracked pod with a valid index (getValidPodsWithFilter without the uncounted exclusion). */
function validIndex(pod: Pod, completions: number): number | undefined {
  if (!hasTrackingFinalizer(pod)) return undefined;
  const ix = completionIndex(pod);
  return ix === UNKNOWN_INDEX || ix >= completions ? undefined : ix;
}

/** calculateFailedIndexes: status.failedIndexes plus indexes failed since. */
export function calculateFailedIndexes(job: Job, pods: Pod[], completions: number): Intervals {
  const prev = parseIntervals(job.status?.failedIndexes ?? "", completions);
  const failed = new Set<number>();
  for (const p of pods) {
    const ix = validIndex(p, completions);
    if (ix !== undefined && isIndexFailed(job, p)) failed.add(ix);
  }
  return withIndexes(prev, [...failed].sort((a, b) => a - b));
}

/**
 * getPodsWithDelayedDeletionPerIndex: per index that is not succeeded, failed or active, its failed pod with the
 * highest failure count (the latest on a tie) — the pod a replacement takes its counts from.
 */
export function podsWithDelayedDeletion(job: Job, pods: Pod[], activePods: Pod[], succeeded: Intervals, failed: Intervals, completions: number): Map<number, Pod> {
  const activeIndexes = new Set(activePods.map(completionIndex));
  const out = new Map<number, Pod>();
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const ix = validIndex(p, completions);
    if (ix === undefined || hasIndex(succeeded, ix) || hasIndex(failed, ix) || activeIndexes.has(ix)) continue;
    const last = out.get(ix);
    if (!last || (absoluteFailureCount(last) <= absoluteFailureCount(p) && finishedTime(p) >= finishedTime(last))) out.set(ix, p);
  }
  return out;
}

/** getNewIndexFailureCounts: the counts the replacement of `replaced` starts with. */
export function newIndexFailureCounts(job: Job, replaced: Pod | undefined): IndexFailureCounts {
  if (!replaced) return { failed: 0, ignored: 0 };
  let failed = int32Annotation(replaced, JOB_INDEX_FAILURE_COUNT);
  let ignored = int32Annotation(replaced, JOB_INDEX_IGNORED_FAILURE_COUNT);
  if (job.spec?.podFailurePolicy == null || matchPodFailurePolicy(job.spec.podFailurePolicy, replaced).countFailed) failed++;
  else ignored++;
  return { failed, ignored };
}
