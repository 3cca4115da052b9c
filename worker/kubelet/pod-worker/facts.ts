/**
 * The record as the runtime facts computePodStatus reads (kubelet_pods.go convertToAPIContainerStatuses): the
 * current instance's state, the previous one as lastState, the reason cache's waiting reason for a container
 * that will be started again, and started/ready from the probe results.
 */
import type { ContainerFacts } from "../status/container-statuses";
import { rfc3339 } from "../status/go-format";
import { containerStartedReady } from "../status/probe-outcome";
import type { ContainerState } from "../status/types";
import { probeResult } from "./context";
import { shouldContainerBeRestarted } from "./pod-actions";
import { specContainers } from "./spec";
import type { ContainerInstance, PodRecord, PodWorkerPod } from "./types";

function terminatedState(i: ContainerInstance): ContainerState {
  const exit = i.exit!;
  return {
    terminated: {
      exitCode: exit.exitCode,
      reason: exit.reason,
      ...(exit.message ? { message: exit.message } : {}),
      ...(i.startedMs !== undefined ? { startedAt: rfc3339(i.startedMs) } : {}),
      finishedAt: rfc3339(exit.finishedMs),
      ...(i.containerID ? { containerID: i.containerID } : {}),
    },
  };
}

/**
 * Facts per container name for computePodStatus. A container the runtime never created has facts only when the
 * reason cache explains why (ErrImagePull, ImagePullBackOff, ErrImageNeverPull, …); otherwise the status falls
 * back to ContainerCreating / PodInitializing. The reason cache is shown only for a container that will be started
 * again (ShouldContainerBeRestarted), as upstream: a finished or deleted pod shows its containers' last states.
 */
export function containerFacts(pod: PodWorkerPod, record: PodRecord, _nowMs?: number): Record<string, ContainerFacts> {
  const facts: Record<string, ContainerFacts> = {};
  for (const s of specContainers(pod)) {
    const c = record.containers[s.spec.name];
    if (!c) continue;
    const cur = c.current;
    const restarting = !record.terminating && shouldContainerBeRestarted(pod, c);
    const waiting = c.waiting && restarting ? { waiting: { reason: c.waiting.reason, ...(c.waiting.message ? { message: c.waiting.message } : {}) } } : undefined;
    if (!cur) {
      if (waiting) facts[c.name] = { state: waiting, restartCount: c.restartCount, started: false, ready: false, image: s.spec.image ?? "", imageID: "" };
      continue;
    }
    const running = !cur.exit;
    let state: ContainerState;
    let lastState: ContainerState | undefined;
    if (running) {
      state = { running: { startedAt: rfc3339(cur.startedMs ?? 0) } };
      lastState = c.previous?.exit ? terminatedState(c.previous) : undefined;
    } else if (waiting) {
      state = waiting;
      lastState = terminatedState(cur);
    } else {
      state = terminatedState(cur);
      lastState = c.previous?.exit ? terminatedState(c.previous) : undefined;
    }
    const { started, ready } = containerStartedReady({
      running,
      hasStartupProbe: !!s.spec.startupProbe,
      startupResult: probeResult(record, c, "startup"),
      hasReadinessProbe: !!s.spec.readinessProbe,
      readinessResult: probeResult(record, c, "readiness"),
    });
    facts[c.name] = {
      state,
      ...(lastState ? { lastState } : {}),
      restartCount: c.restartCount,
      started,
      ready,
      image: cur.image || s.spec.image || "",
      imageID: cur.imageID,
      containerID: cur.containerID || undefined,
    };
  }
  return facts;
}
