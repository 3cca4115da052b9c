/**
 * The request filters that protect an isolate from one client: per-user in-flight and watch limits
 * (inflight.ts), request classification (request-class.ts), and the end of a streamed response
 * (stream-end.ts). `admitUser` is what the app's middleware calls once the (impersonated) user is known.
 */
import { isMaster, type UserInfo } from "../authn/user";
import { tooManyRequests, UserInflight, userLimitsOf } from "./inflight";
import { isProbePath, type RequestClass } from "./request-class";
import { onResponseEnd } from "./stream-end";

export { classifyRequest, isProbePath, type RequestClass } from "./request-class";
export { onResponseEnd } from "./stream-end";
export {
  DEFAULT_MAX_REQUESTS_INFLIGHT_PER_USER,
  DEFAULT_MAX_WATCHES_PER_USER,
  tooManyRequests,
  UserInflight,
  userLimitsOf,
  type UserLimits,
} from "./inflight";

/** This isolate's counts (see inflight.ts: limits are per isolate). */
export const USER_INFLIGHT = new UserInflight();

/** A held slot; give it back with `release` or, for a response that may stream, `releaseAtEnd`. */
export class Lease {
  private released = false;

  constructor(
    private readonly counts: UserInflight,
    private readonly user: string,
    private readonly longRunning: boolean,
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    this.counts.release(this.user, this.longRunning);
  }

  /** Releases now for an ordinary response; for a long-running one when its body ends (the watch closes). */
  releaseAtEnd(res: Response): Response {
    if (!this.longRunning) {
      this.release();
      return res;
    }
    return onResponseEnd(res, () => this.release());
  }
}

/**
 * Takes a slot for the request of `user`, or throws 429 TooManyRequests when the user holds its limit.
 * Returns undefined for exempt requests (`system:masters`, health probes), which are not counted.
 */
export function admitUser(
  env: { MAX_REQUESTS_INFLIGHT_PER_USER?: string; MAX_WATCHES_PER_USER?: string },
  user: UserInfo,
  request: RequestClass,
  counts: UserInflight = USER_INFLIGHT,
): Lease | undefined {
  if (isMaster(user) || isProbePath(request.path)) return undefined;
  const limits = userLimitsOf(env);
  const limit = request.longRunning ? limits.watches : limits.requests;
  if (!counts.tryAcquire(user.username, request.longRunning, limit)) throw tooManyRequests();
  return new Lease(counts, user.username, request.longRunning);
}
