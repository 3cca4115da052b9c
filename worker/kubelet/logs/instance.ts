/**
 * Which container instance a log request reads: the kubelet's validateContainerLogStatus
 * (pkg/kubelet/kubelet_pods.go) over the pod status it holds, with its error texts (the kubelet answers them
 * with 400, which the API server passes on as a BadRequest).
 *
 * Instances are numbered by restartCount, as CRI log files are: the running or terminated instance is
 * `restartCount`; `lastState.terminated` is the instance before it (`restartCount - 1`), except while the
 * container waits to restart (CrashLoopBackOff), when restartCount still counts the instance that last ran and
 * lastState describes that very instance (convertToAPIContainerStatuses keeps the exited status's count).
 */
import { goQuote } from "../../../schema/validation/field-errors";
import type { ContainerStatus } from "../status/types";

export interface StatusesLike {
  containerStatuses?: readonly ContainerStatus[];
  initContainerStatuses?: readonly ContainerStatus[];
  ephemeralContainerStatuses?: readonly ContainerStatus[];
}

export type LogInstance =
  | {
      ok: true;
      instance: number;
      /** The instance is running now: a follow waits for more lines until it stops. */
      running: boolean;
      /** The container ID upstream would read, when the status names one. */
      containerID?: string;
    }
  | { ok: false; message: string };

/** `ErrImagePull` and `ImagePullBackOff` get their own texts (pkg/kubelet/images errors). */
const WAITING_TEXT: Record<string, string> = {
  ErrImagePull: "image can't be pulled",
  ImagePullBackOff: "trying and failing to pull image",
};

export function selectLogInstance(podName: string, status: StatusesLike, container: string, previous: boolean): LogInstance {
  const cs =
    status.containerStatuses?.find((s) => s.name === container) ??
    status.initContainerStatuses?.find((s) => s.name === container) ??
    status.ephemeralContainerStatuses?.find((s) => s.name === container);
  const who = `container ${goQuote(container)} in pod ${goQuote(podName)}`;
  if (!cs) return { ok: false, message: `${who} is not available` };
  const { waiting, running, terminated } = cs.state ?? {};
  const last = cs.lastState?.terminated;
  const restarts = cs.restartCount ?? 0;
  const lastInstance = running || terminated ? restarts - 1 : restarts;
  const idOf = (id: string | undefined) => (id ? { containerID: id } : {});
  if (previous) {
    if (!last || lastInstance < 0) return { ok: false, message: `previous terminated ${who} not found` };
    return { ok: true, instance: lastInstance, running: false, ...idOf(last.containerID) };
  }
  if (running) return { ok: true, instance: restarts, running: true, ...idOf(cs.containerID) };
  if (terminated) return { ok: true, instance: restarts, running: false, ...idOf(terminated.containerID ?? cs.containerID) };
  if (last) return { ok: true, instance: Math.max(0, lastInstance), running: false, ...idOf(last.containerID) };
  if (waiting) {
    const reason = waiting.reason ?? "";
    return { ok: false, message: `${who} is waiting to start: ${WAITING_TEXT[reason] ?? reason}` };
  }
  return { ok: false, message: `${who} is waiting to start - no logs yet` };
}
