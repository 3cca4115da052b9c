/**
 * Job conditions as the controller writes them (newCondition, ensureJobConditionStatus, findConditionByType) and
 * reads them (util.IsJobFinished, hasSuccessCriteriaMetCondition). Times are RFC 3339 strings of the injected now.
 */
import type { KubeObject } from "../../../schema/types";
import { rfc3339 } from "../../handlers/context";
import type { Job } from "./pod-state";

export type JobConditionType = "Complete" | "Failed" | "Suspended" | "FailureTarget" | "SuccessCriteriaMet";

export interface JobCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

export function newCondition(type: JobConditionType, status: JobCondition["status"], reason: string, message: string, now: number): JobCondition {
  const t = rfc3339(new Date(now));
  const c: JobCondition = { type, status, lastProbeTime: t, lastTransitionTime: t };
  // Go omits empty reason and message.
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

export function findCondition(conditions: KubeObject[] | undefined, type: string): JobCondition | undefined {
  return (conditions ?? []).find((c) => c.type === type) as JobCondition | undefined;
}

const isTrue = (job: Job, type: string) => findCondition(job.status?.conditions, type)?.status === "True";

/** util.IsJobFinished: Complete or Failed is True. */
export function finishedType(job: Job): "Complete" | "Failed" | undefined {
  for (const c of (job.status?.conditions ?? []) as JobCondition[]) {
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") return c.type;
  }
  return undefined;
}

export const isJobFinished = (job: Job): boolean => finishedType(job) !== undefined;
export const hasSuccessCriteriaMet = (job: Job): boolean => isTrue(job, "SuccessCriteriaMet");

/**
 * ensureJobConditionStatus: set the condition of `type` (a new condition when status, reason or message change);
 * a False condition is never added where none was. Returns the new list and whether it changed.
 */
export function ensureConditionStatus(
  conditions: JobCondition[],
  type: JobConditionType,
  status: JobCondition["status"],
  reason: string,
  message: string,
  now: number,
): { conditions: JobCondition[]; changed: boolean } {
  const i = conditions.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = conditions[i];
    if (c.status === status && (c.reason ?? "") === reason && (c.message ?? "") === message) return { conditions, changed: false };
    const out = [...conditions];
    out[i] = newCondition(type, status, reason, message, now);
    return { conditions: out, changed: true };
  }
  if (status === "False") return { conditions, changed: false };
  return { conditions: [...conditions, newCondition(type, status, reason, message, now)], changed: true };
}
