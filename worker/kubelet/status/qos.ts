/**
 * The pod's QoS class as the kubelet reports it (v1qos.GetPodQOS): the class already in the status wins (it is
 * set at creation and never recomputed, so a later resize cannot move a pod between classes); otherwise
 * ComputePodQOS over the spec. The API server's SetDefaults_Pod copies limits into missing requests before
 * ComputePodQOS ever sees a pod, so a spec that skipped defaulting (a static pod, a test fixture) gets the same
 * treatment here: limits-only cpu+memory is Guaranteed, as it is for any pod read back from the API.
 */
import type { KubeObject } from "../../../schema/types";
import { podQOSClass } from "../../../schema/core-v1/pod-defaults";

export type QOSClass = "Guaranteed" | "Burstable" | "BestEffort";

const isObj = (v: unknown): v is KubeObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** A container with each limit copied into a missing request (SetDefaults_Pod), without touching the input. */
function withDefaultedRequests(c: KubeObject): KubeObject {
  const limits = isObj(c.resources?.limits) ? c.resources.limits : undefined;
  if (!limits) return c;
  const requests = { ...limits, ...(isObj(c.resources.requests) ? c.resources.requests : {}) };
  return { ...c, resources: { ...c.resources, requests } };
}

/** ComputePodQOS (cpu and memory of all app and init containers; the alpha pod-level resources are not read). */
export function computePodQOS(spec: KubeObject): QOSClass {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter(isObj).map(withDefaultedRequests) : []);
  return podQOSClass({ ...spec, containers: list(spec.containers), initContainers: list(spec.initContainers) });
}

/** GetPodQOS: `status.qosClass` when set, else computed. */
export function podQOS(pod: { spec?: KubeObject; status?: { qosClass?: string } }): QOSClass {
  const existing = pod.status?.qosClass;
  if (existing === "Guaranteed" || existing === "Burstable" || existing === "BestEffort") return existing;
  return computePodQOS(pod.spec ?? {});
}
