/**
 * The first half of syncJob (pkg/controller/job job_controller.go), pure: from the Job and its pods at `now`,
 * the counts (finished pods not yet in status are counted through status.uncountedTerminatedPods), whether the
 * Job has reached a terminal state — success criteria met, a FailJob pod-failure rule, the backoff limit, the
 * active deadline, failed indexes, a success policy — and what to do about its pods: delete the active ones of a
 * finishing Job, or manageJob's creations and deletions. When to sync again (the deadline, the back-off) too.
 */
import type { KubeObject } from "../../../schema/types";
import { rfc3339 } from "../../handlers/context";
import { backoffRecord } from "./backoff";
import { findCondition, hasSuccessCriteriaMet, newCondition, type JobCondition } from "./conditions";
import { MESSAGE, REASON } from "./constants";
import { parseIntervals, totalIndexes, withIndexes, type Intervals } from "./indexes";
import { isIndexed, isSuspended, manageJob, type ManageDecision } from "./manage";
import { calculateFailedIndexes, hasBackoffLimitPerIndex, podsWithDelayedDeletion } from "./per-index";
import { matchPodFailurePolicy } from "./pod-failure-policy";
import { completionIndex, hasTrackingFinalizer, isActive, isPodFailed, isPodReady, isTerminating, UNKNOWN_INDEX, type Job, type Pod } from "./pod-state";
import { matchSuccessPolicy } from "./success-policy";

/** What the rest of the sync works from. */
export interface JobSyncState {
  job: Job;
  pods: Pod[];
  activePods: Pod[];
  ready: number;
  terminating: number;
  uncountedSucceeded: Set<string>;
  uncountedFailed: Set<string>;
  /** Succeeded and failed pods counted so far, this sync's newly finished ones included. */
  succeeded: number;
  failed: number;
  startTime?: string;
  prevSucceededIndexes: Intervals;
  succeededIndexes: Intervals;
  failedIndexes?: Intervals;
  delayedDeletion: Map<number, Pod>;
  /** SuccessCriteriaMet, FailureTarget, or Failed (the FailureTarget recorded earlier, now final). */
  finishedCondition?: JobCondition;
  requeueAfterMs?: number;
}

export type JobAction =
  /** The Job is finishing: delete its active pods, keeping their finalizers (deleteActivePods). */
  | { kind: "deleteActive"; pods: Pod[] }
  | { kind: "manage"; decision: ManageDecision }
  /** The Job is being deleted: no pods are managed. */
  | { kind: "none" };

const uid = (p: Pod): string => p.metadata?.uid ?? "";

/** A pod whose finish is not in status yet (getValidPodsWithFilter). */
function isNewlyFinishedCandidate(job: Job, pod: Pod, uncounted: Set<string>): boolean {
  if (!hasTrackingFinalizer(pod) || uncounted.has(uid(pod))) return false;
  if (!isIndexed(job)) return true;
  const ix = completionIndex(pod);
  return ix !== UNKNOWN_INDEX && ix < (job.spec?.completions ?? 0);
}

/** pastBackoffLimitOnFailure: container restarts of running pods reach the limit (restartPolicy OnFailure). */
export function pastBackoffLimitOnFailure(job: Job, pods: Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== "OnFailure") return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== "Running" && p.status?.phase !== "Pending") continue;
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += s.restartCount ?? 0;
  }
  const limit: number = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** getFailJobMessage: the message of the first failed pod a FailJob rule matches. */
export function failJobMessage(job: Job, pods: Pod[]): string | undefined {
  if (job.spec?.podFailurePolicy == null) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p).failJobMessage;
    if (m !== undefined) return m;
  }
  return undefined;
}

function finishingCondition(job: Job, pods: Pod[], failed: number, startTime: string | undefined, now: number): { condition?: JobCondition; requeueAfterMs?: number } {
  const met = findCondition(job.status?.conditions, "SuccessCriteriaMet");
  if (hasSuccessCriteriaMet(job) && met) return { condition: met };
  const target = findCondition(job.status?.conditions, "FailureTarget");
  if (target?.status === "True") return { condition: newCondition("Failed", "True", target.reason ?? "", target.message ?? "", now) };
  const message = failJobMessage(job, pods);
  if (message !== undefined) return { condition: newCondition("FailureTarget", "True", REASON.podFailurePolicy, message, now) };
  const backoffLimit: number = job.spec?.backoffLimit ?? 6;
  if (failed > backoffLimit || pastBackoffLimitOnFailure(job, pods)) {
    return { condition: newCondition("FailureTarget", "True", REASON.backoffLimitExceeded, MESSAGE.backoffLimitExceeded, now) };
  }
  const ads: number | undefined = job.spec?.activeDeadlineSeconds ?? undefined;
  if (ads === undefined || startTime === undefined || isSuspended(job)) return {};
  const left = ads * 1000 - (now - Date.parse(startTime));
  if (left <= 0) return { condition: newCondition("FailureTarget", "True", REASON.deadlineExceeded, MESSAGE.deadlineExceeded, now) };
  return { requeueAfterMs: left };
}

export function planJobSync(job: Job, pods: Pod[], now: number): { state: JobSyncState; action: JobAction } {
  const status: KubeObject = job.status ?? {};
  const uncountedSucceeded = new Set<string>(status.uncountedTerminatedPods?.succeeded ?? []);
  const uncountedFailed = new Set<string>(status.uncountedTerminatedPods?.failed ?? []);
  const activePods = pods.filter(isActive);
  const newSucceeded = pods.filter((p) => isNewlyFinishedCandidate(job, p, uncountedSucceeded) && p.status?.phase === "Succeeded");
  const newFailed = pods.filter((p) => isNewlyFinishedCandidate(job, p, uncountedFailed) && isPodFailed(p, job));
  const policy = job.spec?.podFailurePolicy;
  const newCountedFailures = policy == null ? newFailed.length : newFailed.filter((p) => matchPodFailurePolicy(policy, p).countFailed).length;
  const startTime: string | undefined = status.startTime ?? (isSuspended(job) ? undefined : rfc3339(new Date(now)));

  const state: JobSyncState = {
    job,
    pods,
    activePods,
    ready: activePods.filter(isPodReady).length,
    terminating: pods.filter(isTerminating).length,
    uncountedSucceeded,
    uncountedFailed,
    succeeded: (status.succeeded ?? 0) + newSucceeded.length + uncountedSucceeded.size,
    failed: (status.failed ?? 0) + newCountedFailures + uncountedFailed.size,
    startTime,
    prevSucceededIndexes: [],
    succeededIndexes: [],
    delayedDeletion: new Map(),
  };
  const finishing = finishingCondition(job, pods, state.failed, startTime, now);
  state.finishedCondition = finishing.condition;
  state.requeueAfterMs = finishing.requeueAfterMs;

  if (isIndexed(job)) {
    const completions: number = job.spec?.completions ?? 0;
    state.prevSucceededIndexes = parseIntervals(status.completedIndexes ?? "", completions);
    const newIndexes = pods.filter((p) => p.status?.phase === "Succeeded" && hasTrackingFinalizer(p)).map(completionIndex);
    const valid = [...new Set(newIndexes.filter((ix) => ix !== UNKNOWN_INDEX && ix < completions))].sort((a, b) => a - b);
    state.succeededIndexes = withIndexes(state.prevSucceededIndexes, valid);
    state.succeeded = totalIndexes(state.succeededIndexes);
    if (hasBackoffLimitPerIndex(job)) {
      const failedIndexes = calculateFailedIndexes(job, pods, completions);
      state.failedIndexes = failedIndexes;
      const failedCount = totalIndexes(failedIndexes);
      const maxFailed: number | undefined = job.spec?.maxFailedIndexes ?? undefined;
      if (!state.finishedCondition) {
        if (maxFailed !== undefined && failedCount > maxFailed) {
          state.finishedCondition = newCondition("FailureTarget", "True", REASON.maxFailedIndexesExceeded, MESSAGE.maxFailedIndexesExceeded, now);
        } else if (failedCount > 0 && failedCount + state.succeeded >= completions) {
          state.finishedCondition = newCondition("FailureTarget", "True", REASON.failedIndexes, MESSAGE.failedIndexes, now);
        }
      }
      state.delayedDeletion = podsWithDelayedDeletion(job, pods, activePods, state.succeededIndexes, failedIndexes, completions);
    }
    if (!state.finishedCondition) {
      const matched = matchSuccessPolicy(job.spec?.successPolicy, completions, state.succeededIndexes);
      if (matched !== undefined) state.finishedCondition = newCondition("SuccessCriteriaMet", "True", REASON.successPolicy, matched, now);
    }
  }

  if (state.finishedCondition) return { state, action: { kind: "deleteActive", pods: activePods } };
  if (job.metadata?.deletionTimestamp) return { state, action: { kind: "none" } };
  const decision = manageJob(
    job,
    {
      pods,
      activePods,
      succeeded: state.succeeded,
      terminating: state.terminating,
      succeededIndexes: state.succeededIndexes,
      failedIndexes: state.failedIndexes,
      delayedDeletion: state.delayedDeletion,
      backoff: backoffRecord(job, pods),
    },
    now,
  );
  if (decision.kind === "wait") state.requeueAfterMs = Math.min(state.requeueAfterMs ?? Infinity, decision.requeueAfterMs);
  return { state, action: { kind: "manage", decision } };
}
