/**
 * The kubelet-owned pod conditions (pkg/kubelet/status/generate.go) and how the status manager stamps and merges
 * them (status_manager.go updateLastTransitionTime, mergePodStatus):
 * PodReadyToStartContainers, Initialized, Ready, ContainersReady and PodScheduled, in that order, after every
 * condition the kubelet does not own (readiness gates, DisruptionTarget, …), which are kept as they are.
 */
import { goStringList } from "./go-format";
import { isTerminalPhase } from "./pod-phase";
import {
  type ContainerStatus,
  findStatus,
  hasAnyRegularContainerStarted,
  isRestartableInit,
  type PodCondition,
  type PodSpecLike,
} from "./types";

/** kubetypes.PodConditionByKubelet (PodReadyToStartContainers included: the gate is on by default since 1.29). */
export const KUBELET_CONDITIONS = ["PodScheduled", "Ready", "Initialized", "ContainersReady", "PodReadyToStartContainers"];
/** kubetypes.PodConditionSharedByKubelet. */
export const SHARED_CONDITIONS = ["DisruptionTarget"];

const cond = (type: string, status: string, reason?: string, message?: string): PodCondition => ({
  type,
  status,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

function unreadyMessage(unknown: string[], notReady: string[], notReadyLabel: string): string {
  const parts: string[] = [];
  if (unknown.length) parts.push(`containers with unknown status: ${goStringList(unknown)}`);
  if (notReady.length) parts.push(`containers with ${notReadyLabel} status: ${goStringList(notReady)}`);
  return parts.join(", ");
}

/** GeneratePodInitializedCondition. */
export function initializedCondition(spec: PodSpecLike, statuses: readonly ContainerStatus[], phase: string): PodCondition {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of spec.initContainers ?? []) {
    const s = findStatus(statuses, c.name);
    if (!s) unknown.push(c.name);
    else if (isRestartableInit(c) ? !s.started : !s.ready) incomplete.push(c.name);
  }
  if (phase === "Succeeded" && unknown.length === 0) return cond("Initialized", "True", "PodCompleted");
  if (hasAnyRegularContainerStarted(spec, statuses)) return cond("Initialized", "True");
  const message = unreadyMessage(unknown, incomplete, "incomplete");
  return message ? cond("Initialized", "False", "ContainersNotInitialized", message) : cond("Initialized", "True");
}

/** GenerateContainersReadyCondition: sidecars and app containers must all be ready. */
export function containersReadyCondition(spec: PodSpecLike, statuses: readonly ContainerStatus[], phase: string): PodCondition {
  const unknown: string[] = [];
  const unready: string[] = [];
  const counted = [...(spec.initContainers ?? []).filter(isRestartableInit), ...spec.containers];
  for (const c of counted) {
    const s = findStatus(statuses, c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  if (phase === "Succeeded" && unknown.length === 0) return cond("ContainersReady", "False", "PodCompleted");
  if (phase === "Failed") return cond("ContainersReady", "False", "PodFailed");
  const message = unreadyMessage(unknown, unready, "unready");
  return message ? cond("ContainersReady", "False", "ContainersNotReady", message) : cond("ContainersReady", "True");
}

/** GeneratePodReadyCondition: ContainersReady, then every readiness gate's condition must be True. */
export function readyCondition(
  spec: PodSpecLike,
  conditions: readonly PodCondition[],
  statuses: readonly ContainerStatus[],
  phase: string,
): PodCondition {
  const containersReady = containersReadyCondition(spec, statuses, phase);
  if (containersReady.status !== "True") return { ...containersReady, type: "Ready" };
  const messages: string[] = [];
  for (const gate of spec.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c) messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== "True") messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  return messages.length ? cond("Ready", "False", "ReadinessGatesNotReady", messages.join(", ")) : cond("Ready", "True");
}

export interface ConditionInputs {
  spec: PodSpecLike;
  /** The new init + app container statuses. */
  statuses: readonly ContainerStatus[];
  phase: string;
  /** The conditions currently on the pod (API). */
  current: readonly PodCondition[];
  /** The pod sandbox (here: the runtime's network and isolate slot) is ready; omit to leave the condition out. */
  sandboxReady?: boolean;
}

/**
 * The full conditions list generateAPIPodStatus + mergePodStatus produce: foreign conditions first (unchanged),
 * then the kubelet's own. Times are not stamped here: see `stampTransitionTimes`.
 */
export function podConditions(inputs: ConditionInputs): PodCondition[] {
  const foreign = inputs.current.filter((c) => !KUBELET_CONDITIONS.includes(c.type));
  const own: PodCondition[] = [];
  if (inputs.sandboxReady !== undefined) own.push(cond("PodReadyToStartContainers", inputs.sandboxReady ? "True" : "False"));
  own.push(initializedCondition(inputs.spec, inputs.statuses, inputs.phase));
  own.push(readyCondition(inputs.spec, foreign, inputs.statuses, inputs.phase));
  own.push(containersReadyCondition(inputs.spec, inputs.statuses, inputs.phase));
  own.push(cond("PodScheduled", "True"));
  return [...foreign, ...own];
}

/**
 * mergePodStatus' guard against reporting a terminal pod as ready: with a terminal phase, if Ready or
 * ContainersReady is True, both become False with reason PodFailed / PodCompleted.
 */
export function forceTerminalReadiness(conditions: readonly PodCondition[], phase: string): PodCondition[] {
  const readiness = ["Ready", "ContainersReady"];
  if (!isTerminalPhase(phase) || !conditions.some((c) => readiness.includes(c.type) && c.status === "True")) return [...conditions];
  const reason = phase === "Failed" ? "PodFailed" : "PodCompleted";
  return conditions.map((c) => (readiness.includes(c.type) ? cond(c.type, "False", reason) : c));
}

/**
 * updateLastTransitionTime for the kubelet's conditions: the previous time when the status did not change, else
 * `now`. Foreign conditions keep whatever they carry. `lastProbeTime` is written as null, as Go serialises a zero
 * metav1.Time.
 */
export function stampTransitionTimes(next: readonly PodCondition[], previous: readonly PodCondition[], now: string): PodCondition[] {
  return next.map((c) => {
    if (!KUBELET_CONDITIONS.includes(c.type)) return c;
    const old = previous.find((p) => p.type === c.type);
    const lastTransitionTime = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now;
    return { ...c, lastProbeTime: null, lastTransitionTime };
  });
}
