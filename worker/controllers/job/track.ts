/**
 * The second half of syncJob, pure (pkg/controller/job job_controller.go: the end of syncJob,
 * trackJobStatusAndRemoveFinalizers, enactJobFinished, recordJobFinished). After the pod actions ran:
 *  1. `statusAfterActions`: the Job's status with active/ready/terminating, the Suspended condition, finished
 *     pods added to status.uncountedTerminatedPods (or completedIndexes) and the interim SuccessCriteriaMet or
 *     FailureTarget condition; which pods' tracking finalizers may now go.
 *  2. `statusAfterFinalizers`: once finalizers are removed, those pods move from uncounted into
 *     succeeded/failed, and a Job with nothing uncounted and nothing terminating gets Complete or Failed.
 * Each step says whether the status must be written (upstream's needsFlush).
 */
import type { KubeObject } from "../../../schema/types";
import { ensureConditionStatus, newCondition, type JobCondition } from "./conditions";
import { MAX_UNCOUNTED_PODS } from "./constants";
import { formatIntervals, hasIndex, totalIndexes, withIndexes } from "./indexes";
import { isIndexed, isSuspended } from "./manage";
import { hasBackoffLimitPerIndex } from "./per-index";
import { matchPodFailurePolicy } from "./pod-failure-policy";
import { completionIndex, hasTrackingFinalizer, isPodFailed, isPodReady, UNKNOWN_INDEX, type Pod } from "./pod-state";
import type { JobAction, JobSyncState } from "./sync-plan";
import { rfc3339 } from "../../handlers/context";

export interface JobEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

/** What the pod actions achieved. */
export interface ActionOutcome {
  /** Pods whose deletion went through (or that were gone already). */
  deleted: Pod[];
  /** Pods created. */
  created: number;
}

export interface TrackedStatus {
  status: KubeObject;
  needsFlush: boolean;
  podsToRemoveFinalizer: Pod[];
  /** Pods still carrying the tracking finalizer (before this sync removes any). */
  uidsWithFinalizer: Set<string>;
  /** The terminal condition to set once every finished pod is counted: Complete or Failed. */
  finishedCondition?: JobCondition;
  terminating: number;
  reachedMaxUncounted: boolean;
  events: JobEvent[];
}

const uid = (p: Pod): string => p.metadata?.uid ?? "";

/** The status as upstream serializes it: zero counters omitted (omitempty), ready and terminating always set. */
export function normalizeStatus(status: KubeObject): KubeObject {
  const out: KubeObject = { ...status };
  for (const k of ["active", "succeeded", "failed"]) if (!out[k]) delete out[k];
  if (!out.completedIndexes) delete out.completedIndexes;
  const u: KubeObject = {};
  if (out.uncountedTerminatedPods?.succeeded?.length) u.succeeded = out.uncountedTerminatedPods.succeeded;
  if (out.uncountedTerminatedPods?.failed?.length) u.failed = out.uncountedTerminatedPods.failed;
  out.uncountedTerminatedPods = u;
  if (!out.conditions?.length) delete out.conditions;
  return out;
}

/**
 * cleanUncountedPodsWithoutFinalizers: uncounted pods that no longer carry the finalizer are counted. Returns
 * whether the status changed.
 */
export function countUncountedWithoutFinalizers(status: KubeObject, withFinalizer: Set<string>): boolean {
  const u: KubeObject = status.uncountedTerminatedPods ?? {};
  let changed = false;
  for (const [list, counter] of [
    ["succeeded", "succeeded"],
    ["failed", "failed"],
  ] as const) {
    const before: string[] = u[list] ?? [];
    const after = before.filter((id) => withFinalizer.has(id));
    if (after.length !== before.length) {
      changed = true;
      status[counter] = (status[counter] ?? 0) + before.length - after.length;
      u[list] = after;
    }
  }
  status.uncountedTerminatedPods = u;
  return changed;
}

/** Counts after the actions: a finishing Job that could not delete all its active pods is not finished yet. */
function afterActions(state: JobSyncState, action: JobAction, outcome: ActionOutcome) {
  let active = state.activePods.length;
  let ready = state.ready;
  let terminating = state.terminating;
  let finishedCondition = state.finishedCondition;
  const deletedReady = outcome.deleted.filter(isPodReady).length;
  if (action.kind === "deleteActive") {
    if (outcome.deleted.length !== active) finishedCondition = undefined;
  } else if (action.kind === "manage" && action.decision.kind === "wait") {
    active = 0;
  } else if (action.kind === "manage" && action.decision.kind === "create") {
    active += outcome.created;
  }
  if (action.kind === "deleteActive" || (action.kind === "manage" && action.decision.kind === "delete")) {
    active -= outcome.deleted.length;
    terminating += outcome.deleted.length;
    ready -= deletedReady;
  }
  return { active, ready, terminating, finishedCondition };
}

export function statusAfterActions(state: JobSyncState, action: JobAction, outcome: ActionOutcome, now: number): TrackedStatus {
  const job = state.job;
  const counts = afterActions(state, action, outcome);
  let finishedCondition = counts.finishedCondition;
  const events: JobEvent[] = [];
  let conditions: JobCondition[] = [...(job.status?.conditions ?? [])];
  let startTime = state.startTime;
  let suspendChanged = false;

  if (!finishedCondition && action.kind !== "deleteActive") {
    const completions: number | undefined = job.spec?.completions ?? undefined;
    const complete = completions === undefined ? state.succeeded > 0 && counts.active === 0 : state.succeeded >= completions && counts.active === 0;
    if (complete) {
      finishedCondition = newCondition("SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", now);
    } else if (action.kind === "manage") {
      const [status, reason, message, event] = isSuspended(job)
        ? (["True", "JobSuspended", "Job suspended", "Suspended"] as const)
        : (["False", "JobResumed", "Job resumed", "Resumed"] as const);
      const r = ensureConditionStatus(conditions, "Suspended", status, reason, message, now);
      if (r.changed) {
        conditions = r.conditions;
        suspendChanged = true;
        events.push({ type: "Normal", reason: event, message });
        // A resumed Job's activeDeadlineSeconds counts from the resume.
        if (!isSuspended(job)) startTime = rfc3339(new Date(now));
      }
    }
  }

  const old: KubeObject = job.status ?? {};
  let needsFlush =
    suspendChanged || counts.active !== (old.active ?? 0) || counts.ready !== old.ready || counts.terminating !== old.terminating;
  const status: KubeObject = {
    ...structuredClone(old),
    conditions,
    active: counts.active,
    ready: counts.ready,
    terminating: counts.terminating,
    uncountedTerminatedPods: {
      succeeded: [...(old.uncountedTerminatedPods?.succeeded ?? [])],
      failed: [...(old.uncountedTerminatedPods?.failed ?? [])],
    },
  };
  if (startTime) status.startTime = startTime;

  // trackJobStatusAndRemoveFinalizers
  const indexed = isIndexed(job);
  const completions: number = job.spec?.completions ?? 0;
  const pods = indexed ? [...state.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : state.pods;
  const uidsWithFinalizer = new Set(pods.filter(hasTrackingFinalizer).map(uid));
  if (countUncountedWithoutFinalizers(status, uidsWithFinalizer)) needsFlush = true;
  const uncounted = status.uncountedTerminatedPods as { succeeded: string[]; failed: string[] };
  const podsToRemoveFinalizer: Pod[] = [];
  const newSucceededIndexes: number[] = [];
  const finishing = finishedCondition !== undefined;
  const failingAll = finishing && finishedCondition!.type !== "SuccessCriteriaMet";
  let reachedMaxUncounted = false;
  for (const pod of pods) {
    if (!hasTrackingFinalizer(pod)) continue;
    const failedPod = isPodFailed(pod, job);
    if (!canRemoveFinalizer(state, pod, failedPod, finishing)) continue;
    podsToRemoveFinalizer.push(pod);
    const ix = completionIndex(pod);
    if (pod.status?.phase === "Succeeded" && !state.uncountedFailed.has(uid(pod))) {
      if (indexed) {
        if (ix !== UNKNOWN_INDEX && ix < completions && !hasIndex(state.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!state.uncountedSucceeded.has(uid(pod))) {
        uncounted.succeeded.push(uid(pod));
        needsFlush = true;
      }
    } else if (failedPod || failingAll) {
      // When the Job is finishing unsuccessfully, every pod not yet terminated counts as failed.
      if (!state.uncountedFailed.has(uid(pod)) && (!indexed || (ix !== UNKNOWN_INDEX && ix < completions))) {
        const policy = job.spec?.podFailurePolicy;
        if (policy == null || matchPodFailurePolicy(policy, pod).countFailed) {
          uncounted.failed.push(uid(pod));
          needsFlush = true;
        }
      }
    }
    if (newSucceededIndexes.length + uncounted.succeeded.length + uncounted.failed.length >= MAX_UNCOUNTED_PODS) {
      reachedMaxUncounted = true;
      break;
    }
  }
  if (indexed) {
    const succeededIndexes = withIndexes(state.succeededIndexes, [...new Set(newSucceededIndexes)].sort((a, b) => a - b));
    const completed = formatIntervals(succeededIndexes);
    if (completed !== (old.completedIndexes ?? "")) needsFlush = true;
    status.succeeded = totalIndexes(succeededIndexes);
    status.completedIndexes = completed;
    if (hasBackoffLimitPerIndex(job)) {
      const failed = formatIntervals(state.failedIndexes ?? []);
      if (failed !== old.failedIndexes) {
        status.failedIndexes = failed;
        needsFlush = true;
      }
    }
  }
  if (finishedCondition?.type === "FailureTarget") {
    status.conditions = [...status.conditions, finishedCondition];
    needsFlush = true;
    finishedCondition = newCondition("Failed", "True", finishedCondition.reason ?? "", finishedCondition.message ?? "", now);
  }
  if (finishedCondition?.type === "SuccessCriteriaMet") {
    if (!status.conditions.some((c: JobCondition) => c.type === "SuccessCriteriaMet" && c.status === "True")) {
      status.conditions = [...status.conditions, finishedCondition];
      needsFlush = true;
    }
    finishedCondition = newCondition("Complete", "True", finishedCondition.reason ?? "", finishedCondition.message ?? "", now);
  }
  return { status, needsFlush, podsToRemoveFinalizer, uidsWithFinalizer, finishedCondition, terminating: counts.terminating, reachedMaxUncounted, events };
}

/**
 * canRemoveFinalizer: when the Job is being deleted or finishing, the pod succeeded, or it failed (unless, with
 * backoffLimitPerIndex, it is the failed pod its index's replacement takes the failure count from).
 */
function canRemoveFinalizer(state: JobSyncState, pod: Pod, failedPod: boolean, finishing: boolean): boolean {
  if (state.job.metadata?.deletionTimestamp || finishing || pod.status?.phase === "Succeeded") return true;
  if (!failedPod) return false;
  if (hasBackoffLimitPerIndex(state.job)) {
    const ix = completionIndex(pod);
    if (ix !== UNKNOWN_INDEX && state.delayedDeletion.get(ix)?.metadata?.uid === uid(pod)) return false;
  }
  return true;
}

export interface FinalStatus {
  status: KubeObject;
  needsFlush: boolean;
  /** The terminal condition set now (the Job finished this sync). */
  finished?: JobCondition;
  events: JobEvent[];
}

/**
 * After the finalizers of `removed` pods went: count them, then enactJobFinished (nothing uncounted and nothing
 * terminating) and recordJobFinished's events.
 */
export function statusAfterFinalizers(
  tracked: TrackedStatus,
  removed: Set<string>,
  removalFailed: boolean,
  succeededTarget: number | undefined,
  now: number,
): FinalStatus {
  const status = structuredClone(tracked.status);
  const remaining = new Set([...tracked.uidsWithFinalizer].filter((id) => !removed.has(id)));
  let needsFlush = countUncountedWithoutFinalizers(status, remaining);
  const cond = tracked.finishedCondition;
  const uncounted = (status.uncountedTerminatedPods?.succeeded?.length ?? 0) + (status.uncountedTerminatedPods?.failed?.length ?? 0);
  if (!cond || removalFailed || tracked.reachedMaxUncounted || uncounted > 0 || tracked.terminating > 0) return { status, needsFlush, events: [] };
  const r = ensureConditionStatus(status.conditions ?? [], cond.type as "Complete" | "Failed", cond.status, cond.reason ?? "", cond.message ?? "", now);
  status.conditions = r.conditions;
  const events: JobEvent[] = [];
  if (cond.type === "Complete") {
    status.completionTime = cond.lastTransitionTime;
    if (succeededTarget !== undefined && (status.succeeded ?? 0) > succeededTarget) {
      events.push({ type: "Warning", reason: "TooManySucceededPods", message: "Too many succeeded pods running after completion count reached" });
    }
    events.push({ type: "Normal", reason: "Completed", message: "Job completed" });
  } else {
    events.push({ type: "Warning", reason: cond.reason ?? "", message: cond.message ?? "" });
  }
  needsFlush = true;
  return { status, needsFlush, finished: cond, events };
}
