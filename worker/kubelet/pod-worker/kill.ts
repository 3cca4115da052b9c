/**
 * kuberuntime_container.go killContainer as steps: the Killing event, the preStop hook (httpGet and, when the
 * isolate exports exec, exec run by the Durable Object; sleep waited here; exec elsewhere reported as a failed
 * hook), the turn wait of kuberuntime_termination_order.go (a sidecar stops after every app container and every
 * later sidecar), then the stop call with what is left of the grace period, never under 2 s.
 */
import { type PlanContext, runtimeState, wakeAt } from "./context";
import { containerEvent, preStopFailureMessage } from "./record";
import { MIN_KILL_GRACE_MS, type SpecContainer, specContainers } from "./spec";
import type { KillReason } from "./types";

/** How long past its grace period a stopped container may go unreported before the stop is sent again, at once. */
export const KILL_CONFIRM_MS = 30_000;

/** Start killing a running container; a kill already under way is left as it is. */
export function beginKill(ctx: PlanContext, s: SpecContainer, reason: KillReason, message: string, graceMs: number): void {
  const c = ctx.record.containers[s.spec.name];
  const cur = c.current;
  if (c.kill || !cur || cur.exit) return;
  ctx.actions.push(containerEvent(c, "Normal", "Killing", message));
  c.kill = { reason, containerID: cur.containerID, startedMs: ctx.nowMs, deadlineMs: ctx.nowMs + graceMs, preStop: "none" };
  const hook = s.spec.lifecycle?.preStop;
  if (!hook || graceMs <= 0) return;
  if (hook.httpGet || (hook.exec && cur.kind.exec)) {
    c.kill.preStop = "running";
    c.kill.preStopHandler = hook;
    ctx.actions.push({ kind: "runPreStop", container: c.name, containerID: cur.containerID, handler: hook, timeoutMs: graceMs });
  } else if (hook.sleep) {
    c.kill.preStop = "sleeping";
    c.kill.sleepUntilMs = ctx.nowMs + Math.min(Math.max(0, hook.sleep.seconds) * 1000, graceMs);
  } else if (hook.exec) {
    const error = "exec is not supported by the isolate runtime: the container does not export exec";
    ctx.actions.push(containerEvent(c, "Warning", "FailedPreStopHook", preStopFailureMessage(hook, ctx.record, c.name, error)));
  }
}

/** terminationOrdering: a sidecar's turn comes once every app container and every later sidecar has stopped. */
function sidecarTurn(ctx: PlanContext, s: SpecContainer): boolean {
  if (!s.sidecar) return true;
  const stopped = (o: SpecContainer) => !["running", "creating"].includes(runtimeState(ctx.record.containers[o.spec.name]));
  return specContainers(ctx.pod).every((o) => (o.init ? !o.sidecar || o.index <= s.index || stopped(o) : stopped(o)));
}

/** Move every kill under way on: end finished or timed-out hooks, and send the stop call when its turn has come. */
export function advanceKills(ctx: PlanContext): void {
  for (const s of specContainers(ctx.pod)) {
    const c = ctx.record.containers[s.spec.name];
    const kill = c.kill;
    if (!kill) continue;
    if (kill.stopSentMs !== undefined) {
      const resendAt = kill.stopSentMs + (kill.stopGraceMs ?? 0) + KILL_CONFIRM_MS;
      if (ctx.nowMs < resendAt) wakeAt(ctx, resendAt);
      else {
        ctx.actions.push({ kind: "killContainer", container: c.name, containerID: kill.containerID, gracePeriodMs: 0, reason: kill.reason });
        Object.assign(kill, { stopSentMs: ctx.nowMs, stopGraceMs: 0 });
        wakeAt(ctx, ctx.nowMs + KILL_CONFIRM_MS);
      }
      continue;
    }
    if (kill.preStop === "sleeping" && ctx.nowMs >= (kill.sleepUntilMs ?? 0)) kill.preStop = "done";
    if ((kill.preStop === "running" || kill.preStop === "sleeping") && ctx.nowMs >= kill.deadlineMs) kill.preStop = "done";
    if (kill.preStop === "running" || kill.preStop === "sleeping") {
      wakeAt(ctx, kill.preStop === "sleeping" ? Math.min(kill.sleepUntilMs ?? kill.deadlineMs, kill.deadlineMs) : kill.deadlineMs);
      continue;
    }
    if (!sidecarTurn(ctx, s) && ctx.nowMs < kill.deadlineMs) {
      wakeAt(ctx, kill.deadlineMs);
      continue;
    }
    const gracePeriodMs = Math.max(MIN_KILL_GRACE_MS, kill.deadlineMs - ctx.nowMs);
    ctx.actions.push({ kind: "killContainer", container: c.name, containerID: kill.containerID, gracePeriodMs, reason: kill.reason });
    Object.assign(kill, { stopSentMs: ctx.nowMs, stopGraceMs: gracePeriodMs });
    wakeAt(ctx, ctx.nowMs + gracePeriodMs + KILL_CONFIRM_MS);
  }
}
