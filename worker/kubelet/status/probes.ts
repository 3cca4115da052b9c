/**
 * The prober worker (pkg/kubelet/prober/worker.go) as a pure state machine: one worker per (container, probe
 * type), ticking every periodSeconds. A Durable Object drives it in two steps per due tick:
 *
 * 1. `probeTick(state, spec, pod, target, now)` — doProbe up to the probe call: adopt a new container instance
 *    (results reset to the initial value, onHold cleared), record Failure for a container that is not running,
 *    stop on a terminal pod, quiet liveness/startup on deletion, and gate on initialDelaySeconds and on the startup
 *    probe. `action: "probe"` means run the probe now (with `probeTiming(spec).timeoutMs`);
 * 2. `recordProbeResult(state, spec, outcome, ctx)` — doProbe after the call plus prober.probe's events:
 *    count runs of equal results, set the result only at successThreshold / failureThreshold, and put the
 *    worker on hold after a liveness/startup failure until the container is replaced (the kill effect).
 *
 * `nextProbeDueMs` says when to wake up. Initial results are upstream's: readiness Failure, liveness Success,
 * startup Unknown (so a container with a startup probe is not `started` until it succeeds).
 */
import type { KubeletEvent } from "./backoff";
import type { ProbeOutcome, ProbeResult } from "./probe-outcome";

export type ProbeType = "startup" | "liveness" | "readiness";

/** The timing fields of a core/v1 Probe (handlers are the caller's business). */
export interface ProbeSpec {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
}

/** SetDefaults_Probe: period 10 s, timeout 1 s, success 1, failure 3; no initial delay. */
export function probeTiming(spec: ProbeSpec): ProbeTiming {
  const pos = (v: number | undefined, d: number) => (v === undefined || v === null || v <= 0 ? d : v);
  return {
    initialDelayMs: Math.max(0, spec.initialDelaySeconds ?? 0) * 1000,
    periodMs: pos(spec.periodSeconds, 10) * 1000,
    timeoutMs: pos(spec.timeoutSeconds, 1) * 1000,
    successThreshold: pos(spec.successThreshold, 1),
    failureThreshold: pos(spec.failureThreshold, 3),
  };
}

/** newWorker's initialValue per probe type. */
export const INITIAL_PROBE_RESULT: Record<ProbeType, ProbeResult> = {
  readiness: "Failure",
  liveness: "Success",
  startup: "Unknown",
};

/** One worker; JSON-serialisable. */
export interface ProbeWorkerState {
  probeType: ProbeType;
  /** When the worker was created (AddPod): the first tick is due then. */
  createdMs: number;
  lastTickMs?: number;
  /** The container instance the results belong to (w.containerID). */
  containerId?: string;
  /** The results manager's value for `containerId`; undefined when it holds none. */
  result?: ProbeResult;
  /** w.lastResult and w.resultRun: the run of equal probe results so far. */
  lastResult: ProbeResult;
  resultRun: number;
  /** After a liveness/startup failure: no probing until a new container instance appears. */
  onHold: boolean;
  /** The worker loop ended (terminal pod, deletion of a liveness/startup target, a dead never-restarted container). */
  stopped: boolean;
}

export const newProbeWorker = (probeType: ProbeType, nowMs: number): ProbeWorkerState => ({
  probeType,
  createdMs: nowMs,
  lastResult: "Unknown",
  resultRun: 0,
  onHold: false,
  stopped: false,
});

/** The probed container as the pod status shows it. */
export interface ProbeTarget {
  /** status.containerID; empty or missing while the container does not exist. */
  containerId?: string;
  /** state.running.startedAt, when running. */
  runningSinceMs?: number;
  terminated?: boolean;
  /** status.started. */
  started: boolean;
}

export interface ProbePodFacts {
  phase: string;
  restartPolicy: string;
  /** metadata.deletionTimestamp is set. */
  deleting: boolean;
}

export interface TickResult {
  state: ProbeWorkerState;
  action: "probe" | "wait" | "stop";
  /** The results-manager value changed: the pod status (started/ready) must be recomputed. */
  resultChanged: boolean;
}

/** worker.doProbe up to the probe call. */
export function probeTick(state: ProbeWorkerState, spec: ProbeSpec, pod: ProbePodFacts, target: ProbeTarget, nowMs: number): TickResult {
  if (state.stopped) return { state, action: "stop", resultChanged: false };
  let s: ProbeWorkerState = { ...state, lastTickMs: nowMs };
  const before = state.result;
  const done = (action: TickResult["action"]) => ({
    state: action === "stop" ? { ...s, stopped: true } : s,
    action,
    resultChanged: s.result !== before,
  });

  if (pod.phase === "Failed" || pod.phase === "Succeeded") return done("stop");
  if (!target.containerId) return done("wait");
  if (target.containerId !== s.containerId) {
    s = { ...s, containerId: target.containerId, result: INITIAL_PROBE_RESULT[s.probeType], onHold: false };
  }
  if (s.onHold) return done("wait");
  if (target.runningSinceMs === undefined) {
    s = { ...s, result: "Failure" };
    return done(target.terminated && pod.restartPolicy === "Never" ? "stop" : "wait");
  }
  if (pod.deleting && (s.probeType === "liveness" || s.probeType === "startup")) {
    s = { ...s, result: "Success" };
    return done("stop");
  }
  if (nowMs - target.runningSinceMs < probeTiming(spec).initialDelayMs) return done("wait");
  if (target.started ? s.probeType === "startup" : s.probeType !== "startup") return done("wait");
  return done("probe");
}

export interface ProbeContext {
  containerName: string;
  restartPolicy: string;
}

export type ProbeEffect =
  | { type: "event"; event: KubeletEvent }
  /** computePodActions' kill of a container that failed liveness/startup; `event` is its Killing event. */
  | { type: "kill"; restart: boolean; message: string; event: KubeletEvent };

export interface ProbeRunResult {
  state: ProbeWorkerState;
  effects: ProbeEffect[];
  resultChanged: boolean;
}

const PROBE_NAME: Record<ProbeType, string> = { startup: "Startup", liveness: "Liveness", readiness: "Readiness" };

/** worker.doProbe after the probe call, with prober.probe's Unhealthy / ProbeWarning events. */
export function recordProbeResult(
  state: ProbeWorkerState,
  spec: ProbeSpec,
  outcome: ProbeOutcome,
  ctx: ProbeContext,
): ProbeRunResult {
  const name = PROBE_NAME[state.probeType];
  const warn = (reason: string, message: string): ProbeEffect => ({ type: "event", event: { type: "Warning", reason, message } });
  if (outcome.result === "error") {
    // The prober's error throws the run away: counters and result stay as they were.
    const effects = [warn("Unhealthy", `${name} probe errored and resulted in unknown state: ${outcome.error}`)];
    return { state, effects, resultChanged: false };
  }
  const effects: ProbeEffect[] = [];
  if (outcome.result === "failure") effects.push(warn("Unhealthy", `${name} probe failed: ${outcome.output}`));
  if (outcome.result === "warning") effects.push(warn("ProbeWarning", `${name} probe warning: ${outcome.output}`));
  const result: ProbeResult = outcome.result === "success" || outcome.result === "warning" ? "Success" : "Failure";

  const timing = probeTiming(spec);
  const resultRun = state.lastResult === result ? state.resultRun + 1 : 1;
  let s: ProbeWorkerState = { ...state, lastResult: result, resultRun };
  const threshold = result === "Failure" ? timing.failureThreshold : timing.successThreshold;
  if (resultRun < threshold) return { state: s, effects, resultChanged: false };

  const resultChanged = s.result !== result;
  s = { ...s, result };
  if ((s.probeType === "liveness" || s.probeType === "startup") && result === "Failure") {
    s = { ...s, onHold: true, resultRun: 0 };
    const restart = ctx.restartPolicy !== "Never";
    const base = `Container ${ctx.containerName} failed ${s.probeType} probe`;
    const message = restart ? `${base}, will be restarted` : base;
    effects.push({ type: "kill", restart, message, event: { type: "Normal", reason: "Killing", message } });
  }
  return { state: s, effects, resultChanged };
}

/**
 * When the worker next has something to do, for the Durable Object's alarm; undefined when nothing happens until
 * the target's facts change (call `probeTick` again then): stopped, on hold for the same instance, a non-running
 * container already recorded as Failure, a startup probe after start, other probes before start.
 * Ticks fall on the worker's period grid; the initial delay moves the next tick to the first one at or after
 * `runningSince + initialDelaySeconds`.
 */
export function nextProbeDueMs(state: ProbeWorkerState, spec: ProbeSpec, target: ProbeTarget): number | undefined {
  if (state.stopped) return undefined;
  const timing = probeTiming(spec);
  const due = state.lastTickMs === undefined ? state.createdMs : state.lastTickMs + timing.periodMs;
  const newInstance = !!target.containerId && target.containerId !== state.containerId;
  if (newInstance) return due;
  if (!target.containerId || state.onHold) return undefined;
  if (target.runningSinceMs === undefined) return state.result === "Failure" ? undefined : due;
  if (target.started ? state.probeType === "startup" : state.probeType !== "startup") return undefined;
  const earliest = target.runningSinceMs + timing.initialDelayMs;
  if (due >= earliest) return due;
  return due + Math.ceil((earliest - due) / timing.periodMs) * timing.periodMs;
}

/** The value `containerStartedReady` needs: the worker's result when it belongs to that container instance. */
export const probeResultFor = (state: ProbeWorkerState | undefined, containerId: string | undefined): ProbeResult | undefined =>
  state && containerId && state.containerId === containerId ? state.result : undefined;
