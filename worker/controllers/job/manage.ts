/**
 * manageJob's decision (pkg/controller/job job_controller.go): how many pods a running Job should have and what
 * to do about the difference. A suspended Job deletes all its active pods; a Job with too many (or, Indexed, with
 * repeated or stray indexes) deletes the least advanced; one with too few creates them — the lowest pending
 * indexes for Indexed Jobs — unless the failure back-off has not passed. Deletions take precedence over
 * creations within one sync, and neither exceeds MaxPodCreateDeletePerSync.
 */
import { MAX_POD_CREATE_DELETE_PER_SYNC, SYNC_BATCH_PERIOD_MS } from "./constants";
import { remainingBackoffMs, remainingIndexBackoffMs, type BackoffRecord } from "./backoff";
import { duplicatedIndexPodsForRemoval, firstPendingIndexes, indexesOf, mergeIntervals, withIndexes, type Intervals } from "./indexes";
import { hasBackoffLimitPerIndex, newIndexFailureCounts } from "./per-index";
import { compareForDeletion, isTerminating, onlyReplaceFailedPods, type Job, type Pod } from "./pod-state";
import type { IndexFailureCounts } from "./pod-template";

/** What manageJob reads besides the Job. */
export interface ManageInput {
  pods: Pod[];
  activePods: Pod[];
  succeeded: number;
  terminating: number;
  succeededIndexes: Intervals;
  failedIndexes?: Intervals;
  delayedDeletion: Map<number, Pod>;
  backoff: BackoffRecord;
}

export interface PodToCreate {
  index?: number;
  failureCounts?: IndexFailureCounts;
}

export type ManageDecision =
  /** Remove the tracking finalizer, then delete (deleteJobPods): these pods are not counted as failures. */
  | { kind: "delete"; pods: Pod[] }
  | { kind: "create"; pods: PodToCreate[] }
  /** The back-off has not passed: sync again then. Upstream reports status.active 0 for this sync. */
  | { kind: "wait"; requeueAfterMs: number }
  | { kind: "none" };

export const isSuspended = (job: Job): boolean => job.spec?.suspend === true;
export const isIndexed = (job: Job): boolean => job.spec?.completionMode === "Indexed";

/** activePodsForRemoval: at least `rmAtLeast` pods, plus (Indexed) every repeated or stray index. */
export function activePodsForRemoval(job: Job, pods: Pod[], rmAtLeast: number): Pod[] {
  let remove: Pod[] = [];
  let keep = pods;
  if (isIndexed(job)) ({ remove, keep } = duplicatedIndexPodsForRemoval(pods, job.spec?.completions ?? 0));
  if (remove.length < rmAtLeast) remove = [...remove, ...[...keep].sort(compareForDeletion).slice(0, rmAtLeast - remove.length)];
  return remove;
}

/** The number of active pods the Job wants (manageJob's wantActive). */
export function wantActive(job: Job, active: number, succeeded: number): number {
  const parallelism: number = job.spec?.parallelism ?? 1;
  const completions: number | undefined = job.spec?.completions ?? undefined;
  if (completions === undefined) return succeeded > 0 ? active : parallelism;
  return Math.max(0, Math.min(completions - succeeded, parallelism));
}

export function manageJob(job: Job, input: ManageInput, now: number): ManageDecision {
  const active = input.activePods.length;
  if (isSuspended(job)) {
    const pods = activePodsForRemoval(job, input.activePods, active);
    return pods.length ? { kind: "delete", pods } : { kind: "none" };
  }
  const want = wantActive(job, active, input.succeeded);
  const toDelete = activePodsForRemoval(job, input.activePods, Math.max(0, active - want)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length) return { kind: "delete", pods: toDelete };

  const terminating = onlyReplaceFailedPods(job) ? input.terminating : 0;
  let diff = want - terminating - active;
  if (diff <= 0) return { kind: "none" };
  const perIndex = hasBackoffLimitPerIndex(job);
  if (!perIndex) {
    const wait = remainingBackoffMs(input.backoff.failuresAfterLastSuccess, input.backoff.lastFailureTime, now);
    if (wait > 0) return { kind: "wait", requeueAfterMs: Math.max(wait, SYNC_BATCH_PERIOD_MS) };
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (!isIndexed(job)) return { kind: "create", pods: Array.from({ length: diff }, () => ({})) };

  const completions: number = job.spec?.completions ?? 0;
  let nonPending = withIndexes(input.succeededIndexes, indexesOf(input.activePods));
  if (onlyReplaceFailedPods(job)) nonPending = withIndexes(nonPending, indexesOf(input.pods.filter(isTerminating)));
  if (input.failedIndexes) nonPending = mergeIntervals(nonPending, input.failedIndexes);
  let indexes = firstPendingIndexes(nonPending, diff, completions);
  if (perIndex) {
    // getPodCreationInfoForIndependentIndexes: indexes whose own back-off passed; else wait for the soonest.
    const waits = indexes.map((ix) => remainingIndexBackoffMs(input.delayedDeletion.get(ix), now));
    const ready = indexes.filter((_, i) => waits[i] === 0);
    if (ready.length === 0 && indexes.length > 0) return { kind: "wait", requeueAfterMs: Math.max(Math.min(...waits), SYNC_BATCH_PERIOD_MS) };
    indexes = ready;
  }
  if (indexes.length === 0) return { kind: "none" };
  return {
    kind: "create",
    pods: indexes.map((index) => (perIndex ? { index, failureCounts: newIndexFailureCounts(job, input.delayedDeletion.get(index)) } : { index })),
  };
}
