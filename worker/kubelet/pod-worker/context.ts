/**
 * One planning pass: a private copy of the record the steps update, the actions they emit, and the times they
 * want to be woken at. `planPodSync` creates it from a clone, so the pass is pure from the outside.
 */
import { probeResultFor, type ProbeType } from "../status/probes";
import type { ProbeResult } from "../status/probe-outcome";
import { containerEvent, probeKey } from "./record";
import type { ContainerRecord, NodeImages, PodAction, PodRecord, PodWorkerPod } from "./types";

export interface PlanContext {
  pod: PodWorkerPod;
  record: PodRecord;
  nowMs: number;
  images: NodeImages;
  podIP?: string;
  actions: PodAction[];
  wake: number[];
}

export const wakeAt = (ctx: PlanContext, ms: number | undefined): void => {
  if (ms !== undefined && Number.isFinite(ms)) ctx.wake.push(ms);
};

/** The runtime's view of a container: never created, being created (start call out), running, or exited. */
export type RuntimeState = "none" | "creating" | "running" | "exited";

export function runtimeState(c: ContainerRecord): RuntimeState {
  if (c.current && !c.current.exit) return "running";
  if (c.attempt?.stage === "starting") return "creating";
  return c.current ? "exited" : "none";
}

/** The prober results manager's value for the container's current instance. */
export function probeResult(record: PodRecord, c: ContainerRecord, type: ProbeType): ProbeResult | undefined {
  return probeResultFor(record.probes[probeKey(c.name, type)]?.worker, c.current?.containerID);
}

/**
 * Update the kubelet's reason cache for a container; the events go out only when the waiting reason or message
 * changes, so a back-off or a missing image is reported once per step rather than once per pass (upstream
 * repeats them on every sync and the event recorder folds them into a count).
 */
export function setWaiting(ctx: PlanContext, c: ContainerRecord, reason: string, message: string, events: [type: "Normal" | "Warning", reason: string, message: string][]): void {
  const same = c.waiting?.reason === reason && (c.waiting.message ?? "") === message;
  if (same) return;
  c.waiting = { reason, message, sinceMs: ctx.nowMs };
  for (const [type, r, m] of events) ctx.actions.push(containerEvent(c, type, r, m));
}
