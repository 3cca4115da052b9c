/**
 * The prober manager over the pod record: one worker per (container, probe type) for app containers and sidecars
 * (prober_manager.go AddPod), ticked when due or when its container changed. httpGet, grpc and (for an isolate
 * that exports exec) exec probes become `probe` actions; a tcpSocket probe is answered here, since an isolate
 * serving fetch accepts connections on every port its container declares; an exec probe against an isolate
 * without exec is reported once per container instance and left without a result.
 */
import { containerStartedReady, type ProbeOutcome, tcpProbeFailureOutput } from "../status/probe-outcome";
import { newProbeWorker, nextProbeDueMs, probeResultFor, probeTick, probeTiming, type ProbeTarget, type ProbeType, recordProbeResult } from "../status/probes";
import { type PlanContext, wakeAt } from "./context";
import { containerEvent, probeKey } from "./record";
import { resolvePort, type SpecContainer, specContainers } from "./spec";
import type { ContainerRecord, PodWorkerContainer, ProbeSpecLike, ProbeWorkerRecord } from "./types";

/** A probe result that has not come back this long after its timeout is taken as lost; the worker ticks on. */
export const PROBE_LOST_MS = 30_000;

const PROBE_TYPES: readonly ProbeType[] = ["startup", "liveness", "readiness"];

export const probeOf = (c: PodWorkerContainer, type: ProbeType): ProbeSpecLike | undefined =>
  type === "startup" ? c.startupProbe : type === "liveness" ? c.livenessProbe : c.readinessProbe;

const timingOf = (p: ProbeSpecLike) => ({
  initialDelaySeconds: p.initialDelaySeconds,
  periodSeconds: p.periodSeconds,
  timeoutSeconds: p.timeoutSeconds,
  successThreshold: p.successThreshold,
  failureThreshold: p.failureThreshold,
});

/** status.started as UpdatePodStatus sets it: running, and the startup probe (if any) succeeded for this instance. */
export function containerStarted(ctx: PlanContext, s: SpecContainer, c: ContainerRecord): boolean {
  const running = !!c.current && !c.current.exit && c.current.startedMs !== undefined;
  const startup = probeResultFor(ctx.record.probes[probeKey(c.name, "startup")]?.worker, c.current?.containerID);
  return containerStartedReady({ running, hasStartupProbe: !!s.spec.startupProbe, startupResult: startup, hasReadinessProbe: false }).started;
}

function targetOf(ctx: PlanContext, s: SpecContainer, c: ContainerRecord): ProbeTarget {
  const cur = c.current;
  const running = !!cur && !cur.exit && cur.startedMs !== undefined;
  return {
    containerId: cur?.containerID || undefined,
    runningSinceMs: running ? cur!.startedMs : undefined,
    terminated: !!cur?.exit,
    started: containerStarted(ctx, s, c),
  };
}

/** Plan every probe worker of the pod. */
export function planProbes(ctx: PlanContext): void {
  const pod = { phase: ctx.pod.status?.phase ?? "Pending", restartPolicy: ctx.record.restartPolicy, deleting: !!ctx.pod.metadata.deletionTimestamp };
  for (const s of specContainers(ctx.pod)) {
    if (s.init && !s.sidecar) continue;
    const c = ctx.record.containers[s.spec.name];
    for (const type of PROBE_TYPES) {
      const probe = probeOf(s.spec, type);
      if (!probe) continue;
      const key = probeKey(c.name, type);
      const entry: ProbeWorkerRecord = (ctx.record.probes[key] ??= { worker: newProbeWorker(type, ctx.nowMs), spec: timingOf(probe) });
      const target = targetOf(ctx, s, c);
      if (entry.inFlight !== undefined) {
        const until = (entry.inFlightSinceMs ?? 0) + probeTiming(entry.spec).timeoutMs + PROBE_LOST_MS;
        if (entry.inFlight === target.containerId && target.runningSinceMs !== undefined && ctx.nowMs < until) {
          wakeAt(ctx, until);
          continue;
        }
        entry.inFlight = undefined;
      }
      const targetKey = `${target.containerId ?? ""}|${target.runningSinceMs ?? ""}|${target.terminated}|${target.started}`;
      let due = nextProbeDueMs(entry.worker, entry.spec, target);
      if (due !== undefined ? due <= ctx.nowMs : targetKey !== entry.lastTarget) {
        const tick = probeTick(entry.worker, entry.spec, pod, target, ctx.nowMs);
        entry.worker = tick.state;
        entry.lastTarget = targetKey;
        if (tick.action === "probe") runProbe(ctx, s, c, entry, type, probe);
        due = entry.inFlight !== undefined ? undefined : nextProbeDueMs(entry.worker, entry.spec, target);
      }
      wakeAt(ctx, due);
    }
  }
}

function runProbe(ctx: PlanContext, s: SpecContainer, c: ContainerRecord, entry: ProbeWorkerRecord, type: ProbeType, probe: ProbeSpecLike): void {
  const cur = c.current!;
  if (probe.httpGet || probe.grpc || (probe.exec && cur.kind.exec)) {
    const timeoutMs = probeTiming(entry.spec).timeoutMs;
    ctx.actions.push({ kind: "probe", container: c.name, containerID: cur.containerID, probeType: type, probe, timeoutMs });
    entry.inFlight = cur.containerID;
    entry.inFlightSinceMs = ctx.nowMs;
    return;
  }
  if (probe.tcpSocket) {
    record(ctx, c, entry, tcpOutcome(ctx, s, cur.kind.fetch, probe.tcpSocket));
    return;
  }
  if (entry.warnedFor === cur.containerID) return;
  entry.warnedFor = cur.containerID;
  const error = probe.exec
    ? `exec probes are not supported by the isolate runtime: container ${c.name} does not export exec`
    : "the probe has no handler";
  record(ctx, c, entry, { result: "error", error });
}

function record(ctx: PlanContext, c: ContainerRecord, entry: ProbeWorkerRecord, outcome: ProbeOutcome): void {
  const run = recordProbeResult(entry.worker, entry.spec, outcome, { containerName: c.name, restartPolicy: ctx.record.restartPolicy });
  entry.worker = run.state;
  for (const e of run.effects) if (e.type === "event") ctx.actions.push(containerEvent(c, e.event.type, e.event.reason, e.event.message));
}

/** tcp.DoTCPProbe against an isolate: it accepts on the ports its container declares when it serves fetch. */
export function tcpOutcome(ctx: PlanContext, s: SpecContainer, servesFetch: boolean, tcp: NonNullable<ProbeSpecLike["tcpSocket"]>): ProbeOutcome {
  const port = resolvePort(s.spec, tcp.port);
  if (port === undefined) return { result: "error", error: `unable to find port ${JSON.stringify(String(tcp.port))} in container ${s.spec.name}` };
  const declared = (s.spec.ports ?? []).some((p) => p.containerPort === port && (p.protocol ?? "TCP") === "TCP");
  if (servesFetch && declared) return { result: "success" };
  return { result: "failure", output: tcpProbeFailureOutput(tcp.host || ctx.podIP || "127.0.0.1", port, "refused") };
}
