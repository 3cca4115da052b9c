/**
 * The pod record and the reducers that feed runtime results back into it. Each reducer returns a new record and
 * queues the events upstream records at that point (image_manager.go EnsureImageExists' Pulled/Failed,
 * kuberuntime_container.go startContainer's Created/Started/Failed, the prober's Unhealthy, the lifecycle
 * handler's FailedPreStopHook); the next `planPodSync` emits them.
 */
import { goDuration, goStringList } from "../status/go-format";
import { emptyBackoff, formatPod, recordImagePullFailure, recordImagePullSuccess } from "../status/backoff";
import type { ProbeOutcome } from "../status/probe-outcome";
import { type ProbeType, recordProbeResult } from "../status/probes";
import { fieldPath, podRef, restartPolicyOf, specContainers } from "./spec";
import type {
  ContainerRecord,
  EventAction,
  ExitResult,
  HandlerSpec,
  PodRecord,
  PodWorkerPod,
  PreStopResult,
  PullResult,
  StartResult,
} from "./types";

/** A record for a pod the kubelet has not synced yet. */
export function newPodRecord(pod: PodWorkerPod): PodRecord {
  const containers: Record<string, ContainerRecord> = {};
  for (const c of specContainers(pod)) containers[c.spec.name] = { name: c.spec.name, init: c.init, restartCount: 0 };
  return {
    pod: podRef(pod),
    restartPolicy: restartPolicyOf(pod),
    containers,
    crashBackoff: emptyBackoff(),
    imageBackoff: emptyBackoff(),
    probes: {},
    pendingEvents: [],
  };
}

export const probeKey = (container: string, type: ProbeType): string => `${container}/${type}`;

export function containerEvent(c: ContainerRecord, eventType: EventAction["eventType"], reason: string, message: string): EventAction {
  return { kind: "event", eventType, reason, message, fieldPath: fieldPath(c.name, c.init) };
}

function update(record: PodRecord, name: string, fn: (c: ContainerRecord, events: EventAction[]) => ContainerRecord): PodRecord {
  const c = record.containers[name];
  if (!c) return record;
  const events: EventAction[] = [];
  const next = fn(c, events);
  return { ...record, containers: { ...record.containers, [name]: next }, pendingEvents: [...record.pendingEvents, ...events] };
}

/** time.Duration.Truncate(time.Millisecond).String(). */
const pullDuration = (ms: number) => goDuration(Math.max(0, Math.floor(ms)));

/**
 * EnsureImageExists after the pull: success records `Pulled` and moves every container waiting on this image to
 * its start; failure records `Failed to pull image`, counts a pull back-off step, and leaves the containers
 * waiting with ErrImagePull and the pull error as message (evalCRIPullErr's fallback).
 */
export function onImagePulled(record: PodRecord, image: string, result: PullResult, nowMs: number): PodRecord {
  const waitingOn = Object.values(record.containers).filter((c) => c.attempt?.stage === "pulling" && c.attempt.image === image);
  let r: PodRecord = {
    ...record,
    imageBackoff: result.ok ? recordImagePullSuccess(record.imageBackoff, nowMs) : recordImagePullFailure(record.imageBackoff, record.pod.uid, image, nowMs),
  };
  for (const c of waitingOn) {
    r = update(r, c.name, (cur, events) => {
      if (result.ok) {
        const took = pullDuration(result.pullMs);
        const total = pullDuration(result.waitMs ?? result.pullMs);
        const msg = `Successfully pulled image ${JSON.stringify(image)} in ${took} (${total} including waiting). Image size: ${result.sizeBytes} bytes.`;
        events.push(containerEvent(cur, "Normal", "Pulled", msg));
        return { ...cur, attempt: { ...cur.attempt!, stage: "pulled", imageID: result.imageID } };
      }
      events.push(containerEvent(cur, "Warning", "Failed", `Failed to pull image ${JSON.stringify(image)}: ${result.message}`));
      events.push(containerEvent(cur, "Warning", "Failed", "Error: ErrImagePull"));
      return { ...cur, attempt: undefined, waiting: { reason: "ErrImagePull", message: result.message, sinceMs: nowMs } };
    });
  }
  return r;
}

/**
 * startContainer's outcome. A started instance becomes `current` (the previous one its lastState), restartCount
 * counts every instance after the first, the reason cache is cleared, and `Created` / `Started` are recorded. A
 * runtime that fails to start it still created an instance: it is recorded terminated with StartError, exit code
 * 128, and a `Failed` event `Error: <message>`, so the usual restart and back-off rules apply.
 */
export function onContainerStarted(record: PodRecord, name: string, result: StartResult, nowMs: number): PodRecord {
  return update(record, name, (c, events) => {
    const attempt = c.attempt;
    const restartCount = c.current ? c.restartCount + 1 : c.restartCount;
    const previous = c.current?.exit ? c.current : c.previous;
    const base = { specHash: attempt?.specHash ?? "", image: attempt?.image ?? "", imageID: attempt?.imageID ?? "" };
    events.push(containerEvent(c, "Normal", "Created", `Created container: ${name}`));
    if ("error" in result) {
      events.push(containerEvent(c, "Warning", "Failed", `Error: ${result.error}`));
      const exit = { exitCode: 128, reason: "StartError", message: result.error, finishedMs: nowMs };
      const current = { ...base, containerID: result.containerID ?? "", kind: { fetch: false, run: false, exec: false }, exit };
      return { ...c, attempt: undefined, current, previous, restartCount, restartAfterKill: undefined };
    }
    events.push(containerEvent(c, "Normal", "Started", `Started container ${name}`));
    const current = { ...base, containerID: result.containerID, kind: result.kind, startedMs: nowMs };
    return { ...c, attempt: undefined, waiting: undefined, current, previous, restartCount, restartAfterKill: undefined };
  });
}

/**
 * The runtime saw the current instance exit: exit code 0 is `Completed`, anything else `Error` unless the runtime
 * names the reason (OOMKilled). A report for an older instance is ignored.
 */
export function onContainerExited(record: PodRecord, name: string, result: ExitResult): PodRecord {
  return update(record, name, (c) => {
    const cur = c.current;
    if (!cur || cur.exit || (result.containerID !== undefined && result.containerID !== cur.containerID)) return c;
    const reason = result.reason || (result.exitCode === 0 ? "Completed" : "Error");
    const exit = { exitCode: result.exitCode, reason, finishedMs: result.finishedMs, ...(result.message ? { message: result.message } : {}) };
    return { ...c, current: { ...cur, exit }, kill: undefined };
  });
}

/**
 * A probe run's outcome, through the prober worker (thresholds, liveness/startup hold) and prober.probe's
 * Unhealthy / ProbeWarning events. The kill a liveness or startup failure calls for is decided by the next plan
 * (computePodActions reads the results), which also records its Killing event.
 */
export function onProbeResult(record: PodRecord, name: string, type: ProbeType, outcome: ProbeOutcome, _nowMs: number): PodRecord {
  const key = probeKey(name, type);
  const entry = record.probes[key];
  const c = record.containers[name];
  if (!entry || !c) return record;
  const run = recordProbeResult(entry.worker, entry.spec, outcome, { containerName: name, restartPolicy: record.restartPolicy });
  const events = run.effects.flatMap((e) => (e.type === "event" ? [containerEvent(c, e.event.type, e.event.reason, e.event.message)] : []));
  return {
    ...record,
    probes: { ...record.probes, [key]: { ...entry, worker: run.state, inFlight: undefined, inFlightSinceMs: undefined } },
    pendingEvents: [...record.pendingEvents, ...events],
  };
}

/** lifecycle/handlers.go failure messages, as the FailedPreStopHook event carries them. */
export function preStopFailureMessage(handler: HandlerSpec, record: PodRecord, name: string, error: string): string {
  const pod = JSON.stringify(formatPod(record.pod));
  if (handler.exec) {
    return `Exec lifecycle hook (${goStringList(handler.exec.command ?? [])}) for Container ${JSON.stringify(name)} in Pod ${pod} failed - error: ${error}, message: ""`;
  }
  return `HTTP lifecycle hook (${handler.httpGet?.path ?? ""}) for Container ${JSON.stringify(name)} in Pod ${pod} failed - error: ${error}`;
}

/** The preStop hook returned (executePreStopHook): a failure records FailedPreStopHook; the stop follows either way. */
export function onPreStopDone(record: PodRecord, name: string, result: PreStopResult): PodRecord {
  return update(record, name, (c, events) => {
    if (!c.kill || c.kill.preStop !== "running") return c;
    if (!result.ok) {
      const message = preStopFailureMessage(c.kill.preStopHandler ?? {}, record, name, result.error);
      events.push(containerEvent(c, "Warning", "FailedPreStopHook", message));
    }
    return { ...c, kill: { ...c.kill, preStop: "done" } };
  });
}
