/** Builders for container statuses and pod specs shared by the status tests. */
import type { ContainerSpecLike, ContainerState, ContainerStatus, PodSpecLike } from "../../../../worker/kubelet/status/types";

export const T0 = Date.parse("2025-01-01T00:00:00Z");
export const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

export const running = (startedAt = iso(T0)): ContainerState => ({ running: { startedAt } });
export const waiting = (reason = "ContainerCreating", message?: string): ContainerState => ({
  waiting: { reason, ...(message ? { message } : {}) },
});
export const terminated = (exitCode: number, reason = exitCode === 0 ? "Completed" : "Error"): ContainerState => ({
  terminated: { exitCode, reason, startedAt: iso(T0), finishedAt: iso(T0 + 5000) },
});

export function cs(name: string, state: ContainerState, over: Partial<ContainerStatus> = {}): ContainerStatus {
  return {
    name,
    state,
    lastState: {},
    ready: false,
    restartCount: 0,
    image: `${name}:1`,
    imageID: "",
    started: state.running !== undefined,
    ...over,
  };
}

export const c = (name: string, over: Partial<ContainerSpecLike> = {}): ContainerSpecLike => ({ name, image: `${name}:1`, ...over });
export const sidecar = (name: string) => c(name, { restartPolicy: "Always" });

export function spec(containers: string[], over: Partial<PodSpecLike> = {}): PodSpecLike {
  return { containers: containers.map((n) => c(n)), ...over };
}
