/**
 * client-go flowcontrol.Backoff (no jitter) as pure functions over one entry: the DaemonSet controller's
 * failedPodsBackoff (1 s doubling to 15 min) that keeps it from hot-looping against a kubelet that keeps failing
 * its pod on one node. Like upstream's, the entries live in the controller's memory only.
 */

export interface BackoffEntry {
  backoffMs: number;
  /** Unix ms of the last Next. */
  lastUpdate: number;
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/** daemon.NewDaemonSetsController: flowcontrol.NewBackOff(1*time.Second, 15*time.Minute). */
export const FAILED_PODS_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 15 * 60_000 };

/** hasExpired: untouched for longer than twice the maximum, the entry starts over. */
const hasExpired = (entry: BackoffEntry, now: number, policy: BackoffPolicy) => now - entry.lastUpdate > 2 * policy.maxMs;

/** IsInBackOffSinceUpdate. */
export function inBackoffSinceUpdate(entry: BackoffEntry | undefined, now: number, policy = FAILED_PODS_BACKOFF): boolean {
  if (!entry || hasExpired(entry, now, policy)) return false;
  return now - entry.lastUpdate < entry.backoffMs;
}

/** Next: the first step (or one after expiry) waits `initialMs`, each later one twice the last, capped. */
export function nextBackoff(entry: BackoffEntry | undefined, now: number, policy = FAILED_PODS_BACKOFF): BackoffEntry {
  if (!entry || hasExpired(entry, now, policy)) return { backoffMs: policy.initialMs, lastUpdate: now };
  return { backoffMs: Math.min(entry.backoffMs * 2, policy.maxMs), lastUpdate: now };
}

/** failedPodsBackoffKey: `<ds uid>/<observedGeneration>/<node>` (a new generation starts afresh). */
export const failedPodsBackoffKey = (dsUid: string, observedGeneration: number, node: string): string =>
  `${dsUid}/${observedGeneration}/${node}`;
