/**
 * Rolling-update arithmetic of pkg/controller/deployment/util/deployment_util.go: maxSurge and maxUnavailable
 * as ints or percentages of spec.replicas (intstr.GetScaledValueFromIntOrPercent: surge rounds up, unavailable
 * down; both resolving to 0 makes unavailable 1), and how far the new ReplicaSet may grow (NewRSNewReplicas).
 */
import type { KubeObject } from "../../../schema/types";

export const ROLLING_UPDATE = "RollingUpdate";
export const RECREATE = "Recreate";

/** `*(x.Spec.Replicas)`: defaulted to 1 by the API, so absent only in hand-made objects. */
export const specReplicas = (obj: KubeObject | undefined): number => obj?.spec?.replicas ?? 1;

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as is, "N%" of `total` rounded up or down; a string without
 * "%" or with a non-integer is an error (validation refuses both, so callers fall back to 0 as upstream does).
 */
export function scaledValue(value: number | string | undefined | null, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) throw new Error("nil value for IntOrString");
  if (typeof value === "number") return value;
  if (!value.endsWith("%")) throw new Error("invalid value for IntOrString: invalid type: string is not a percentage");
  const digits = value.slice(0, -1);
  if (!/^[+-]?\d+$/.test(digits)) throw new Error(`invalid value for IntOrString: invalid value ${JSON.stringify(value)}`);
  const scaled = (Number(digits) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** ResolveFenceposts: absolute surge and unavailability for `desired` replicas (never both 0). */
export function resolveFenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, desired: number) {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export const isRollingUpdate = (d: KubeObject) => d.spec?.strategy?.type === ROLLING_UPDATE;

function fenceposts(d: KubeObject): { surge: number; unavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  try {
    return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, specReplicas(d));
  } catch {
    return { surge: 0, unavailable: 0 };
  }
}

/** MaxSurge: 0 unless RollingUpdate. */
export function maxSurge(d: KubeObject): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

/** MaxUnavailable: 0 unless RollingUpdate with replicas; never more than spec.replicas. */
export function maxUnavailable(d: KubeObject): number {
  if (!isRollingUpdate(d) || specReplicas(d) === 0) return 0;
  return Math.min(fenceposts(d).unavailable, specReplicas(d));
}

/**
 * NewRSNewReplicas: RollingUpdate grows the new ReplicaSet up to spec.replicas + maxSurge pods in all
 * (maxSurge taken directly, rounded up), never past spec.replicas; Recreate goes straight to spec.replicas.
 */
export function newRSNewReplicas(d: KubeObject, allRSs: KubeObject[], newRS: KubeObject): number {
  const desired = specReplicas(d);
  if (d.spec?.strategy?.type === RECREATE) return desired;
  if (!isRollingUpdate(d)) throw new Error(`deployment type ${d.spec?.strategy?.type} isn't supported`);
  const surge = scaledValue(d.spec.strategy.rollingUpdate?.maxSurge, desired, true);
  const current = allRSs.reduce((n, rs) => n + specReplicas(rs), 0);
  const maxTotal = desired + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  return specReplicas(newRS) + Math.min(maxTotal - current, desired - specReplicas(newRS));
}
