/**
 * Builders and a tiny in-test runtime for the pod worker: `Node` plays the Kubelet Durable Object's loop (plan,
 * execute, feed results back, plan again) with a scripted runtime, so tests read as timelines of what a user sees.
 */
import {
  containerFacts,
  newPodRecord,
  onContainerExited,
  onContainerStarted,
  onImagePulled,
  onPreStopDone,
  onProbeResult,
  planPodSync,
  podIsTerminal,
  type EventAction,
  type NodeImages,
  type PodAction,
  type PodRecord,
  type PodWorkerContainer,
  type PodWorkerPod,
  type PreStopResult,
  type PullResult,
  type RuntimeKinds,
  type StartResult,
} from "../../../../worker/kubelet/pod-worker";
import { computePodStatus } from "../../../../worker/kubelet/status/pod-status";
import type { ProbeOutcome } from "../../../../worker/kubelet/status/probe-outcome";
import type { ProbeType } from "../../../../worker/kubelet/status/probes";

export const T0 = Date.parse("2025-01-01T00:00:00Z");
export const S = 1000;
export const UID = "uid-1";
export const POD_KEY = `web_default(${UID})`;

export const ctr = (name: string, over: Partial<PodWorkerContainer> = {}): PodWorkerContainer => ({ name, image: `${name}:1`, ...over });

export function mkPod(containers: PodWorkerContainer[], over: Partial<PodWorkerPod["spec"]> = {}, meta: Partial<PodWorkerPod["metadata"]> = {}): PodWorkerPod {
  return { metadata: { name: "web", namespace: "default", uid: UID, ...meta }, spec: { containers, ...over }, status: { phase: "Pending" } };
}

export const imagesOf = (...images: string[]): NodeImages =>
  Object.fromEntries(images.map((i) => [i, { imageID: `docker.io/library/${i.split(":")[0]}@sha256:${"a".repeat(64)}` }]));

export const FETCH: RuntimeKinds = { fetch: true, run: false, exec: false };
export const RUN: RuntimeKinds = { fetch: false, run: true, exec: false };

export interface ScriptedRuntime {
  /** "pending": the result never comes back. */
  pull?: (image: string) => PullResult | "pending";
  start?: (container: string) => StartResult;
  probe?: (container: string, type: ProbeType) => ProbeOutcome | "pending";
  preStop?: (container: string) => PreStopResult | "pending";
  /** What a stop call does: the exit code the container reports, or "pending" to leave it running. */
  kill?: (container: string, gracePeriodMs: number) => number | "pending";
}

const okPull = (): PullResult => ({ ok: true, imageID: "sha256:pulled", pullMs: 1200, sizeBytes: 1000 });

export class Node {
  record: PodRecord;
  now = T0;
  events: EventAction[] = [];
  actions: PodAction[] = [];
  wakeAtMs?: number;
  deleted = false;
  private ids = 0;

  constructor(
    public pod: PodWorkerPod,
    public images: NodeImages = {},
    public runtime: ScriptedRuntime = {},
  ) {
    this.record = newPodRecord(pod);
  }

  /** Plan and execute until the pod worker has nothing more to do now (at most 20 passes). */
  sync(): this {
    for (let pass = 0; pass < 20; pass++) {
      const { record, actions, wakeAtMs } = planPodSync({ pod: this.pod, record: this.record, nowMs: this.now, images: this.images, podIP: "10.0.0.5" });
      this.record = record;
      this.wakeAtMs = wakeAtMs;
      this.actions.push(...actions);
      const work = actions.filter((a) => a.kind !== "event");
      this.events.push(...(actions.filter((a) => a.kind === "event") as EventAction[]));
      if (work.length === 0) return this;
      for (const a of work) this.execute(a);
    }
    throw new Error("pod worker did not settle");
  }

  private execute(a: PodAction): void {
    const rt = this.runtime;
    if (a.kind === "pullImage") {
      const result = rt.pull ? rt.pull(a.image) : okPull();
      if (result === "pending") return;
      if (result.ok) this.images = { ...this.images, [a.image]: { imageID: result.imageID } };
      this.record = onImagePulled(this.record, a.image, result, this.now);
    } else if (a.kind === "startContainer") {
      const result = rt.start ? rt.start(a.container) : { containerID: `isolate://${a.container}-${++this.ids}`, kind: FETCH };
      this.record = onContainerStarted(this.record, a.container, result, this.now);
    } else if (a.kind === "probe") {
      const outcome = rt.probe ? rt.probe(a.container, a.probeType) : { result: "success" as const };
      if (outcome === "pending") return;
      this.record = onProbeResult(this.record, a.container, a.probeType, outcome, this.now);
    } else if (a.kind === "runPreStop") {
      const result = rt.preStop ? rt.preStop(a.container) : { ok: true as const };
      if (result !== "pending") this.record = onPreStopDone(this.record, a.container, result);
    } else if (a.kind === "killContainer") {
      const code = rt.kill ? rt.kill(a.container, a.gracePeriodMs) : 137;
      if (code !== "pending") this.exit(a.container, code);
    } else if (a.kind === "deletePod") this.deleted = true;
  }

  exit(container: string, exitCode: number, reason?: string): this {
    this.record = onContainerExited(this.record, container, { exitCode, finishedMs: this.now, ...(reason ? { reason } : {}) });
    return this;
  }

  /** Move the clock and sync. */
  at(ms: number): this {
    this.now = ms;
    return this.sync();
  }

  /** Jump to the next wake-up time and sync. */
  wake(): this {
    if (this.wakeAtMs === undefined) throw new Error("no wake-up armed");
    return this.at(this.wakeAtMs);
  }

  /** Events since the last call, as `Reason: message`. */
  takeEvents(): string[] {
    const out = this.events.map((e) => `${e.reason}: ${e.message}`);
    this.events = [];
    return out;
  }

  takeActions(): PodAction[] {
    const out = this.actions;
    this.actions = [];
    return out;
  }

  facts() {
    return containerFacts(this.pod, this.record, this.now);
  }

  status() {
    return computePodStatus({
      pod: this.pod as never,
      facts: this.facts(),
      hostIPs: ["192.168.1.10"],
      podIPs: ["10.0.0.5"],
      podIsTerminal: podIsTerminal(this.pod, this.record),
      nowMs: this.now,
    });
  }

  state(name: string): string {
    const f = this.facts()[name];
    if (!f) return "none";
    const s = f.state;
    return s.running ? "running" : s.terminated ? `terminated:${s.terminated.reason}` : `waiting:${s.waiting?.reason}`;
  }

  deleteAt(ms: number, graceSeconds?: number): this {
    this.pod = {
      ...this.pod,
      metadata: { ...this.pod.metadata, deletionTimestamp: new Date(ms).toISOString(), deletionGracePeriodSeconds: graceSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? 30 },
    };
    return this.at(ms);
  }
}
