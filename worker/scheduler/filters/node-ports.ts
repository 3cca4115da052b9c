/**
 * NodePorts filter (pkg/scheduler/framework/plugins/nodeports) with framework.HostPortInfo's conflict rule:
 * an empty hostIP means 0.0.0.0 and an empty protocol TCP; a 0.0.0.0 request conflicts with the same
 * protocol/port on any IP, a specific IP only with that IP or 0.0.0.0.
 */
import type { KubeObject } from "../../../schema/types";
import { FIT, unschedulable, type FilterResult, type NodeInfo } from "./types";

export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";

const BIND_ALL = "0.0.0.0";

export interface HostPort {
  hostIP: string;
  protocol: string;
  hostPort: number;
}

/**
 * schedutil.GetHostPorts: ports with hostPort > 0 of sidecars (init containers with restartPolicy Always,
 * which run for the pod's whole life) and of the regular containers, sanitized.
 */
export function podHostPorts(pod: KubeObject): HostPort[] {
  const containers: KubeObject[] = [
    ...(pod.spec?.initContainers ?? []).filter((c: KubeObject) => c.restartPolicy === "Always"),
    ...(pod.spec?.containers ?? []),
  ];
  return containers.flatMap((c) =>
    (c.ports ?? [])
      .filter((p: KubeObject) => typeof p.hostPort === "number" && p.hostPort > 0)
      .map((p: KubeObject) => ({ hostIP: p.hostIP || BIND_ALL, protocol: p.protocol || "TCP", hostPort: p.hostPort })),
  );
}

/** HostPortInfo.CheckConflict. */
export function hostPortConflicts(want: HostPort, used: HostPort[]): boolean {
  return used.some(
    (u) =>
      u.protocol === want.protocol &&
      u.hostPort === want.hostPort &&
      (want.hostIP === BIND_ALL || u.hostIP === BIND_ALL || u.hostIP === want.hostIP),
  );
}

/** NodePorts.Filter: no requested host port may collide with one the node's pods hold. */
export function nodePortsFilter(pod: KubeObject, nodeInfo: NodeInfo): FilterResult {
  const wanted = podHostPorts(pod);
  if (wanted.length === 0) return FIT;
  const used = nodeInfo.pods.flatMap(podHostPorts);
  return wanted.some((p) => hostPortConflicts(p, used)) ? unschedulable(ERR_REASON_PORTS) : FIT;
}
