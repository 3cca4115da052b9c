/**
 * What both endpoint controllers read off pods and Services (k8s.io/endpointslice/util and
 * pkg/api/v1/pod, 1.32): whether a pod belongs in a Service's endpoints, its IPs, the container port a
 * Service port targets (FindPort: by number, or by name among the containers' — and sidecars' — ports of the
 * same protocol), whether its hostname is published, and whether the Service has a cluster IP.
 */
import type { KubeObject } from "../../../schema/types";
import { isPodReady, isPodTerminal } from "../daemonset/pod-state";

export { isPodReady };

/**
 * ShouldPodBeInEndpoints: not terminal, has an IP, and — unless terminating pods are included — not being
 * deleted.
 */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && !(pod.status?.podIPs ?? []).length) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** status.podIPs, or the single status.podIP when podIPs is empty (as the v1 conversion fills it). */
export function podIPs(pod: KubeObject): string[] {
  const ips: string[] = (pod.status?.podIPs ?? []).map((p: KubeObject) => p?.ip).filter((ip: unknown) => typeof ip === "string" && ip);
  if (ips.length) return ips;
  return pod.status?.podIP ? [pod.status.podIP] : [];
}

export const isIPv6 = (ip: string): boolean => ip.includes(":");

/** FindPort: the port number a Service port reaches on this pod, or undefined when it has no such port. */
export function findPort(pod: KubeObject, servicePort: KubeObject): number | undefined {
  const target: unknown = servicePort.targetPort ?? servicePort.port;
  if (typeof target === "number") return target;
  if (typeof target !== "string") return undefined;
  const protocol = servicePort.protocol ?? "TCP";
  const containers: KubeObject[] = [
    ...(pod.spec?.containers ?? []),
    // Sidecars: init containers that keep running (restartPolicy Always).
    ...(pod.spec?.initContainers ?? []).filter((c: KubeObject) => c?.restartPolicy === "Always"),
  ];
  for (const c of containers) {
    for (const p of c?.ports ?? []) if (p?.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
  }
  return undefined;
}

/** ShouldSetHostname: the pod names a hostname and a subdomain equal to the Service's name, in its namespace. */
export const shouldSetHostname = (pod: KubeObject, svc: KubeObject): boolean =>
  !!pod.spec?.hostname && pod.spec?.subdomain === svc.metadata?.name && pod.metadata?.namespace === svc.metadata?.namespace;

/** helper.IsServiceIPSet: a cluster IP that is neither empty nor "None". */
export const isServiceIPSet = (svc: KubeObject): boolean => !!svc.spec?.clusterIP && svc.spec.clusterIP !== "None";

/** v1.IsHeadlessService: the label both controllers put on the objects of a Service without a cluster IP. */
export const HEADLESS_LABEL = "service.kubernetes.io/headless";

/** v1.EndpointsLastChangeTriggerTime. */
export const LAST_CHANGE_TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";
