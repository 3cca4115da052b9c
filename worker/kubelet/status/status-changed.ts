/**
 * Whether a computed status differs from the stored one: status_manager.go isPodStatusByKubeletEqual, which
 * decides whether the kubelet sends a status update at all.
 *
 * - Conditions the kubelet owns or shares (PodScheduled, Initialized, Ready, ContainersReady,
 *   PodReadyToStartContainers, DisruptionTarget) are matched by type, in any order, on status, reason and
 *   message; their timestamps follow from those and are not compared. Conditions owned by others are not the
 *   kubelet's to write and do not count.
 * - Everything else is compared in full and in order, as apiequality.Semantic.DeepEqual does: absent, null, "",
 *   empty lists and empty objects are alike (Go's zero values and nil-vs-empty collections), and times are
 *   compared as instants at the one-second precision metav1.Time carries.
 */
import { KUBELET_CONDITIONS, SHARED_CONDITIONS } from "./pod-conditions";
import type { PodCondition, PodStatusLike } from "./types";

const TIME_FIELDS = new Set(["startTime", "startedAt", "finishedAt", "lastTransitionTime", "lastProbeTime"]);

/** True when writing `next` over `stored` would change what the kubelet owns. */
export function statusChanged(stored: PodStatusLike | undefined, next: PodStatusLike): boolean {
  const old = stored ?? {};
  if (!sameKubeletConditions(old.conditions ?? [], next.conditions ?? [])) return true;
  const { conditions: _a, ...restOld } = old;
  const { conditions: _b, ...restNext } = next;
  return !semanticEqual(restOld, restNext);
}

function sameKubeletConditions(a: readonly PodCondition[], b: readonly PodCondition[]): boolean {
  const owned = (cs: readonly PodCondition[]) => {
    const m = new Map<string, PodCondition>();
    for (const c of cs) if (KUBELET_CONDITIONS.includes(c.type) || SHARED_CONDITIONS.includes(c.type)) m.set(c.type, c);
    return m;
  };
  const ma = owned(a);
  const mb = owned(b);
  if (ma.size !== mb.size) return false;
  for (const [type, c] of mb) {
    const o = ma.get(type);
    if (!o || o.status !== c.status || (o.reason ?? "") !== (c.reason ?? "") || (o.message ?? "") !== (c.message ?? "")) return false;
  }
  return true;
}

const isZero = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every(isZero));

const seconds = (t: unknown) => (typeof t === "string" && !Number.isNaN(Date.parse(t)) ? Math.floor(Date.parse(t) / 1000) : t);

/** apiequality.Semantic.DeepEqual on JSON values. */
export function semanticEqual(a: unknown, b: unknown, key = ""): boolean {
  if (isZero(a) && isZero(b)) return true;
  if (TIME_FIELDS.has(key)) return seconds(a) === seconds(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    for (const k of keys) if (!semanticEqual(ao[k], bo[k], k)) return false;
    return true;
  }
  return a === b;
}
