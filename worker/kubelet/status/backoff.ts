/**
 * The kubelet's two back-offs, as plain serialisable state a Durable Object can store:
 *
 * - CrashLoopBackOff (kuberuntime_manager.go doBackOff over `klet.backOff = flowcontrol.NewBackOff(10s, 300s)`),
 * - ImagePullBackOff (images/image_manager.go EnsureImageExists over `flowcontrol.NewBackOff(10s, 300s)`).
 *
 * The core mirrors client-go's flowcontrol.Backoff without jitter (the kubelet builds both with NewBackOff, whose
 * jitter factor is 0):
 * - an entry is `{backoff, lastUpdate}` per key; `Next` starts a missing or expired entry at the initial delay,
 *   otherwise doubles it up to the max, and stamps `lastUpdate = now` (the clock, not the event time);
 * - an entry has *expired* when `eventTime − lastUpdate > 2 × max` (600 s for both): an expired entry is not in
 *   back-off and the next `Next` starts again at 10 s. That is the only reset there is: a container that ran
 *   (and so was not restarted, so `Next` was not called) for more than ~10 minutes before failing again restarts
 *   at once and its next back-off is 10 s. Nothing resets the delay when a container merely becomes ready;
 * - `GC` deletes entries expired at `now`; the kubelet calls it from HandlePodCleanups (every housekeeping pass,
 *   2 s) for containers, and after each successful pull for images.
 *
 * All times are milliseconds since the epoch, passed in.
 */
import { goDuration } from "./go-format";

export interface BackoffEntry {
  /** The current delay (flowcontrol's backoffEntry.backoff). */
  backoffMs: number;
  /** When `next` last moved this entry (flowcontrol's backoffEntry.lastUpdate, the clock at that call). */
  lastUpdateMs: number;
}

/** Per-key entries; JSON-serialisable. */
export interface BackoffState {
  entries: Record<string, BackoffEntry>;
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/** kubelet.go: backOffPeriod = 10 s, MaxContainerBackOff = 300 s. */
export const CONTAINER_BACKOFF: BackoffPolicy = { initialMs: 10_000, maxMs: 300_000 };
/** kubelet.go: backOffPeriod = 10 s, MaxImageBackOff = 300 s. */
export const IMAGE_PULL_BACKOFF: BackoffPolicy = { initialMs: 10_000, maxMs: 300_000 };

export const emptyBackoff = (): BackoffState => ({ entries: {} });

/** flowcontrol.Backoff.hasExpired (default): stable for longer than twice the max delay. */
export const backoffExpired = (eventMs: number, lastUpdateMs: number, policy: BackoffPolicy): boolean =>
  eventMs - lastUpdateMs > 2 * policy.maxMs;

/** Backoff.Get: the current delay for a key, 0 when it has none. */
export const backoffDelay = (state: BackoffState, key: string): number => state.entries[key]?.backoffMs ?? 0;

/** Backoff.Next: move the key to its next delay (initial when missing or expired, else doubled up to the max). */
export function backoffNext(state: BackoffState, key: string, eventMs: number, nowMs: number, policy: BackoffPolicy): BackoffState {
  const entry = state.entries[key];
  const backoffMs =
    !entry || backoffExpired(eventMs, entry.lastUpdateMs, policy) ? policy.initialMs : Math.min(entry.backoffMs * 2, policy.maxMs);
  return { entries: { ...state.entries, [key]: { backoffMs, lastUpdateMs: nowMs } } };
}

/** Backoff.IsInBackOffSince: less than the current delay has passed between `eventMs` and now. */
export function inBackOffSince(state: BackoffState, key: string, eventMs: number, nowMs: number, policy: BackoffPolicy): boolean {
  const entry = state.entries[key];
  if (!entry || backoffExpired(eventMs, entry.lastUpdateMs, policy)) return false;
  return nowMs - eventMs < entry.backoffMs;
}

/** Backoff.IsInBackOffSinceUpdate: less than the current delay has passed between the last update and `eventMs`. */
export function inBackOffSinceUpdate(state: BackoffState, key: string, eventMs: number, policy: BackoffPolicy): boolean {
  const entry = state.entries[key];
  if (!entry || backoffExpired(eventMs, entry.lastUpdateMs, policy)) return false;
  return eventMs - entry.lastUpdateMs < entry.backoffMs;
}

/** Backoff.GC: drop entries expired at `nowMs`. Returns the same object when nothing is dropped. */
export function backoffGC(state: BackoffState, nowMs: number, policy: BackoffPolicy): BackoffState {
  const kept = Object.entries(state.entries).filter(([, e]) => !backoffExpired(nowMs, e.lastUpdateMs, policy));
  return kept.length === Object.keys(state.entries).length ? state : { entries: Object.fromEntries(kept) };
}

/** Backoff.Reset / DeleteEntry. Returns the same object when the key has no entry. */
export function backoffReset(state: BackoffState, key: string): BackoffState {
  if (!(key in state.entries)) return state;
  const { [key]: _dropped, ...entries } = state.entries;
  return { entries };
}

/** The pod as format.Pod prints it and GetStableKey keys it. */
export interface PodRef {
  name: string;
  namespace: string;
  uid: string;
}

/** format.Pod: `name_namespace(uid)`. */
export const formatPod = (pod: PodRef): string => `${pod.name}_${pod.namespace}(${pod.uid})`;

/**
 * kuberuntime GetStableKey: `name_namespace_uid_container_hash`. Upstream's hash is the container spec's hash, so
 * an edited container starts a fresh back-off; pass any stable digest of the container spec (or "" to key by name).
 */
export const containerBackoffKey = (pod: PodRef, containerName: string, specHash = ""): string =>
  `${pod.name}_${pod.namespace}_${pod.uid}_${containerName}_${specHash}`;

/** EnsureImageExists' key: `uid_image`. */
export const imagePullBackoffKey = (podUid: string, image: string): string => `${podUid}_${image}`;

/** An event the caller records on the container's object reference. */
export interface KubeletEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export type BackoffDecision =
  | { inBackOff: false; state: BackoffState }
  | {
      inBackOff: true;
      state: BackoffState;
      /** The container's waiting reason. */
      reason: "CrashLoopBackOff" | "ImagePullBackOff";
      /** The container's waiting message. */
      message: string;
      event: KubeletEvent;
      /** When an attempt would next be allowed: the time for the Durable Object's alarm. */
      retryAtMs: number;
    };

/**
 * doBackOff: may a container whose previous instance exited at `lastFinishedAtMs` be started now? When allowed,
 * the returned state has `Next` applied (the attempt is counted). No exited instance (`undefined`) means a first
 * start: allowed, state untouched. In back-off, the waiting message is
 * `back-off 20s restarting failed container=web pod=web-0_default(uid)` and the event
 * `BackOff: Back-off restarting failed container web in pod web-0_default(uid)`.
 */
export function checkContainerRestart(
  state: BackoffState,
  pod: PodRef,
  containerName: string,
  lastFinishedAtMs: number | undefined,
  nowMs: number,
  opts: { specHash?: string; policy?: BackoffPolicy } = {},
): BackoffDecision {
  if (lastFinishedAtMs === undefined) return { inBackOff: false, state };
  const policy = opts.policy ?? CONTAINER_BACKOFF;
  const key = containerBackoffKey(pod, containerName, opts.specHash);
  if (inBackOffSince(state, key, lastFinishedAtMs, nowMs, policy)) {
    const delay = backoffDelay(state, key);
    return {
      inBackOff: true,
      state,
      reason: "CrashLoopBackOff",
      message: `back-off ${goDuration(delay)} restarting failed container=${containerName} pod=${formatPod(pod)}`,
      event: {
        type: "Warning",
        reason: "BackOff",
        message: `Back-off restarting failed container ${containerName} in pod ${formatPod(pod)}`,
      },
      retryAtMs: lastFinishedAtMs + delay,
    };
  }
  return { inBackOff: false, state: backoffNext(state, key, lastFinishedAtMs, nowMs, policy) };
}

/**
 * EnsureImageExists' back-off check before a pull: in back-off while less than the current delay has passed since
 * the last failed pull. The waiting message and the (Normal) BackOff event read `Back-off pulling image "nginx:x"`.
 */
export function checkImagePull(
  state: BackoffState,
  podUid: string,
  image: string,
  nowMs: number,
  policy: BackoffPolicy = IMAGE_PULL_BACKOFF,
): BackoffDecision {
  const key = imagePullBackoffKey(podUid, image);
  if (!inBackOffSinceUpdate(state, key, nowMs, policy)) return { inBackOff: false, state };
  const message = `Back-off pulling image "${image}"`;
  const entry = state.entries[key];
  return {
    inBackOff: true,
    state,
    reason: "ImagePullBackOff",
    message,
    event: { type: "Normal", reason: "BackOff", message },
    retryAtMs: entry.lastUpdateMs + entry.backoffMs,
  };
}

/** A failed pull: `Next(key, now)`. */
export const recordImagePullFailure = (
  state: BackoffState,
  podUid: string,
  image: string,
  nowMs: number,
  policy: BackoffPolicy = IMAGE_PULL_BACKOFF,
): BackoffState => backoffNext(state, imagePullBackoffKey(podUid, image), nowMs, nowMs, policy);

/** A successful pull: upstream only garbage-collects (the pulled image's own entry stays until it expires). */
export const recordImagePullSuccess = (state: BackoffState, nowMs: number, policy: BackoffPolicy = IMAGE_PULL_BACKOFF): BackoffState =>
  backoffGC(state, nowMs, policy);
