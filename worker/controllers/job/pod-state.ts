/**
 * What the Job controller reads from its pods (pkg/controller/job and pkg/controller controller_utils): active,
 * terminating, ready and failed pods, the completion index, when a pod finished (the back-off clock), and the
 * order in which surplus active pods are deleted (controller.ActivePods). Pure functions of the pod objects.
 */
import type { KubeObject } from "../../../schema/types";
import { JOB_COMPLETION_INDEX, JOB_TRACKING_FINALIZER } from "./constants";

export type Pod = KubeObject;
export type Job = KubeObject;

/** The index a pod was created for, or -1 (upstream's unknownCompletionIndex) when absent or not a number. */
export const UNKNOWN_INDEX = -1;

const phaseOf = (pod: Pod): string | undefined => pod.status?.phase;
const timeOf = (t: unknown): number | undefined => (typeof t === "string" && t ? Date.parse(t) : undefined);

export function hasTrackingFinalizer(pod: Pod): boolean {
  return (pod.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

export function isTerminal(pod: Pod): boolean {
  const phase = phaseOf(pod);
  return phase === "Succeeded" || phase === "Failed";
}

/** controller.FilterActivePods: not terminal and not being deleted. */
export function isActive(pod: Pod): boolean {
  return !isTerminal(pod) && !pod.metadata?.deletionTimestamp;
}

/** controller.FilterTerminatingPods: being deleted and not terminal yet. */
export function isTerminating(pod: Pod): boolean {
  return !!pod.metadata?.deletionTimestamp && !isTerminal(pod);
}

/** podutil.IsPodReady. */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c: KubeObject) => c.type === "Ready" && c.status === "True");
}

/** onlyReplaceFailedPods: podReplacementPolicy Failed (the default with a podFailurePolicy). */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === "Failed" || job.spec?.podFailurePolicy != null;
}

/** isPodFailed: phase Failed, or (unless only failed pods are replaced) deleted before it succeeded. */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (phaseOf(pod) === "Failed") return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!pod.metadata?.deletionTimestamp && phaseOf(pod) !== "Succeeded";
}

/** getCompletionIndex: strconv.Atoi of the annotation, non-negative. */
export function completionIndex(pod: Pod): number {
  const v = pod.metadata?.annotations?.[JOB_COMPLETION_INDEX];
  if (typeof v !== "string" || !/^[+-]?[0-9]+$/.test(v)) return UNKNOWN_INDEX;
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : UNKNOWN_INDEX;
}

/** A non-negative int32 annotation, 0 when absent or invalid (parseInt32). */
export function int32Annotation(pod: Pod, key: string): number {
  const v = pod.metadata?.annotations?.[key];
  if (typeof v !== "string" || !/^[+-]?[0-9]+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > 2147483647 ? 0 : n;
}

/** The latest finishedAt of `statuses`, undefined unless every one terminated with a time (latestFinishTime). */
function latestFinish(statuses: KubeObject[], from?: number): number | undefined {
  let latest = from;
  for (const s of statuses) {
    const at = timeOf(s.state?.terminated?.finishedAt);
    if (at === undefined) return undefined;
    if (latest === undefined || at > latest) latest = at;
  }
  return latest;
}

/**
 * getFinishedTime (epoch ms): the last container to finish (restartable init containers included), else the
 * Ready=False transition, else deletionTimestamp minus the grace period, else creationTimestamp.
 */
export function finishedTime(pod: Pod): number {
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c: KubeObject) => c.restartPolicy === "Always").map((c: KubeObject) => c.name));
  let fromContainers = latestFinish(pod.status?.containerStatuses ?? []);
  const initSidecars = (pod.status?.initContainerStatuses ?? []).filter((s: KubeObject) => sidecars.has(s.name));
  if (initSidecars.length) fromContainers = latestFinish(initSidecars, fromContainers);
  if (fromContainers !== undefined) return fromContainers;
  const ready = (pod.status?.conditions ?? []).find((c: KubeObject) => c.type === "Ready");
  const readyFalseAt = ready?.status === "False" ? timeOf(ready.lastTransitionTime) : undefined;
  if (readyFalseAt !== undefined) return readyFalseAt;
  const deletedAt = timeOf(pod.metadata?.deletionTimestamp);
  if (deletedAt !== undefined) return deletedAt - (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
  return timeOf(pod.metadata?.creationTimestamp) ?? 0;
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readyTime(pod: Pod): number {
  const c = (pod.status?.conditions ?? []).find((x: KubeObject) => x.type === "Ready" && x.status === "True");
  return timeOf(c?.lastTransitionTime) ?? 0;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s: KubeObject) => s.restartCount ?? 0));
}

/** afterOrZero: a zero time sorts first, then the later time. */
const afterOrZero = (a: number, b: number): boolean => (a === 0 || b === 0 ? a === 0 : a > b);

/**
 * controller.ActivePods' order (the pods to delete first come first): unscheduled < scheduled, Pending <
 * Unknown < Running, not ready < ready, ready for less time < more, more restarts < fewer, newer < older.
 */
export function compareForDeletion(a: Pod, b: Pod): number {
  const less = (x: Pod, y: Pod): boolean => {
    const [nx, ny] = [x.spec?.nodeName ?? "", y.spec?.nodeName ?? ""];
    if (nx !== ny && (nx === "" || ny === "")) return nx === "";
    const [px, py] = [PHASE_ORDINAL[phaseOf(x) ?? ""] ?? 0, PHASE_ORDINAL[phaseOf(y) ?? ""] ?? 0];
    if (px !== py) return px < py;
    const [rx, ry] = [isPodReady(x), isPodReady(y)];
    if (rx !== ry) return !rx;
    if (rx && ry && readyTime(x) !== readyTime(y)) return afterOrZero(readyTime(x), readyTime(y));
    if (maxRestarts(x) !== maxRestarts(y)) return maxRestarts(x) > maxRestarts(y);
    const [cx, cy] = [timeOf(x.metadata?.creationTimestamp) ?? 0, timeOf(y.metadata?.creationTimestamp) ?? 0];
    if (cx !== cy) return afterOrZero(cx, cy);
    return false;
  };
  return less(a, b) ? -1 : less(b, a) ? 1 : 0;
}
