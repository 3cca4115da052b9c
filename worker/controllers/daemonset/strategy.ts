/**
 * The DaemonSet update strategy's numbers (pkg/controller/daemon/util SurgeCount, UnavailableCount, AllowsSurge;
 * DaemonSetUpdateSurge is GA, always on): percentages of the desired node count, rounded up.
 */
import type { KubeObject } from "../../../schema/types";
import { scaledValue } from "./pod-state";

const rollingUpdate = (ds: KubeObject): KubeObject | undefined =>
  ds.spec?.updateStrategy?.type === "RollingUpdate" ? (ds.spec.updateStrategy.rollingUpdate ?? undefined) : undefined;

/** SurgeCount: 0 unless RollingUpdate with maxSurge; undefined for an invalid value. */
export function surgeCount(ds: KubeObject, numberToSchedule: number): number | undefined {
  const r = rollingUpdate(ds);
  if (!r || r.maxSurge == null) return 0;
  return scaledValue(r.maxSurge, numberToSchedule, true);
}

/** UnavailableCount: 0 unless RollingUpdate; undefined for an invalid value. */
export function unavailableCount(ds: KubeObject, numberToSchedule: number): number | undefined {
  const r = rollingUpdate(ds);
  if (!r) return 0;
  return scaledValue(r.maxUnavailable, numberToSchedule, true);
}

/** AllowsSurge: more than one pod per node may run during an update. */
export function allowsSurge(ds: KubeObject): boolean {
  const n = surgeCount(ds, 1);
  return n !== undefined && n > 0;
}
