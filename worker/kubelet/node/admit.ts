/**
 * The kubelet's predicate admission (pkg/kubelet/lifecycle/predicate.go, 1.32): whether a pod bound to this
 * node may run beside the pods already admitted, judged with the scheduler's own checks
 * (scheduler.AdmissionCheck: NodeResourcesFit's Fits, the required node affinity, NodeName, NodePorts) plus the
 * kubelet's NoExecute taint check. Only the first failure is reported, with upstream's reasons and messages.
 *
 * Not here: the other admit handlers (eviction manager under node pressure, sysctls, AppArmor, node shutdown),
 * critical-pod preemption (HandleAdmissionFailure), and SupplementalGroupsPolicy (alpha in 1.32, so admitted).
 * UnexpectedAdmissionError comes from device-plugin resource updates upstream, which do not exist here.
 */
import type { KubeObject } from "../../../schema/types";
import { findUntoleratedTaint, isExtendedResourceName, requiredNodeAffinityMatches } from "../../scheduler/common";
import { ERR_REASON_POD } from "../../scheduler/filters/node-affinity";
import { ERR_REASON_NODE_NAME, nodeNameFilter } from "../../scheduler/filters/node-name";
import { ERR_REASON_PORTS, nodePortsFilter } from "../../scheduler/filters/node-ports";
import { insufficientResources } from "../../scheduler/filters/node-resources-fit";
import { nodeAllocatable } from "../../scheduler/filters/resource";
import { podQOS } from "../status/qos";
import { LABEL_OS, NODE_OS } from "./node-object";

export const REASON_OUT_OF_CPU = "OutOfcpu";
export const REASON_OUT_OF_MEMORY = "OutOfmemory";
export const REASON_OUT_OF_EPHEMERAL_STORAGE = "OutOfephemeral-storage";
export const REASON_OUT_OF_PODS = "OutOfpods";
export const REASON_POD_OS_SELECTOR_MISMATCH = "PodOSSelectorNodeLabelDoesNotMatch";
export const REASON_POD_OS_NOT_SUPPORTED = "PodOSNotSupported";
export const REASON_INVALID_NODE_INFO = "InvalidNodeInfo";
export const REASON_UNEXPECTED_ADMISSION_ERROR = "UnexpectedAdmissionError";
/** tainttoleration.ErrReasonNotMatch. */
export const ERR_REASON_TAINT_NOT_MATCH = "node(s) had taints that the pod didn't tolerate";
/** What kubelet.rejectPod puts before the admission message in the pod's status.message. */
export const POD_REJECTED_PREFIX = "Pod was rejected: ";

export type PodAdmitResult = { admit: true } | { admit: false; reason: string; message: string };

const ADMIT: PodAdmitResult = Object.freeze({ admit: true });
const reject = (reason: string, message: string): PodAdmitResult => ({ admit: false, reason, message });
/** PredicateFailureError.Error() since 1.31: the plugin name and its reason. */
const predicateFailure = (name: string, desc: string): PodAdmitResult => reject(name, `Predicate ${name} failed: ${desc}`);

/** kubetypes.IsStaticPod: the pod came from a file or URL source, not the API server. */
const isStaticPod = (pod: KubeObject): boolean => {
  const source = pod.metadata?.annotations?.["kubernetes.io/config.source"];
  return typeof source === "string" && source !== "api";
};

/**
 * predicateAdmitHandler.Admit for `pod` on `node` (undefined when the kubelet cannot read it), given the
 * non-terminal pods already admitted there (the pod itself, if listed, is left out).
 */
export function admitPod(pod: KubeObject, podsOnNode: readonly KubeObject[], node: KubeObject | undefined): PodAdmitResult {
  if (!node) return reject(REASON_INVALID_NODE_INFO, "Kubelet cannot get node info.");
  const podOS = pod.metadata?.labels?.[LABEL_OS];
  // rejectPodAdmissionBasedOnOSSelector: the node's own label is taken to be runtime.GOOS whatever it says.
  if (podOS !== undefined && podOS !== NODE_OS) {
    return reject(REASON_POD_OS_SELECTOR_MISMATCH, "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label");
  }
  if (pod.spec?.os?.name !== undefined && pod.spec.os.name !== NODE_OS) {
    return reject(REASON_POD_OS_NOT_SUPPORTED, "Failed to admit pod as the OS field doesn't match node OS");
  }
  const uid = pod.metadata?.uid;
  const others = podsOnNode.filter((p) => uid === undefined || p.metadata?.uid !== uid);
  const nodeInfo = { node, pods: others };
  const checked = withoutMissingExtendedResources(pod, node);

  const short = insufficientResources(checked, nodeInfo)[0];
  if (short) {
    const message =
      `Node didn't have enough resource: ${short.resourceName}, requested: ${short.requested}, ` +
      `used: ${short.used}, capacity: ${short.capacity}`;
    return reject(`OutOf${short.resourceName}`, message);
  }
  if (!requiredNodeAffinityMatches(pod, node)) return predicateFailure("NodeAffinity", ERR_REASON_POD);
  if (!nodeNameFilter(pod, nodeInfo).ok) return predicateFailure("NodeName", ERR_REASON_NODE_NAME);
  if (!nodePortsFilter(pod, nodeInfo).ok) return predicateFailure("NodePorts", ERR_REASON_PORTS);
  if (!isStaticPod(pod) && findUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, (t) => t.effect === "NoExecute")) {
    return predicateFailure("TaintToleration", ERR_REASON_TAINT_NOT_MATCH);
  }
  return ADMIT;
}

/**
 * removeMissingExtendedResources: extended-resource requests the node does not offer at all are dropped before
 * the fit check (cluster-level resources the node knows nothing of). The pod itself is returned when none are.
 */
function withoutMissingExtendedResources(pod: KubeObject, node: KubeObject): KubeObject {
  const offered = nodeAllocatable(node).scalar;
  const drop = (name: string) => isExtendedResourceName(name) && !offered.has(name);
  const containers = (list: KubeObject[] | undefined) => list ?? [];
  const all = [...containers(pod.spec?.containers), ...containers(pod.spec?.initContainers)];
  if (!all.some((c) => Object.keys(c?.resources?.requests ?? {}).some(drop))) return pod;
  const strip = (c: KubeObject) => {
    const requests = c?.resources?.requests;
    if (!requests) return c;
    return { ...c, resources: { ...c.resources, requests: Object.fromEntries(Object.entries(requests).filter(([k]) => !drop(k))) } };
  };
  const spec = { ...pod.spec, containers: containers(pod.spec?.containers).map(strip) };
  if (pod.spec?.initContainers) spec.initContainers = pod.spec.initContainers.map(strip);
  return { ...pod, spec };
}

/** kubelet.rejectPod's status for a pod that failed admission: Failed, the reason, the prefixed message. */
export function rejectedPodStatus(pod: KubeObject, result: Extract<PodAdmitResult, { admit: false }>): KubeObject {
  return { phase: "Failed", reason: result.reason, message: `${POD_REJECTED_PREFIX}${result.message}`, qosClass: podQOS(pod) };
}
