/**
 * The container instances this isolate runs (the container runtime's state, in memory as a runtime's is):
 * each instance's code (to re-load a cold isolate, and for the pod network's `localhost`), its handle, whether
 * its run entry is still going, and how it ended. Keyed by container id (which names the pod uid), so the
 * kubelets that share an isolate never see each other's. An object restart loses them, as a machine reboot
 * loses its containers: the pod worker then sees instances that report nothing and restarts them.
 */
import type { ContainerCodeSpec, ContainerHandle } from "../../isolate";
import type { RuntimeKinds } from "../../pod-worker";

export interface Instance {
  id: string;
  podUid: string;
  podKey: string;
  container: string;
  /** The restartCount this instance runs as (its log's instance number). */
  restartCount: number;
  spec: ContainerCodeSpec;
  handle: ContainerHandle;
  kind: RuntimeKinds;
  /** Stopped by the kubelet: a run entry settling later is not this instance's exit any more. */
  stopped: boolean;
  /** The run entry is still going. */
  running: boolean;
  /** How the instance ended, not yet reported to the pod worker. */
  exit?: { exitCode: number; reason: string; message?: string; finishedMs: number };
}

const instances = new Map<string, Instance>();

export const instanceOf = (id: string): Instance | undefined => instances.get(id);

export function addInstance(instance: Instance): void {
  instances.set(instance.id, instance);
}

/** The newest live instance of the pod's container (the pod network's `localhost:<port>` target). */
export function currentInstance(podUid: string, container: string): Instance | undefined {
  let found: Instance | undefined;
  for (const i of instances.values()) {
    if (i.podUid === podUid && i.container === container && !i.stopped && !i.exit && (!found || i.restartCount > found.restartCount)) found = i;
  }
  return found;
}

export function podInstances(podUid: string): Instance[] {
  return [...instances.values()].filter((i) => i.podUid === podUid);
}

export function forgetPodInstances(podUid: string): void {
  for (const [id, i] of instances) if (i.podUid === podUid) instances.delete(id);
}
