/**
 * The pod phase as the kubelet computes it: kubelet_pods.go getPhase over the app and init container statuses,
 * then generateAPIPodStatus' rules that keep a terminal phase terminal. The kubelet never reports `Unknown`
 * (that phase is historical; a lost node shows as the node's Ready=Unknown and, later, eviction).
 */
import {
  type ContainerStatus,
  findStatus,
  hasAnyRegularContainerStarted,
  isRestartableInit,
  type PodSpecLike,
} from "./types";

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed";

export const isTerminalPhase = (phase: string | undefined): phase is "Succeeded" | "Failed" =>
  phase === "Succeeded" || phase === "Failed";

/**
 * getPhase. `podIsTerminal` is the pod worker's verdict that no container will run again (the pod was deleted,
 * evicted, or all its containers finished and none will be restarted); it lets an `Always` pod whose containers
 * all stopped become Succeeded/Failed. Static pods are never made terminal by it upstream; there are none here.
 */
export function getPhase(spec: PodSpecLike, statuses: readonly ContainerStatus[], podIsTerminal: boolean): PodPhase {
  const restartPolicy = spec.restartPolicy ?? "Always";
  const inits = spec.initContainers ?? [];
  let pendingInitialization = 0;
  let failedInitialization = 0;

  for (const c of inits) {
    if (isRestartableInit(c)) continue;
    const s = findStatus(statuses, c.name);
    if (!s) pendingInitialization++;
    else if (s.state.running) pendingInitialization++;
    else if (s.state.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (s.state.waiting) {
      const last = s.lastState?.terminated;
      if (last) {
        if (last.exitCode !== 0) failedInitialization++;
      } else pendingInitialization++;
    } else pendingInitialization++;
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;

  for (const c of inits) {
    if (!isRestartableInit(c)) continue;
    const s = findStatus(statuses, c.name);
    if (!s) unknown++;
    else if (s.state.running) {
      if (!s.started) pendingInitialization++;
      running++;
    } else if (s.state.terminated) {
      // A stopped sidecar counts neither as running nor as stopped.
    } else if (s.state.waiting) {
      if (!s.lastState?.terminated) {
        pendingInitialization++;
        waiting++;
      }
    } else {
      pendingInitialization++;
      unknown++;
    }
  }

  for (const c of spec.containers) {
    const s = findStatus(statuses, c.name);
    if (!s) unknown++;
    else if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }

  if (failedInitialization > 0 && restartPolicy === "Never") return "Failed";
  if (pendingInitialization > 0 && !hasAnyRegularContainerStarted(spec, statuses)) return "Pending";
  if (waiting > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? "Succeeded" : "Failed";
    if (restartPolicy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (restartPolicy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

export interface PhaseInputs {
  /** getPhase's answer for the new container statuses. */
  computed: PodPhase;
  /** The status the kubelet last wrote (its status manager's copy), if any. */
  previous?: { phase?: string; reason?: string; message?: string };
  /** The pod's status as the API server holds it. */
  api?: { phase?: string; reason?: string; message?: string };
  /** A sync handler's verdict (eviction, admission rejection): Failed with this reason and message. */
  evict?: { reason: string; message: string };
}

/**
 * generateAPIPodStatus after getPhase: a terminal phase already recorded (by the kubelet or the API) wins over a
 * non-terminal one; an unchanged phase keeps its reason and message; an eviction forces Failed; and the API's
 * terminal phase can never be left.
 */
export function resolvePhase(inputs: PhaseInputs): { phase: string; reason?: string; message?: string } {
  const previous = inputs.previous ?? {};
  const api = inputs.api ?? {};
  let phase: string = inputs.computed;
  let reason: string | undefined;
  let message: string | undefined;
  if (!isTerminalPhase(phase)) {
    if (isTerminalPhase(previous.phase)) phase = previous.phase;
    else if (isTerminalPhase(api.phase)) phase = api.phase;
  }
  if (phase === previous.phase) {
    reason = previous.reason || api.reason || undefined;
    message = previous.message || api.message || undefined;
  }
  if (inputs.evict) {
    phase = "Failed";
    reason = inputs.evict.reason;
    message = inputs.evict.message;
  }
  if (isTerminalPhase(api.phase) && phase !== api.phase) phase = api.phase;
  return { phase, reason, message };
}
