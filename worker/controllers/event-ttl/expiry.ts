/**
 * When an Event expires (pure). Upstream stores Events under an etcd lease of `--event-ttl` (1h default),
 * renewed by every write of the Event; we keep no lease, so an Event's last write is taken as the newest of
 * its timestamps: lastTimestamp, eventTime, series.lastObservedTime, metadata.creationTimestamp (every
 * recorder write moves one of them).
 */
import type { KubeObject } from "../../../schema/types";

/** kube-apiserver's `--event-ttl` default. */
export const EVENT_TTL_MS = 60 * 60 * 1000;

/** The cron trigger's period (`* * * * *`): the sweep runs at each minute boundary anyway. */
export const CRON_PERIOD_MS = 60 * 1000;

/** Unix ms of the Event's last write as its timestamps tell it; undefined when it carries none. */
export function lastSeen(event: KubeObject): number | undefined {
  const times = [event.lastTimestamp, event.eventTime, event.series?.lastObservedTime, event.metadata?.creationTimestamp]
    .filter((t): t is string => typeof t === "string" && t !== "")
    .map((t) => Date.parse(t))
    .filter((t) => Number.isFinite(t));
  return times.length ? Math.max(...times) : undefined;
}

export interface ExpiryPlan {
  /** Events past their TTL at `now`, to delete. */
  expired: KubeObject[];
  /** Unix ms when the next of the others expires (undefined: none left). */
  nextExpiry?: number;
}

export function planEventExpiry(events: KubeObject[], now: number, ttlMs = EVENT_TTL_MS): ExpiryPlan {
  const expired: KubeObject[] = [];
  let nextExpiry: number | undefined;
  for (const ev of events) {
    const seen = lastSeen(ev);
    if (seen === undefined) continue;
    const expiry = seen + ttlMs;
    if (expiry <= now) expired.push(ev);
    else if (nextExpiry === undefined || expiry < nextExpiry) nextExpiry = expiry;
  }
  return nextExpiry === undefined ? { expired } : { expired, nextExpiry };
}

/** Milliseconds from `now` to the next cron run (the next minute boundary, always > 0). */
export function msUntilNextCron(now: number, periodMs = CRON_PERIOD_MS): number {
  return periodMs - (((now % periodMs) + periodMs) % periodMs);
}

/**
 * When the sweep should run again by itself: at the next expiry, but only when that comes before the next
 * cron run (which sweeps anyway) — an idle cluster sets no alarm.
 */
export function requeueAfterMs(nextExpiry: number | undefined, now: number, periodMs = CRON_PERIOD_MS): number | undefined {
  if (nextExpiry === undefined) return undefined;
  const wait = Math.max(0, nextExpiry - now);
  return wait < msUntilNextCron(now, periodMs) ? wait : undefined;
}
