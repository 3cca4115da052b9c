/**
 * core/v1 Pod table: upstream printPod (pkg/printers/internalversion/printers.go), including the pod
 * status "reason" logic kubectl users know (Pending, ContainerCreating, Init:0/1, Init:CrashLoopBackOff,
 * Running, NotReady, Completed, Error, CrashLoopBackOff, ExitCode:N, Signal:N, Terminating, Unknown,
 * SchedulingGated) and restart counts with "(5m ago)".
 */
import { humanDuration, parseTimestamp } from "./duration";
import { arr, ageOf, int, nameOf, str } from "./format";
import { AGE_COLUMN, NAME_COLUMN, column, type KubeObject, type TableDef, type TableRowCondition } from "./types";

/** node.NodeUnreachablePodReason: set by the node lifecycle controller on pods of a lost node. */
const NODE_UNREACHABLE_POD_REASON = "NodeLost";

/** podutil.IsRestartableInitContainer: a sidecar (init container with restartPolicy Always). */
function isRestartable(c: KubeObject | undefined): boolean {
  return c?.restartPolicy === "Always";
}

function hasCondition(pod: KubeObject, type: string): boolean {
  // isPodInitializedConditionTrue / hasPodReadyCondition: the first condition of the type decides.
  const c = arr(pod.status?.conditions).find((x) => x?.type === type);
  return c?.status === "True";
}

/** The cells Ready, Status and Restarts of a pod (everything printPod derives from container statuses). */
export function podStatusCells(pod: KubeObject, now: Date): { ready: string; reason: string; restarts: string } {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const phase = str(status.phase);
  let reason = status.reason ? str(status.reason) : phase;
  if (arr(status.conditions).some((c) => c?.type === "PodScheduled" && c?.reason === "SchedulingGated")) {
    reason = "SchedulingGated";
  }

  const initSpecs = new Map<string, KubeObject>();
  let total = arr(spec.containers).length;
  for (const c of arr(spec.initContainers)) {
    initSpecs.set(str(c.name), c);
    if (isRestartable(c)) total++;
  }

  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0; // epoch ms; 0 = Go's zero time
  let lastSidecarRestart = 0;
  const finishedAt = (cs: KubeObject) => parseTimestamp(cs.lastState?.terminated?.finishedAt) ?? 0;

  const initStatuses = arr(status.initContainerStatuses);
  const initCount = arr(spec.initContainers).length;
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const state = cs.state ?? {};
    const restartable = isRestartable(initSpecs.get(str(cs.name)));
    restarts += int(cs.restartCount);
    lastRestart = Math.max(lastRestart, finishedAt(cs));
    if (restartable) {
      sidecarRestarts += int(cs.restartCount);
      lastSidecarRestart = Math.max(lastSidecarRestart, finishedAt(cs));
    }
    if (state.terminated && int(state.terminated.exitCode) === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    if (state.terminated) {
      const t = state.terminated;
      if (!t.reason) reason = int(t.signal) !== 0 ? `Init:Signal:${int(t.signal)}` : `Init:ExitCode:${int(t.exitCode)}`;
      else reason = `Init:${str(t.reason)}`;
    } else if (state.waiting?.reason && state.waiting.reason !== "PodInitializing") {
      reason = `Init:${str(state.waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(pod, "Initialized")) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      const state = cs.state ?? {};
      restarts += int(cs.restartCount);
      lastRestart = Math.max(lastRestart, finishedAt(cs));
      if (state.waiting?.reason) {
        reason = str(state.waiting.reason);
      } else if (state.terminated?.reason) {
        reason = str(state.terminated.reason);
      } else if (state.terminated) {
        const t = state.terminated;
        reason = int(t.signal) !== 0 ? `Signal:${int(t.signal)}` : `ExitCode:${int(t.exitCode)}`;
      } else if (cs.ready === true && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose last-listed container completed while another still runs is not "Completed".
    if (reason === "Completed" && hasRunning) reason = hasCondition(pod, "Ready") ? "Running" : "NotReady";
  }

  const deleting = pod.metadata?.deletionTimestamp != null;
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) reason = "Unknown";
  else if (deleting && phase !== "Succeeded" && phase !== "Failed") reason = "Terminating";

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== 0) {
    restartsText = `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;
  }
  return { ready: `${ready}/${total}`, reason, restarts: restartsText };
}

/** Readiness Gates: "<true gates>/<gates>", "<none>" without gates. */
function readinessGates(pod: KubeObject): string {
  const gates = arr(pod.spec?.readinessGates);
  if (gates.length === 0) return "<none>";
  const conditions = arr(pod.status?.conditions);
  const trueCount = gates.filter((g) => conditions.find((c) => c?.type === g?.conditionType)?.status === "True").length;
  return `${trueCount}/${gates.length}`;
}

/** The first pod IP: status.podIPs[0], falling back to status.podIP (v1 → internal conversion). */
function podIP(pod: KubeObject): string {
  const ips = arr(pod.status?.podIPs);
  return str(ips.length > 0 ? ips[0]?.ip : pod.status?.podIP) || "<none>";
}

export const POD_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
    column("Status", "string", "The aggregate status of the containers in this pod."),
    column(
      "Restarts",
      "string",
      "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
    ),
    AGE_COLUMN,
    column("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster.", 1),
    column("Node", "string", "NodeName indicates in which node this pod is scheduled.", 1),
    column("Nominated Node", "string", "nominatedNodeName is set when this pod preempts other pods on the node.", 1),
    column("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness.", 1),
  ],
  cells(pod, now) {
    const { ready, reason, restarts } = podStatusCells(pod, now);
    return [
      nameOf(pod),
      ready,
      reason,
      restarts,
      ageOf(pod, now),
      podIP(pod),
      str(pod.spec?.nodeName) || "<none>",
      str(pod.status?.nominatedNodeName) || "<none>",
      readinessGates(pod),
    ];
  },
  conditions(pod): TableRowCondition[] | undefined {
    const phase = pod.status?.phase;
    if (phase === "Succeeded") {
      return [{ type: "Completed", status: "True", reason: "Succeeded", message: "The pod has completed successfully." }];
    }
    if (phase === "Failed") return [{ type: "Completed", status: "True", reason: "Failed", message: "The pod failed." }];
    return undefined;
  },
};
