/**
 * Node health as the node lifecycle controller judges it (pkg/controller/nodelifecycle tryUpdateNodeHealth):
 * a node is heard from through its Lease in kube-node-lease (spec.renewTime) and its Ready condition's
 * lastHeartbeatTime; not heard from within the grace period, its Ready, MemoryPressure, DiskPressure and
 * PIDPressure conditions become Unknown ("NodeStatusUnknown" / "Kubelet stopped posting node status.", or
 * "NodeStatusNeverUpdated" for a condition the kubelet never posted).
 *
 * Upstream keeps, per node, the controller's local time of the last change it observed; being stateless, this
 * takes the newest of the two timestamps themselves (the kubelet's clock, not the controller's).
 */
import type { KubeObject } from "../../../schema/types";
import { parseTime, timeString } from "./time";

/** --node-monitor-grace-period: 50 s since 1.32 (40 s before). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
/** --node-startup-grace-period: for a node that never posted a Ready condition. */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
/**
 * Two kubelet heartbeats (the Lease is renewed every 10 s): a node not heard from for this long gets a timer
 * for the moment it turns stale; a healthy node gets none (the cron resync looks at it every minute).
 */
export const STALE_HINT_MS = 20_000;

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string | null;
  lastTransitionTime?: string | null;
}

/** The conditions set to Unknown when the kubelet goes silent; NetworkUnavailable belongs to the network plugin. */
export const MONITORED_CONDITIONS = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

export interface NodeHealth {
  /** The node's conditions to write (only when the Ready condition changed), else undefined. */
  conditions?: NodeCondition[];
  /** Ready's status before this pass (undefined: the kubelet never posted one). */
  observedReady?: string;
  /** Ready's status after it. */
  ready?: string;
  /** Unix ms the node was last heard from. */
  probeTime: number;
  /** Unix ms it turns stale (absent once stale). */
  staleAt?: number;
}

export function conditionOf(node: KubeObject, type: string): NodeCondition | undefined {
  const conditions: NodeCondition[] = node.status?.conditions ?? [];
  return conditions.find((c) => c?.type === type);
}

/** The node's health at `now` (Unix ms) given its Lease (undefined when it has none). */
export function nodeHealth(node: KubeObject, lease: KubeObject | undefined, now: number): NodeHealth {
  const ready = conditionOf(node, "Ready");
  const created = parseTime(node.metadata?.creationTimestamp) ?? now;
  const grace = ready ? NODE_MONITOR_GRACE_PERIOD_MS : NODE_STARTUP_GRACE_PERIOD_MS;
  const heartbeat = ready ? (parseTime(ready.lastHeartbeatTime) ?? created) : created;
  const probeTime = Math.max(heartbeat, parseTime(lease?.spec?.renewTime) ?? -Infinity);
  if (now <= probeTime + grace) return { observedReady: ready?.status, ready: ready?.status, probeTime, staleAt: probeTime + grace };

  const at = timeString(now);
  const conditions: NodeCondition[] = [...(node.status?.conditions ?? [])];
  for (const type of MONITORED_CONDITIONS) {
    const i = conditions.findIndex((c) => c?.type === type);
    if (i < 0) {
      conditions.push({
        type,
        status: "Unknown",
        reason: "NodeStatusNeverUpdated",
        message: "Kubelet never posted node status.",
        lastHeartbeatTime: node.metadata?.creationTimestamp,
        lastTransitionTime: at,
      });
    } else if (conditions[i].status !== "Unknown") {
      conditions[i] = { ...conditions[i], status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: at };
    }
  }
  const next = conditions.find((c) => c.type === "Ready");
  // Upstream writes only when the Ready condition itself changed.
  const changed = JSON.stringify(next) !== JSON.stringify(ready);
  return { conditions: changed ? conditions : undefined, observedReady: ready?.status, ready: next?.status, probeTime };
}

/**
 * When to look at the node again (ms from `now`): at the moment it turns stale (rounded up to the next whole
 * second, so the timers of many nodes share alarms), for a node not heard from for STALE_HINT_MS — and, on
 * the cron resync's pass, for every node not stale yet. Upstream looks at every node every 5 s
 * (--node-monitor-period); here a healthy node costs at most one timer a minute, which is what detecting a
 * silent kubelet within 60 s needs (the cron alone would see it up to 50 s + a minute late). Undefined for an
 * already stale node.
 */
export function recheckAfterMs(health: NodeHealth, now: number, resync = false): number | undefined {
  if (health.staleAt === undefined || (!resync && now - health.probeTime < STALE_HINT_MS)) return undefined;
  return Math.ceil(health.staleAt / 1000) * 1000 + 1 - now;
}
