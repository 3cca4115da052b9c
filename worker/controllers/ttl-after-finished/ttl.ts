/**
 * The TTL-after-finished controller's decisions (pkg/controller/ttlafterfinished ttlafterfinished_controller.go:
 * needsCleanup, timeLeft, jobFinishTime), pure over the Job and an injected `now`: a finished Job with
 * spec.ttlSecondsAfterFinished is deleted that many seconds after its Complete or Failed condition turned True.
 */
import type { KubeObject } from "../../../schema/types";

type Job = KubeObject;

/** The finish condition (Complete or Failed, True). */
function finishCondition(job: Job): KubeObject | undefined {
  return (job.status?.conditions ?? []).find((c: KubeObject) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
}

/** needsCleanup: a TTL is set, the Job finished, and it is not being deleted already. */
export function needsCleanup(job: Job): boolean {
  return job.spec?.ttlSecondsAfterFinished != null && finishCondition(job) !== undefined && !job.metadata?.deletionTimestamp;
}

export type TtlDecision =
  | { kind: "keep" }
  /** Not expired yet: look again in `afterMs`. `skew` when the Job finished in the future (clock skew). */
  | { kind: "wait"; afterMs: number; skew: boolean }
  | { kind: "delete" }
  /** The finish condition has no lastTransitionTime: upstream's error, retried. */
  | { kind: "error"; message: string };

/** processTTL: what to do about `job` at `now` (epoch ms). */
export function decideTtl(job: Job, now: number): TtlDecision {
  if (!needsCleanup(job)) return { kind: "keep" };
  const at = finishCondition(job)?.lastTransitionTime;
  const finishAt = typeof at === "string" && at ? Date.parse(at) : NaN;
  if (Number.isNaN(finishAt)) return { kind: "error", message: `unable to find the time when the Job ${job.metadata?.namespace}/${job.metadata?.name} finished` };
  const expireAt = finishAt + job.spec.ttlSecondsAfterFinished * 1000;
  const left = expireAt - now;
  return left <= 0 ? { kind: "delete" } : { kind: "wait", afterMs: left, skew: finishAt > now };
}

/** The DeleteOptions of the cleanup: cascade in the foreground, only this incarnation of the Job. */
export function cleanupDeleteOptions(job: Job): KubeObject {
  return { propagationPolicy: "Foreground", preconditions: { uid: job.metadata?.uid } };
}
