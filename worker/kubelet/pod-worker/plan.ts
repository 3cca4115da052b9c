/**
 * The pod worker's sync for pods whose containers really run: pod_workers.go's SyncPod / SyncTerminatingPod
 * choice, kuberuntime SyncPod's kill-then-start order, and the prober manager, as one pure pass over the stored
 * record. Level-triggered: the caller plans again whenever the pod changes, a result comes back, or `wakeAtMs`
 * passes; a pass over a converged pod returns no actions.
 */
import { isTerminalPhase } from "../status/pod-phase";
import { type PlanContext, runtimeState } from "./context";
import { advanceKills, beginKill } from "./kill";
import { computePodActions } from "./pod-actions";
import { planProbes } from "./probe-plan";
import { containerKillGraceMs, podTerminationGraceMs, specContainers } from "./spec";
import { attemptOutstanding, startContainer } from "./start";
import type { KillReason, PlanInput, PlanResult, PodRecord, PodWorkerPod } from "./types";

/** Every container has stopped and no start call is out: nothing of the pod runs any more. */
export const allContainersStopped = (record: PodRecord): boolean =>
  Object.values(record.containers).every((c) => !["running", "creating"].includes(runtimeState(c)));

/**
 * The pod worker's verdict for computePodStatus (generateAPIPodStatus' podIsTerminal): the pod is being deleted,
 * has a terminal phase, or finished (nothing left to run), and every container has stopped.
 */
export function podIsTerminal(pod: PodWorkerPod, record: PodRecord): boolean {
  const ending = !!record.terminating || !!pod.metadata.deletionTimestamp || isTerminalPhase(pod.status?.phase);
  return ending && allContainersStopped(record);
}

function beginTermination(ctx: PlanContext, reason: KillReason, graceMs: number): void {
  ctx.record.terminating = { reason, sinceMs: ctx.nowMs, deadlineMs: ctx.nowMs + graceMs };
}

/** SyncPod's container steps for a pod that is not terminating. */
function syncPod(ctx: PlanContext): void {
  const byName = new Map(specContainers(ctx.pod).map((s) => [s.spec.name, s]));
  const acts = computePodActions(ctx);
  if (acts.killPod) {
    beginTermination(ctx, acts.killPod, 0);
    return;
  }
  for (const kill of acts.toKill) {
    const s = byName.get(kill.name)!;
    if (kill.reason === "specChanged") ctx.record.containers[kill.name].restartAfterKill = true;
    beginKill(ctx, s, kill.reason, kill.message, containerKillGraceMs(ctx.pod, s.spec, kill.reason));
  }
  const busy = (name: string) => runtimeState(ctx.record.containers[name]) === "running";
  for (const name of acts.initToStart) {
    const s = byName.get(name)!;
    if (busy(name)) continue;
    if (startContainer(ctx, s) === "failed" && !s.sidecar) return;
  }
  for (const name of acts.appToStart) if (!busy(name)) startContainer(ctx, byName.get(name)!);
}

/** SyncTerminatingPod / KillPod: stop whatever runs with the pod's grace period; start nothing. */
function syncTerminatingPod(ctx: PlanContext): void {
  const t = ctx.record.terminating!;
  for (const s of specContainers(ctx.pod)) {
    const c = ctx.record.containers[s.spec.name];
    if (c.attempt && (c.attempt.stage !== "starting" || !attemptOutstanding(ctx, c.name))) c.attempt = undefined;
    if (runtimeState(c) !== "running" || c.kill) continue;
    const graceMs = t.reason === "deletion" || t.reason === "terminalPhase" ? t.deadlineMs - ctx.nowMs : containerKillGraceMs(ctx.pod, s.spec, t.reason);
    beginKill(ctx, s, t.reason, `Stopping container ${c.name}`, Math.max(0, graceMs));
  }
}

/** Decide what to do for one pod now. See the module comment for the caller's loop. */
export function planPodSync(input: PlanInput): PlanResult {
  const { pod, nowMs } = input;
  const record: PodRecord = structuredClone(input.record);
  for (const s of specContainers(pod)) record.containers[s.spec.name] ??= { name: s.spec.name, init: s.init, restartCount: 0 };
  const ctx: PlanContext = { pod, record, nowMs, images: input.images, podIP: input.podIP, actions: [...record.pendingEvents], wake: [] };
  record.pendingEvents = [];

  const deleting = !!pod.metadata.deletionTimestamp;
  if (deleting && record.terminating?.reason !== "deletion") {
    beginTermination(ctx, "deletion", podTerminationGraceMs(pod));
  } else if (deleting) {
    const t = record.terminating!;
    t.deadlineMs = Math.min(t.deadlineMs, t.sinceMs + podTerminationGraceMs(pod));
    for (const c of Object.values(record.containers)) if (c.kill) c.kill.deadlineMs = Math.min(c.kill.deadlineMs, t.deadlineMs);
  } else if (!record.terminating && isTerminalPhase(pod.status?.phase)) {
    beginTermination(ctx, "terminalPhase", podTerminationGraceMs(pod));
  }

  if (!record.terminating) syncPod(ctx);
  if (record.terminating) syncTerminatingPod(ctx);
  advanceKills(ctx);
  planProbes(ctx);

  if (deleting && !record.deleteRequested && allContainersStopped(record)) {
    ctx.actions.push({ kind: "deletePod" });
    record.deleteRequested = true;
  }
  const future = ctx.wake.filter((ms) => ms > nowMs);
  const due = ctx.wake.some((ms) => ms <= nowMs) ? nowMs : future.length ? Math.min(...future) : undefined;
  return { record, actions: ctx.actions, wakeAtMs: due };
}
