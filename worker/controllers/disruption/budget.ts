/**
 * A PodDisruptionBudget's status as pure functions (pkg/controller/disruption and
 * k8s.io/component-helpers/apps/poddisruptionbudget): the expected pod count and desired healthy pods from
 * minAvailable / maxUnavailable (percentages scale the pods' controllers' replicas), the disrupted-pods map
 * (entries the Eviction API added expire after 2 minutes unless the pod was deleted), healthy pods, and the
 * DisruptionAllowed condition.
 */
import type { KubeObject } from "../../../schema/types";
import { isPodReady } from "../node-lifecycle/pod-conditions";
import { parseTime, timeString } from "../node-lifecycle/time";

/** DeletionTimeout: how long an eviction's entry in status.disruptedPods waits for the pod's deletion. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

export const DISRUPTION_ALLOWED = "DisruptionAllowed";

export interface MetaCondition {
  type: string;
  status: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

/** intstr.GetScaledValueFromIntOrPercent: an int as is, `N%` of `total` rounded up or down. */
export function scaledValue(v: number | string, total: number, roundUp: boolean): Result<number> {
  if (typeof v === "number") return { ok: true, value: v };
  if (!v.endsWith("%")) return { ok: false, message: `invalid value for IntOrString: invalid type: string is not a percentage` };
  const digits = v.slice(0, -1);
  if (!/^[+-]?\d+$/.test(digits)) return { ok: false, message: `invalid value for IntOrString: invalid value "${v}": strconv.Atoi: parsing "${digits}": invalid syntax` };
  const pct = Number(digits);
  const exact = (pct * total) / 100;
  return { ok: true, value: roundUp ? Math.ceil(exact) : Math.floor(exact) };
}

/** A pod's controller and that controller's scale (a ReplicaSet's pods count their Deployment once). */
export interface ControllerScale {
  uid: string;
  scale: number;
}

export interface ExpectedCount {
  expectedCount: number;
  desiredHealthy: number;
  unmanagedPods: string[];
}

const ownerUid = (pod: KubeObject): string | undefined => (pod.metadata?.ownerReferences ?? []).find((r: KubeObject) => r?.controller)?.uid;

/**
 * getExpectedScale: the sum of the scales of the pods' controllers. `scales` maps a pod's controllerRef uid to
 * its resolved controller (undefined: none found, an error as upstream's "found no controllers").
 */
export function expectedScale(pods: readonly KubeObject[], scales: ReadonlyMap<string, ControllerScale | undefined>): Result<{ count: number; unmanagedPods: string[] }> {
  const byController = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const uid = ownerUid(pod);
    if (!uid) {
      unmanagedPods.push(pod.metadata?.name);
      continue;
    }
    const found = scales.get(uid);
    if (!found) return { ok: false, message: `found no controllers for pod "${pod.metadata?.name}"` };
    byController.set(found.uid, found.scale);
  }
  let count = 0;
  for (const n of byController.values()) count += n;
  return { ok: true, value: { count, unmanagedPods } };
}

/** Whether getExpectedPodCount needs the controllers' scales (maxUnavailable, or a percentage minAvailable). */
export const needsScale = (spec: KubeObject): boolean => spec.maxUnavailable != null || typeof spec.minAvailable === "string";

/** getExpectedPodCount. */
export function expectedPodCount(spec: KubeObject, pods: readonly KubeObject[], scales: ReadonlyMap<string, ControllerScale | undefined>): Result<ExpectedCount> {
  if (spec.maxUnavailable != null) {
    const scale = expectedScale(pods, scales);
    if (!scale.ok) return scale;
    const max = scaledValue(spec.maxUnavailable, scale.value.count, true);
    if (!max.ok) return max;
    const desiredHealthy = Math.max(0, scale.value.count - max.value);
    return { ok: true, value: { expectedCount: scale.value.count, desiredHealthy, unmanagedPods: scale.value.unmanagedPods } };
  }
  if (typeof spec.minAvailable === "number") return { ok: true, value: { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanagedPods: [] } };
  if (typeof spec.minAvailable === "string") {
    const scale = expectedScale(pods, scales);
    if (!scale.ok) return scale;
    const min = scaledValue(spec.minAvailable, scale.value.count, true);
    if (!min.ok) return min;
    return { ok: true, value: { expectedCount: scale.value.count, desiredHealthy: min.value, unmanagedPods: scale.value.unmanagedPods } };
  }
  return { ok: true, value: { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] } };
}

export interface DisruptedPods {
  disruptedPods: Record<string, string>;
  /** Unix ms of the earliest kept entry's expiry (recheck then). */
  recheckAt?: number;
  /** Pods whose entry expired without their deletion (event NotDeleted). */
  notDeleted: string[];
}

/** buildDisruptedPodMap: entries of existing, not yet terminating pods, until DELETION_TIMEOUT_MS after eviction. */
export function buildDisruptedPods(pods: readonly KubeObject[], status: KubeObject | undefined, now: number): DisruptedPods {
  const given: Record<string, string> = status?.disruptedPods ?? {};
  const out: DisruptedPods = { disruptedPods: {}, notDeleted: [] };
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const name = pod.metadata?.name as string;
    if (!Object.hasOwn(given, name)) continue;
    const expires = (parseTime(given[name]) ?? 0) + DELETION_TIMEOUT_MS;
    if (expires < now) {
      out.notDeleted.push(name);
      continue;
    }
    out.disruptedPods[name] = given[name];
    out.recheckAt = Math.min(out.recheckAt ?? Infinity, expires);
  }
  return out;
}

/** countHealthyPods: Ready pods neither terminating nor recently evicted. */
export function countHealthyPods(pods: readonly KubeObject[], disruptedPods: Record<string, string>, now: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const evicted = disruptedPods[pod.metadata?.name];
    if (evicted !== undefined && (parseTime(evicted) ?? 0) + DELETION_TIMEOUT_MS > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

/** apimeta.SetStatusCondition: returns the new list (the transition time moves when the status does). */
export function setStatusCondition(conditions: readonly MetaCondition[] | undefined, cond: MetaCondition, now: number): MetaCondition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c?.type === cond.type);
  if (i < 0) return [...list, { ...cond, lastTransitionTime: cond.lastTransitionTime ?? timeString(now) }];
  const old = list[i];
  list[i] = {
    ...old,
    status: cond.status,
    lastTransitionTime: old.status !== cond.status ? (cond.lastTransitionTime ?? timeString(now)) : old.lastTransitionTime,
    reason: cond.reason,
    message: cond.message,
    observedGeneration: cond.observedGeneration,
  };
  return list;
}

/** UpdateDisruptionAllowedCondition: True/SufficientPods when disruptions are allowed, else False/InsufficientPods. */
export function disruptionAllowedCondition(status: KubeObject, now: number): MetaCondition[] {
  const allowed = (status.disruptionsAllowed ?? 0) > 0;
  return setStatusCondition(
    status.conditions,
    { type: DISRUPTION_ALLOWED, status: allowed ? "True" : "False", reason: allowed ? "SufficientPods" : "InsufficientPods", message: "", observedGeneration: status.observedGeneration ?? 0 },
    now,
  );
}

/** ConditionsAreUpToDate. */
export function conditionsAreUpToDate(pdb: KubeObject): boolean {
  const status = pdb.status ?? {};
  const cond = (status.conditions ?? []).find((c: MetaCondition) => c?.type === DISRUPTION_ALLOWED);
  if (!cond || (status.observedGeneration ?? 0) !== (pdb.metadata?.generation ?? 0)) return false;
  return (status.disruptionsAllowed ?? 0) > 0 ? cond.status === "True" && cond.reason === "SufficientPods" : cond.status === "False" && cond.reason === "InsufficientPods";
}

const sameMap = (a: Record<string, string> | undefined, b: Record<string, string>) => {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b).length && ka.every((k) => a![k] === b[k]);
};

/** updatePdbStatus: the new status, or undefined when the stored one is up to date. */
export function pdbStatus(pdb: KubeObject, currentHealthy: number, desiredHealthy: number, expectedCount: number, disruptedPods: Record<string, string>, now: number): KubeObject | undefined {
  // expectedCount > 0: a budget matching no pods yet is safe when its first pods appear before its next sync.
  const disruptionsAllowed = expectedCount <= 0 || currentHealthy - desiredHealthy <= 0 ? 0 : currentHealthy - desiredHealthy;
  const s = pdb.status ?? {};
  const generation = pdb.metadata?.generation ?? 0;
  if (
    (s.currentHealthy ?? 0) === currentHealthy &&
    (s.desiredHealthy ?? 0) === desiredHealthy &&
    (s.expectedPods ?? 0) === expectedCount &&
    (s.disruptionsAllowed ?? 0) === disruptionsAllowed &&
    sameMap(s.disruptedPods, disruptedPods) &&
    (s.observedGeneration ?? 0) === generation &&
    conditionsAreUpToDate(pdb)
  ) {
    return undefined;
  }
  const next: KubeObject = { currentHealthy, desiredHealthy, expectedPods: expectedCount, disruptionsAllowed, observedGeneration: generation, conditions: s.conditions };
  if (Object.keys(disruptedPods).length) next.disruptedPods = disruptedPods;
  next.conditions = disruptionAllowedCondition(next, now);
  return next;
}

/** failSafe: no disruptions allowed, DisruptionAllowed False / SyncFailed with the error. */
export function failSafeStatus(pdb: KubeObject, message: string, now: number): KubeObject {
  const s = { ...(pdb.status ?? {}), disruptionsAllowed: 0 };
  s.conditions = setStatusCondition(s.conditions, { type: DISRUPTION_ALLOWED, status: "False", reason: "SyncFailed", message, observedGeneration: s.observedGeneration ?? 0 }, now);
  return s;
}
