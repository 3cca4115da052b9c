/**
 * SyncPod's `start` helper for one container: doBackOff (CrashLoopBackOff), then startContainer's
 * EnsureImageExists (pull policy, ImagePullBackOff, the pull itself), then the start call. The pull and the start
 * are actions whose results come back through `onImagePulled` / `onContainerStarted`; the attempt in the record
 * keeps a container from being started twice meanwhile.
 */
import { pullDecision } from "../../images/pull/policy";
import { checkContainerRestart, checkImagePull } from "../status/backoff";
import { type PlanContext, setWaiting, wakeAt } from "./context";
import { containerEvent } from "./record";
import { containerHash, pullPolicyOf, type SpecContainer } from "./spec";

/**
 * How long a failed pull shows as ErrImagePull before ImagePullBackOff: the pod worker requeues a pod whose sync
 * failed after backOffPeriod (10 s), and only that next sync reports the back-off.
 */
export const SYNC_ERROR_REQUEUE_MS = 10_000;

/** An attempt whose result never came back (the Durable Object lost it) is given up after this long. */
export const ATTEMPT_TIMEOUT_MS = { pulling: 15 * 60_000, starting: 2 * 60_000 } as const;

/** Drop a pull or start call that is out for longer than its timeout; true when one is still out. */
export function attemptOutstanding(ctx: PlanContext, name: string): boolean {
  const c = ctx.record.containers[name];
  const a = c.attempt;
  if (!a || a.stage === "pulled") return false;
  const until = a.sinceMs + ATTEMPT_TIMEOUT_MS[a.stage];
  if (ctx.nowMs < until) {
    wakeAt(ctx, until);
    return true;
  }
  c.attempt = undefined;
  return false;
}

export type StartOutcome = "inFlight" | "failed";

/** Start (or continue starting) one container. `failed` means the start did not happen in this pass. */
export function startContainer(ctx: PlanContext, s: SpecContainer): StartOutcome {
  const c = ctx.record.containers[s.spec.name];
  const image = s.spec.image ?? "";
  if (attemptOutstanding(ctx, c.name)) return "inFlight";
  if (c.attempt?.stage === "pulled") {
    ctx.actions.push({ kind: "startContainer", container: c.name, init: s.init, image: c.attempt.image, imageID: c.attempt.imageID ?? "" });
    c.attempt = { ...c.attempt, stage: "starting", sinceMs: ctx.nowMs };
    return "inFlight";
  }

  const specHash = containerHash(s.spec);
  const crash = checkContainerRestart(ctx.record.crashBackoff, ctx.record.pod, c.name, c.current?.exit?.finishedMs, ctx.nowMs, { specHash });
  if (crash.inBackOff) {
    setWaiting(ctx, c, crash.reason, crash.message, [[crash.event.type, crash.event.reason, crash.event.message]]);
    wakeAt(ctx, crash.retryAtMs);
    return "failed";
  }

  const policy = pullPolicyOf(s.spec);
  const present = ctx.images[image];
  const decision = pullDecision(image, policy, present !== undefined);
  if (decision.action === "fail") {
    setWaiting(ctx, c, decision.reason, decision.message, [
      [decision.event.type, decision.event.reason, decision.event.message],
      ["Warning", "Failed", `Error: ${decision.reason}`],
    ]);
    return "failed";
  }
  if (decision.action === "use-present") {
    ctx.record.crashBackoff = crash.state;
    ctx.actions.push(containerEvent(c, decision.event.type, decision.event.reason, decision.event.message));
    ctx.actions.push({ kind: "startContainer", container: c.name, init: s.init, image, imageID: present!.imageID });
    c.attempt = { stage: "starting", image, imageID: present!.imageID, specHash, sinceMs: ctx.nowMs };
    return "inFlight";
  }

  const pull = checkImagePull(ctx.record.imageBackoff, ctx.record.pod.uid, image, ctx.nowMs);
  if (pull.inBackOff) {
    const shownUntil = (c.waiting?.sinceMs ?? 0) + SYNC_ERROR_REQUEUE_MS;
    if (c.waiting?.reason === "ErrImagePull" && ctx.nowMs < shownUntil) {
      wakeAt(ctx, Math.min(shownUntil, pull.retryAtMs));
      return "failed";
    }
    setWaiting(ctx, c, pull.reason, pull.message, [
      [pull.event.type, pull.event.reason, pull.event.message],
      ["Warning", "Failed", `Error: ${pull.reason}`],
    ]);
    wakeAt(ctx, pull.retryAtMs);
    return "failed";
  }

  ctx.record.crashBackoff = crash.state;
  ctx.actions.push(containerEvent(c, "Normal", "Pulling", `Pulling image ${JSON.stringify(image)}`));
  const joined = Object.values(ctx.record.containers).some((o) => o.attempt?.stage === "pulling" && o.attempt.image === image);
  if (!joined) ctx.actions.push({ kind: "pullImage", container: c.name, image, pullPolicy: policy });
  c.attempt = { stage: "pulling", image, specHash, sinceMs: ctx.nowMs };
  return "inFlight";
}
