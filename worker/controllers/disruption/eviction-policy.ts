/**
 * The Eviction API's decisions (pkg/registry/core/pod/storage/eviction.go) as pure functions: which pods are
 * deleted without looking at budgets, the one budget that guards a pod, whether an unhealthy pod may go
 * without spending the budget, and checkAndDecrement — the refusal (an ApiError value, 429 with a
 * DisruptionBudget cause) or the budget's new status (disruptionsAllowed − 1, the pod in disruptedPods).
 */
import type { KubeObject } from "../../../schema/types";
import { ApiError } from "../../errors";
import { isPodReady, type PodCondition } from "../node-lifecycle/pod-conditions";
import { timeString } from "../node-lifecycle/time";
import { disruptionAllowedCondition } from "./budget";

/** MaxDisruptedPodSize: evictions approved but not yet seen by the disruption controller. */
export const MAX_DISRUPTED_POD_SIZE = 2000;

export const EVICTION_CONDITION: PodCondition = {
  type: "DisruptionTarget",
  status: "True",
  reason: "EvictionByEvictionAPI",
  message: "Eviction API: evicting",
};

export const VIOLATES_BUDGET = "Cannot evict pod as it would violate the pod's disruption budget.";
export const MULTIPLE_BUDGETS = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";

const phase = (pod: KubeObject) => pod.status?.phase;

/** canIgnorePDB: terminal, pending and terminating pods are deleted without a budget check. */
export const canIgnorePDB = (pod: KubeObject): boolean =>
  ["Succeeded", "Failed", "Pending"].includes(phase(pod)) || Boolean(pod.metadata?.deletionTimestamp);

/** shouldEnforceResourceVersion: a pod that could still become ready is deleted only as read. */
export const shouldEnforceResourceVersion = (pod: KubeObject): boolean =>
  !["Succeeded", "Failed"].includes(phase(pod)) && !pod.metadata?.deletionTimestamp;

/**
 * An unready pod under `pdb` that may be deleted without spending the budget (with a resourceVersion
 * precondition): always with unhealthyPodEvictionPolicy AlwaysAllow, else while the budget is met
 * (currentHealthy ≥ desiredHealthy > 0).
 */
export function unhealthyPodMayGo(pod: KubeObject, pdb: KubeObject): boolean {
  if (isPodReady(pod)) return false;
  if (pdb.spec?.unhealthyPodEvictionPolicy === "AlwaysAllow") return true;
  const s = pdb.status ?? {};
  return (s.currentHealthy ?? 0) >= (s.desiredHealthy ?? 0) && (s.desiredHealthy ?? 0) > 0;
}

function tooManyRequests(cause: string, retryAfterSeconds: number): ApiError {
  const details = { causes: [{ reason: "DisruptionBudget", message: cause }], ...(retryAfterSeconds > 0 ? { retryAfterSeconds } : {}) };
  return new ApiError(429, "TooManyRequests", VIOLATES_BUDGET, details, retryAfterSeconds > 0 ? { "Retry-After": String(retryAfterSeconds) } : undefined);
}

/** createTooManyRequestsError: the budget's status is behind its spec, or the pod changed under a precondition. */
export const stillProcessing = (pdbName: string): ApiError => tooManyRequests(`The disruption budget ${pdbName} is still being processed by the server.`, 10);

const forbiddenBudget = (pdbName: string, why: string) =>
  // policy.Resource("poddisruptionbudget"): upstream names the resource in the singular here.
  new ApiError(403, "Forbidden", `poddisruptionbudget.policy "${pdbName}" is forbidden: ${why}`, { name: pdbName, group: "policy", kind: "poddisruptionbudget" });

/**
 * checkAndDecrement at `now` (Unix ms): the refusal, or the budget's new status. A dry run decrements without
 * recording the pod (nothing is written then anyway).
 */
export function checkAndDecrement(pdb: KubeObject, podName: string, now: number, dryRun: boolean): { ok: true; status: KubeObject } | { ok: false; error: ApiError } {
  const name = pdb.metadata?.name as string;
  const s = pdb.status ?? {};
  if ((s.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) return { ok: false, error: stillProcessing(name) };
  const allowed = s.disruptionsAllowed ?? 0;
  if (allowed < 0) return { ok: false, error: forbiddenBudget(name, "pdb disruptions allowed is negative") };
  if (Object.keys(s.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    return { ok: false, error: forbiddenBudget(name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller") };
  }
  if (allowed === 0) {
    const cause = `The disruption budget ${name} needs ${s.desiredHealthy ?? 0} healthy pods and has ${s.currentHealthy ?? 0} currently`;
    return { ok: false, error: tooManyRequests(cause, 0) };
  }
  const status: KubeObject = { ...s, disruptionsAllowed: allowed - 1 };
  if (status.disruptionsAllowed === 0) status.conditions = disruptionAllowedCondition(status, now);
  if (!dryRun) status.disruptedPods = { ...(s.disruptedPods ?? {}), [podName]: timeString(now) };
  return { ok: true, status };
}

/** propagateDryRun: the DeleteOptions' dryRun and the request's must agree when both are given. */
export function propagateDryRun(bodyDryRun: string[] | undefined, queryDryRun: string[]): { ok: true; dryRun: string[] } | { ok: false; message: string } {
  if (!bodyDryRun?.length) return { ok: true, dryRun: queryDryRun };
  if (!queryDryRun.length) return { ok: true, dryRun: bodyDryRun };
  if (JSON.stringify(bodyDryRun) !== JSON.stringify(queryDryRun)) {
    return { ok: false, message: `Non-matching dry-run options in request and content: [${queryDryRun.join(" ")}] and [${bodyDryRun.join(" ")}]` };
  }
  return { ok: true, dryRun: bodyDryRun };
}
