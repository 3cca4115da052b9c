/**
 * The pod worker's inputs, its stored state and its actions. Everything here is JSON: the Kubelet Durable Object
 * stores a `PodRecord` per pod and executes `PodAction`s, feeding each result back through the `on…` reducers.
 */
import type { PullPolicy } from "../../images/pull/policy";
import type { BackoffState, PodRef } from "../status/backoff";
import type { ProbeSpec, ProbeType, ProbeWorkerState } from "../status/probes";
import type { ContainerSpecLike } from "../status/types";

/** A core/v1 LifecycleHandler / probe handler, as written in the pod. */
export interface HandlerSpec {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: number | string; host?: string; scheme?: string; httpHeaders?: { name: string; value: string }[] };
  tcpSocket?: { port: number | string; host?: string };
  grpc?: { port: number; service?: string };
  sleep?: { seconds: number };
}

export type ProbeSpecLike = ProbeSpec & HandlerSpec & { terminationGracePeriodSeconds?: number };

/** The slice of core/v1 Container the pod worker reads. */
export interface PodWorkerContainer extends ContainerSpecLike {
  image?: string;
  imagePullPolicy?: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  lifecycle?: { preStop?: HandlerSpec; postStart?: HandlerSpec };
  startupProbe?: ProbeSpecLike;
  readinessProbe?: ProbeSpecLike;
  livenessProbe?: ProbeSpecLike;
}

/** The slice of core/v1 Pod the pod worker reads (structural: a stored Pod can be passed as it is). */
export interface PodWorkerPod {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    deletionTimestamp?: string | null;
    deletionGracePeriodSeconds?: number | null;
  };
  spec: {
    containers: PodWorkerContainer[];
    initContainers?: PodWorkerContainer[];
    restartPolicy?: string;
    terminationGracePeriodSeconds?: number | null;
  };
  status?: { phase?: string };
}

/** What the isolate a container runs as exports: a fetch handler (it serves its ports), a run entry, an exec entry. */
export interface RuntimeKinds {
  fetch: boolean;
  run: boolean;
  exec: boolean;
}

/** One container instance the runtime created. */
export interface ContainerInstance {
  containerID: string;
  /** Undefined when the runtime failed to start it (a StartError). */
  startedMs?: number;
  kind: RuntimeKinds;
  /** The spec digest the instance was started from (kubecontainer.HashContainer). */
  specHash: string;
  image: string;
  imageID: string;
  exit?: ContainerExit;
}

export interface ContainerExit {
  exitCode: number;
  /** Completed, Error, OOMKilled, StartError, … */
  reason: string;
  message?: string;
  finishedMs: number;
}

/** A start in progress: the image is being pulled, has been pulled, or the start call is out. */
export interface StartAttempt {
  stage: "pulling" | "pulled" | "starting";
  image: string;
  imageID?: string;
  specHash: string;
  sinceMs: number;
}

export type KillReason = "deletion" | "completed" | "initFailed" | "terminalPhase" | "liveness" | "startup" | "specChanged";

/** killContainer in progress: the Killing event is out, then the preStop hook, then the stop call. */
export interface KillState {
  reason: KillReason;
  containerID: string;
  startedMs: number;
  /** startedMs + the grace period: the preStop hook and the turn wait end here at the latest. */
  deadlineMs: number;
  preStop: "none" | "running" | "sleeping" | "done";
  preStopHandler?: HandlerSpec;
  sleepUntilMs?: number;
  /** When the stop call went out, and the grace period it carried. */
  stopSentMs?: number;
  stopGraceMs?: number;
}

export interface ContainerRecord {
  name: string;
  init: boolean;
  current?: ContainerInstance;
  /** The instance before `current`, always exited: the status' lastState. */
  previous?: ContainerInstance;
  restartCount: number;
  /** The kubelet's reason cache: why the last start failed; cleared by a successful start. */
  waiting?: { reason: string; message?: string; sinceMs: number };
  attempt?: StartAttempt;
  kill?: KillState;
  /** A definition change restarts the container whatever the restart policy. */
  restartAfterKill?: boolean;
}

export interface ProbeWorkerRecord {
  worker: ProbeWorkerState;
  /** The probe's timing fields, kept for the thresholds when a result comes back. */
  spec: ProbeSpec;
  /** The container instance a probe action is out for, and since when. */
  inFlight?: string;
  inFlightSinceMs?: number;
  /** The instance an unsupported-probe warning was recorded for. */
  warnedFor?: string;
  /** The target seen by the last tick, so a changed target is ticked at once. */
  lastTarget?: string;
}

export interface TerminationState {
  reason: KillReason;
  sinceMs: number;
  deadlineMs: number;
}

/** What the Kubelet Durable Object stores per pod. */
export interface PodRecord {
  pod: PodRef;
  restartPolicy: string;
  containers: Record<string, ContainerRecord>;
  /** CrashLoopBackOff and ImagePullBackOff state (keys carry the pod, as upstream's node-wide back-offs do). */
  crashBackoff: BackoffState;
  imageBackoff: BackoffState;
  /** Keyed `container/probeType`. */
  probes: Record<string, ProbeWorkerRecord>;
  terminating?: TerminationState;
  deleteRequested?: boolean;
  /** Events produced by the `on…` reducers, emitted by the next plan. */
  pendingEvents: EventAction[];
}

export interface EventAction {
  kind: "event";
  eventType: "Normal" | "Warning";
  reason: string;
  message: string;
  /** `spec.containers{name}` / `spec.initContainers{name}`; absent for pod-level events. */
  fieldPath?: string;
}

export type PodAction =
  | { kind: "pullImage"; container: string; image: string; pullPolicy: PullPolicy }
  | { kind: "startContainer"; container: string; init: boolean; image: string; imageID: string }
  | { kind: "killContainer"; container: string; containerID: string; gracePeriodMs: number; reason: KillReason }
  | { kind: "runPreStop"; container: string; containerID: string; handler: HandlerSpec; timeoutMs: number }
  | { kind: "probe"; container: string; containerID: string; probeType: ProbeType; probe: ProbeSpecLike; timeoutMs: number }
  | EventAction
  | { kind: "deletePod" };

/** The node's images: image as written in a container → its digest reference. */
export type NodeImages = Readonly<Record<string, { imageID: string }>>;

export interface PlanInput {
  pod: PodWorkerPod;
  record: PodRecord;
  nowMs: number;
  images: NodeImages;
  /** The pod's primary IP, for tcpSocket probe messages. */
  podIP?: string;
}

export interface PlanResult {
  record: PodRecord;
  actions: PodAction[];
  /** When to plan again if nothing else happens (back-off expiry, probe due, grace deadline); undefined: never. */
  wakeAtMs?: number;
}

export type PullResult =
  | { ok: true; imageID: string; pullMs: number; waitMs?: number; sizeBytes: number }
  | { ok: false; message: string };

export type StartResult = { containerID: string; kind: RuntimeKinds } | { error: string; containerID?: string };

export interface ExitResult {
  containerID?: string;
  exitCode: number;
  reason?: string;
  message?: string;
  finishedMs: number;
}

export type PreStopResult = { ok: true } | { ok: false; error: string };
