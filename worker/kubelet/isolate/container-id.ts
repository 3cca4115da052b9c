/**
 * Container instance ids of the isolate runtime: `isolate://<podUid>/<container>/<restartCount>`. One id names
 * one instance of a container, so it is both the Worker Loader name (`LOADER.get(id, …)` reuses a warm isolate
 * by name: a restart must get a fresh one, hence the restart count in the id) and the `containerID` the kubelet
 * writes in ContainerStatus (upstream's `<runtime>://<id>` form, e.g. `containerd://<sha>`). Pure.
 */

/** The runtime type prefix of container ids (kubecontainer.ContainerID.Type). */
export const ISOLATE_RUNTIME = "isolate";

export interface ContainerInstance {
  podUid: string;
  container: string;
  restartCount: number;
}

/** The deterministic id of one container instance; a new restart count gives a new id and so a new isolate. */
export function containerId({ podUid, container, restartCount }: ContainerInstance): string {
  return `${ISOLATE_RUNTIME}://${podUid}/${container}/${restartCount}`;
}

const ID = /^isolate:\/\/([^/]+)\/([^/]+)\/(0|[1-9]\d*)$/;

/** The instance an id names, or undefined when it is not an isolate container id. */
export function parseContainerId(id: string): ContainerInstance | undefined {
  const m = ID.exec(id);
  return m ? { podUid: m[1], container: m[2], restartCount: Number(m[3]) } : undefined;
}
