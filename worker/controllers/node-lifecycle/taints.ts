/**
 * The taints the node lifecycle controller owns:
 * - NoSchedule taints that mirror node conditions and spec.unschedulable (doNoScheduleTaintingPass, upstream's
 *   TaintNodesByCondition): Ready False → not-ready, Unknown → unreachable, MemoryPressure / DiskPressure /
 *   PIDPressure / NetworkUnavailable True → their taints, unschedulable → node.kubernetes.io/unschedulable;
 * - the NoExecute not-ready / unreachable taint that follows Ready (processTaintBaseEviction and the tainting
 *   pass), the two mutually exclusive, swapped at once, removed when the node is Ready again.
 * Taints added carry timeAdded (SwapNodeControllerTaint); other taints are left as they are.
 */
import type { KubeObject } from "../../../schema/types";
import type { NodeCondition } from "./health";

export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";
export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
export const TAINT_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
export const TAINT_MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
export const TAINT_DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
export const TAINT_NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";
export const TAINT_PID_PRESSURE = "node.kubernetes.io/pid-pressure";

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/** nodeConditionToTaintKeyStatusMap: condition type → status → taint key. */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: TAINT_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_PID_PRESSURE },
};

/** taintKeyToNodeConditionMap's keys plus unschedulable: the NoSchedule taints this controller owns. */
const OWNED_NO_SCHEDULE = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_MEMORY_PRESSURE, TAINT_DISK_PRESSURE, TAINT_NETWORK_UNAVAILABLE, TAINT_PID_PRESSURE, TAINT_UNSCHEDULABLE]);

/**
 * What the zone's state lets the NoExecute tainting do: add the taint ("allow"), only keep or swap an existing
 * one ("hold": the zone's eviction rate is 0), or remove it ("clear": every zone is fully disrupted).
 */
export type NoExecuteGate = "allow" | "hold" | "clear";

const sameTaint = (a: Taint, key: string, effect: string) => a.key === key && a.effect === effect;

/** The NoSchedule taint keys the node's conditions and spec.unschedulable call for. */
export function noScheduleTaintKeys(conditions: readonly NodeCondition[], unschedulable: boolean): string[] {
  const keys: string[] = [];
  for (const c of conditions) {
    const key = CONDITION_TAINTS[c?.type]?.[c?.status];
    if (key && !keys.includes(key)) keys.push(key);
  }
  if (unschedulable) keys.push(TAINT_UNSCHEDULABLE);
  return keys;
}

/** The NoExecute taint key Ready calls for, given the gate (undefined: none). */
function noExecuteTaintKey(ready: string | undefined, current: readonly Taint[], gate: NoExecuteGate): string | undefined {
  if (gate === "clear" || (ready !== "False" && ready !== "Unknown")) return undefined;
  const wanted = ready === "False" ? TAINT_NOT_READY : TAINT_UNREACHABLE;
  const opposite = ready === "False" ? TAINT_UNREACHABLE : TAINT_NOT_READY;
  const has = (key: string) => current.some((t) => sameTaint(t, key, "NoExecute"));
  // The swap is immediate; adding a first NoExecute taint waits for the zone's rate.
  if (gate === "allow" || has(wanted) || has(opposite)) return wanted;
  return undefined;
}

/**
 * The node's taints after this pass, or undefined when nothing changes. `ready` is the Ready status after the
 * health check (undefined: no Ready condition yet, NoExecute taints untouched); `now` stamps added taints.
 */
export function reconcileNodeTaints(node: KubeObject, conditions: readonly NodeCondition[], ready: string | undefined, gate: NoExecuteGate, now: string): Taint[] | undefined {
  const current: Taint[] = node.spec?.taints ?? [];
  const wantNoSchedule = noScheduleTaintKeys(conditions, node.spec?.unschedulable === true);
  const noExecuteOwned = ready !== undefined || gate === "clear";
  const wantNoExecute = noExecuteOwned ? noExecuteTaintKey(ready, current, gate) : undefined;

  const keep = current.filter((t) => {
    if (t.effect === "NoSchedule" && OWNED_NO_SCHEDULE.has(t.key)) return wantNoSchedule.includes(t.key);
    if (noExecuteOwned && t.effect === "NoExecute" && (t.key === TAINT_NOT_READY || t.key === TAINT_UNREACHABLE)) return t.key === wantNoExecute;
    return true;
  });
  const add: Taint[] = [];
  for (const key of wantNoSchedule) if (!keep.some((t) => sameTaint(t, key, "NoSchedule"))) add.push({ key, effect: "NoSchedule", timeAdded: now });
  if (wantNoExecute && !keep.some((t) => sameTaint(t, wantNoExecute, "NoExecute"))) add.push({ key: wantNoExecute, effect: "NoExecute", timeAdded: now });
  if (add.length === 0 && keep.length === current.length) return undefined;
  return [...keep, ...add];
}
