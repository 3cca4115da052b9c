/**
 * Per-user concurrency limits: requests in flight and open watches (long-running requests), keyed by
 * username, in the spirit of kube-apiserver's max-in-flight filter and API Priority and Fairness
 * (k8s.io/apiserver/pkg/server/filters/maxinflight.go, pkg/util/flowcontrol), which kube-apiserver applies
 * after impersonation and before authorization.
 *
 * The counts live in one isolate's memory: each Worker isolate enforces its own limits, so a user spread over
 * several isolates (several edge locations, or an isolate restart) may hold up to the limit in each. That is
 * the point of the limit here — one client must not exhaust the isolate that also serves everyone else.
 *
 * Differences from upstream, on purpose:
 * - upstream queues excess requests (APF) before rejecting; here the excess is rejected at once, so the
 *   defaults leave headroom: 100 requests in flight per user sits between APF's default nominal seats of the
 *   `global-default` (≈49 of 600) and `workload-low` (≈245) priority levels, far above what kubectl or a
 *   client-go client with default QPS (5, burst 10) ever has in flight;
 * - upstream does not count watches after their initial events; here an open watch (or log/exec/proxy stream)
 *   counts until its stream closes, at most 100 per user by default — a kubelet opens ~10, a controller
 *   manager's shared informers ~40;
 * - the rejection is upstream's message and Retry-After, but as a metav1.Status (upstream writes it with
 *   `http.Error` as text/plain) so that it leaves through the API's one error path.
 * Exempt as upstream's `exempt` and `probes` FlowSchemas: `system:masters`, and the health probe paths.
 */
import { ApiError } from "../errors";

export const DEFAULT_MAX_REQUESTS_INFLIGHT_PER_USER = 100;
export const DEFAULT_MAX_WATCHES_PER_USER = 100;

export interface UserLimits {
  /** Requests in flight per user; 0 = unlimited (as upstream's `--max-requests-inflight=0`). */
  requests: number;
  /** Open long-running requests (watches, log/exec/proxy streams) per user; 0 = unlimited. */
  watches: number;
}

/** The Status of a request over its user's limit (upstream's message and `Retry-After: 1`). */
export function tooManyRequests(): ApiError {
  return new ApiError(429, "TooManyRequests", "Too many requests, please try again later.", { retryAfterSeconds: 1 }, { "Retry-After": "1" });
}

/** Counts per user and kind; a user's entry disappears when its count returns to 0. */
export class UserInflight {
  private readonly requests = new Map<string, number>();
  private readonly watches = new Map<string, number>();

  /** Takes a slot for `user`, or returns false when the user already holds `limit` of that kind. */
  tryAcquire(user: string, longRunning: boolean, limit: number): boolean {
    const counts = longRunning ? this.watches : this.requests;
    const held = counts.get(user) ?? 0;
    if (limit > 0 && held >= limit) return false;
    counts.set(user, held + 1);
    return true;
  }

  release(user: string, longRunning: boolean): void {
    const counts = longRunning ? this.watches : this.requests;
    const held = counts.get(user) ?? 0;
    if (held <= 1) counts.delete(user);
    else counts.set(user, held - 1);
  }

  held(user: string, longRunning: boolean): number {
    return (longRunning ? this.watches : this.requests).get(user) ?? 0;
  }

  /** How many users hold at least one slot of either kind (for tests: nothing leaks). */
  get users(): number {
    return new Set([...this.requests.keys(), ...this.watches.keys()]).size;
  }
}

let cachedRaw: [string | undefined, string | undefined] = [undefined, undefined];
let cachedLimits: UserLimits = { requests: DEFAULT_MAX_REQUESTS_INFLIGHT_PER_USER, watches: DEFAULT_MAX_WATCHES_PER_USER };

/** The limits of the bindings (parsed once per distinct value); unset or invalid values take the defaults. */
export function userLimitsOf(env: { MAX_REQUESTS_INFLIGHT_PER_USER?: string; MAX_WATCHES_PER_USER?: string }): UserLimits {
  const requests = env.MAX_REQUESTS_INFLIGHT_PER_USER;
  const watches = env.MAX_WATCHES_PER_USER;
  if (requests !== cachedRaw[0] || watches !== cachedRaw[1]) {
    cachedLimits = {
      requests: parseLimit(requests, DEFAULT_MAX_REQUESTS_INFLIGHT_PER_USER),
      watches: parseLimit(watches, DEFAULT_MAX_WATCHES_PER_USER),
    };
    cachedRaw = [requests, watches];
  }
  return cachedLimits;
}

/** A non-negative integer, else `fallback`. */
export function parseLimit(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}
