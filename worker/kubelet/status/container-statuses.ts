/**
 * Container statuses as the kubelet writes them: convertToAPIContainerStatuses (one status per spec container,
 * a default Waiting state before the runtime knows the container, old restartCount/lastState carried over, a
 * terminated status kept once the runtime forgets it), prober_manager UpdatePodStatus' `started`/`ready` rules,
 * and the status manager's normalizeStatus (RFC 3339 seconds, termination messages cut to 12 KiB shared by all
 * containers, app statuses sorted by name, init statuses in spec order).
 */
import { normalizeTime } from "./go-format";
import { type ContainerSpecLike, type ContainerState, type ContainerStatus, isRestartableInit } from "./types";

/** What the runtime (isolate or simulated) knows about the current instance of one container. */
export interface ContainerFacts {
  /** Waiting (with the reason the kubelet's reason cache holds: ErrImagePull, CrashLoopBackOff, …), running or terminated. */
  state: ContainerState;
  /** The previous instance's terminated state, if any. */
  lastState?: ContainerState;
  restartCount: number;
  /** From the probe workers (`containerStartedReady`); ignored for regular init containers. */
  started: boolean;
  ready: boolean;
  /** The image as the runtime reports it, and its digest reference (`docker.io/library/nginx@sha256:…`). */
  image: string;
  imageID: string;
  containerID?: string;
}

/** kubecontainer.MaxPodTerminationMessageLogLength. */
export const MAX_TERMINATION_MESSAGES_BYTES = 1024 * 12;

export interface ContainerStatusInputs {
  containers: readonly ContainerSpecLike[];
  facts: Readonly<Record<string, ContainerFacts>>;
  previous: readonly ContainerStatus[];
  /** The pod has init containers: the default waiting reason is PodInitializing, else ContainerCreating. */
  hasInitContainers: boolean;
  isInit: boolean;
  /** Containers of all kinds in the pod, which share the termination-message budget. */
  containersInPod: number;
}

/** The statuses of one container list (app or init) in the order the status manager writes them. */
export function containerStatuses(inputs: ContainerStatusInputs): ContainerStatus[] {
  const budget = Math.floor(MAX_TERMINATION_MESSAGES_BYTES / Math.max(1, inputs.containersInPod));
  const statuses = inputs.containers.map((c) => {
    const facts = inputs.facts[c.name];
    const old = inputs.previous.find((s) => s.name === c.name);
    const regularInit = inputs.isInit && !isRestartableInit(c);
    let status: ContainerStatus;
    if (facts) {
      status = {
        name: c.name,
        state: facts.state,
        lastState: facts.lastState ?? {},
        ready: facts.ready,
        restartCount: facts.restartCount,
        image: facts.image || c.image || "",
        imageID: facts.imageID ?? "",
        ...(facts.containerID ? { containerID: facts.containerID } : {}),
        started: facts.started,
      };
    } else if (old?.state?.terminated) {
      status = { ...old, lastState: old.lastState ?? {} };
    } else {
      const reason = inputs.hasInitContainers ? "PodInitializing" : "ContainerCreating";
      status = {
        name: c.name,
        state: { waiting: { reason } },
        lastState: old?.lastState ?? {},
        ready: false,
        restartCount: old?.restartCount ?? 0,
        image: c.image ?? "",
        imageID: "",
        started: false,
      };
    }
    const running = status.state.running !== undefined;
    const started = running && (regularInit || status.started === true);
    const ready = regularInit ? status.state.terminated?.exitCode === 0 : started && status.ready;
    return normalizeStatus({ ...status, started, ready }, budget);
  });
  return inputs.isInit ? statuses : statuses.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function normalizeStatus(s: ContainerStatus, budget: number): ContainerStatus {
  return { ...s, state: normalizeState(s.state, budget), lastState: normalizeState(s.lastState, budget) };
}

function normalizeState(state: ContainerState, budget: number): ContainerState {
  const out: ContainerState = {};
  if (state.waiting) out.waiting = stripEmpty({ ...state.waiting });
  if (state.running) out.running = stripEmpty({ startedAt: normalizeTime(state.running.startedAt) });
  if (state.terminated) {
    const t = state.terminated;
    out.terminated = stripEmpty({
      ...t,
      startedAt: normalizeTime(t.startedAt),
      finishedAt: normalizeTime(t.finishedAt),
      message: t.message === undefined ? undefined : truncateBytes(t.message, budget),
    });
  }
  return out;
}

const stripEmpty = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as T;

/** A Go byte slice `s[:n]` of the UTF-8 text; a cut rune becomes U+FFFD, as Go's JSON encoder writes it. */
function truncateBytes(s: string, n: number): string {
  const bytes = new TextEncoder().encode(s);
  return bytes.length <= n ? s : new TextDecoder().decode(bytes.slice(0, n));
}
