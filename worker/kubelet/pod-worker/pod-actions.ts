/**
 * kuberuntime_manager.go computePodActions and kuberuntime_container.go computeInitContainerActions over the pod
 * record: which init and app containers to start, which running containers to kill and why, and whether the pod
 * is done (KillPod). Pure: reads the record, decides nothing about back-off or images (the start step does).
 */
import { type PlanContext, probeResult, runtimeState } from "./context";
import { containerHash, shouldRestartOnFailure, type SpecContainer, specContainers } from "./spec";
import type { ContainerRecord, KillReason, PodWorkerPod } from "./types";

export interface ContainerKill {
  name: string;
  reason: KillReason;
  /** The Killing event's message. */
  message: string;
}

export interface PodActions {
  /** KillPod: stop every container; the pod will not run again. */
  killPod?: "completed" | "initFailed";
  /** Init containers to start, in spec order (computeInitContainerActions' InitContainersToStart). */
  initToStart: string[];
  /** App containers to start, in spec order. */
  appToStart: string[];
  toKill: ContainerKill[];
}

const exitedWith = (c: ContainerRecord): number | undefined => c.current?.exit?.exitCode;

/**
 * kubecontainer.ShouldContainerBeRestarted: never once the pod is being deleted; always when it never ran;
 * not while running; after an exit per the restart policy (OnFailure: only a non-zero exit). A definition
 * change restarts regardless of the policy.
 */
export function shouldContainerBeRestarted(pod: PodWorkerPod, c: ContainerRecord): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const state = runtimeState(c);
  if (state === "none") return true;
  if (state === "running" || state === "creating") return false;
  if (c.restartAfterKill) return true;
  const policy = pod.spec.restartPolicy || "Always";
  if (policy === "Never") return false;
  if (policy === "OnFailure") return exitedWith(c) !== 0;
  return true;
}

/** computeInitContainerActions; returns whether the pod has been initialized. */
function initActions(ctx: PlanContext, inits: SpecContainer[], apps: SpecContainer[], out: PodActions): boolean {
  if (inits.length === 0) return true;
  const rec = (s: SpecContainer) => ctx.record.containers[s.spec.name];
  let podHasInitialized = apps.some((s) => ["creating", "running"].includes(runtimeState(rec(s))));
  let previouslyInitialized = podHasInitialized;
  const restartOnFailure = shouldRestartOnFailure(ctx.pod);
  const toStart: number[] = [];

  for (let i = inits.length - 1; i >= 0; i--) {
    const s = inits[i];
    const c = rec(s);
    const state = runtimeState(c);
    const name = s.spec.name;
    const last = i === inits.length - 1;
    if (state === "none") {
      if (previouslyInitialized && s.sidecar) toStart.push(i);
      continue;
    }
    if (previouslyInitialized && !s.sidecar) continue;
    if (state === "running" && s.sidecar) {
      const startup = s.spec.startupProbe ? probeResult(ctx.record, c, "startup") : "Success";
      if (startup === "Failure") {
        out.toKill.push({ name, reason: "startup", message: `Init container ${name} failed startup probe` });
        toStart.push(i);
      } else if (startup === "Success") {
        if (last) podHasInitialized = true;
        else if (!previouslyInitialized) toStart.push(i + 1);
        if (c.current && c.current.specHash !== containerHash(s.spec)) {
          out.toKill.push({ name, reason: "specChanged", message: `Init container ${name} definition changed` });
          toStart.push(i);
        } else if (s.spec.livenessProbe && probeResult(ctx.record, c, "liveness") === "Failure") {
          out.toKill.push({ name, reason: "liveness", message: `Init container ${name} failed liveness probe` });
          toStart.push(i);
        }
      }
    } else if (state === "exited") {
      if (s.sidecar) toStart.push(i);
      else if (exitedWith(c) !== 0) {
        if (!restartOnFailure) {
          out.killPod = "initFailed";
          return false;
        }
        toStart.push(i);
      } else if (last) podHasInitialized = true;
      else toStart.push(i + 1);
    }
    previouslyInitialized = true;
  }
  if (!previouslyInitialized) toStart.push(0);
  out.initToStart = [...new Set(toStart)].sort((a, b) => a - b).map((i) => inits[i].spec.name);
  return podHasInitialized;
}

/** computePodActions (no sandbox, no ephemeral containers, no in-place resize). */
export function computePodActions(ctx: PlanContext): PodActions {
  const all = specContainers(ctx.pod);
  const inits = all.filter((s) => s.init);
  const apps = all.filter((s) => !s.init);
  const out: PodActions = { initToStart: [], appToStart: [], toKill: [] };
  const initialized = initActions(ctx, inits, apps, out);
  if (out.killPod || !initialized) return out;

  let keepCount = 0;
  for (const s of apps) {
    const c = ctx.record.containers[s.spec.name];
    const state = runtimeState(c);
    const name = s.spec.name;
    if (state === "creating") {
      keepCount++;
      continue;
    }
    if (state !== "running") {
      if (shouldContainerBeRestarted(ctx.pod, c)) out.appToStart.push(name);
      continue;
    }
    let restart = shouldRestartOnFailure(ctx.pod);
    let kill: ContainerKill;
    if (c.current && c.current.specHash !== containerHash(s.spec)) {
      kill = { name, reason: "specChanged", message: `Container ${name} definition changed` };
      restart = true;
    } else if (probeResult(ctx.record, c, "liveness") === "Failure") {
      kill = { name, reason: "liveness", message: `Container ${name} failed liveness probe` };
    } else if (probeResult(ctx.record, c, "startup") === "Failure") {
      kill = { name, reason: "startup", message: `Container ${name} failed startup probe` };
    } else {
      keepCount++;
      continue;
    }
    if (restart) {
      kill.message = `${kill.message}, will be restarted`;
      out.appToStart.push(name);
    }
    out.toKill.push(kill);
  }
  if (keepCount === 0 && out.appToStart.length === 0) {
    out.killPod = "completed";
    out.initToStart = [];
  }
  return out;
}
