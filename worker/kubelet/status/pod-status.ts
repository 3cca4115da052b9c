/**
 * The status the kubelet writes for one pod: generateAPIPodStatus (container statuses, phase, conditions, IPs,
 * qosClass) followed by what the status manager does before writing (updateStatusInternal: startTime and
 * condition transition times; mergePodStatus: foreign conditions kept, a terminal phase held back while
 * containers may still run, a terminal pod never reported ready; normalizeStatus).
 *
 * Pure: the runtime facts, IPs and `now` come in; the caller compares the result with what is stored
 * (`statusChanged`) and writes pods/status only on a real change.
 */
import type { KubeObject } from "../../../schema/types";
import { type ContainerFacts, containerStatuses } from "./container-statuses";
import { rfc3339 } from "./go-format";
import { forceTerminalReadiness, podConditions, stampTransitionTimes } from "./pod-conditions";
import { getPhase, isTerminalPhase, resolvePhase } from "./pod-phase";
import { podQOS } from "./qos";
import type { PodSpecLike, PodStatusLike } from "./types";

export interface PodStatusInputs {
  pod: { spec: PodSpecLike & KubeObject; status?: PodStatusLike };
  /** The status this kubelet last computed (its status manager's copy); defaults to the pod's API status. */
  previous?: PodStatusLike;
  /** Runtime facts per container name (init and app containers share one namespace of names). */
  facts: Readonly<Record<string, ContainerFacts>>;
  /** The node's addresses (primary first): hostIP/hostIPs, and podIPs of a hostNetwork pod. */
  hostIPs: readonly string[];
  /** The pod's sandbox addresses (from the node's pod CIDR), primary family first; empty before allocation. */
  podIPs: readonly string[];
  /** The pod worker's verdict that no container of this pod will run again. */
  podIsTerminal?: boolean;
  /** Containers may still be running: a terminal phase is held back until they have stopped (mergePodStatus). */
  couldHaveRunningContainers?: boolean;
  /** Sandbox ready → PodReadyToStartContainers True/False; omitted → the condition is not written. */
  sandboxReady?: boolean;
  /** A sync handler's verdict (eviction, a rejected admission): phase Failed with this reason and message. */
  evict?: { reason: string; message: string };
  nowMs: number;
}

/** The pod status to write. Fields the kubelet does not own (nominatedNodeName, resourceClaimStatuses, …) are kept. */
export function computePodStatus(inputs: PodStatusInputs): PodStatusLike {
  const { spec } = inputs.pod;
  const api = inputs.pod.status ?? {};
  const previous = inputs.previous ?? api;
  const now = rfc3339(inputs.nowMs);
  const inits = spec.initContainers ?? [];
  const containersInPod = spec.containers.length + inits.length;
  const shared = { facts: inputs.facts, hasInitContainers: inits.length > 0, containersInPod };
  const initStatuses = containerStatuses({
    ...shared,
    containers: inits,
    previous: previous.initContainerStatuses ?? [],
    isInit: true,
  });
  const appStatuses = containerStatuses({
    ...shared,
    containers: spec.containers,
    previous: previous.containerStatuses ?? [],
    isInit: false,
  });

  const computed = getPhase(spec, [...appStatuses, ...initStatuses], inputs.podIsTerminal ?? false);
  let { phase, reason, message } = resolvePhase({ computed, previous, api, evict: inputs.evict });
  const generated = podConditions({
    spec,
    statuses: [...initStatuses, ...appStatuses],
    phase,
    current: api.conditions ?? [],
    sandboxReady: inputs.sandboxReady,
  });
  if (!isTerminalPhase(api.phase) && isTerminalPhase(phase) && inputs.couldHaveRunningContainers) {
    ({ phase, reason, message } = { phase: api.phase ?? "Pending", reason: api.reason, message: api.message });
  }
  const conditions = stampTransitionTimes(forceTerminalReadiness(generated, phase), previous.conditions ?? [], now);

  const hostIPs = inputs.hostIPs.slice(0, 2).map((ip) => ({ ip }));
  const podIPs = resolvePodIPs(spec, inputs.podIPs, inputs.hostIPs, previous);

  const status: PodStatusLike = { ...api, phase, conditions };
  for (const k of ["reason", "message", "hostIP", "hostIPs", "podIP", "podIPs"] as const) delete status[k];
  if (reason) status.reason = reason;
  if (message) status.message = message;
  if (hostIPs.length) {
    status.hostIP = hostIPs[0].ip;
    status.hostIPs = hostIPs;
  }
  if (podIPs.length) {
    status.podIP = podIPs[0].ip;
    status.podIPs = podIPs;
  }
  status.startTime = previous.startTime || api.startTime || now;
  status.qosClass = podQOS(inputs.pod);
  if (inits.length) status.initContainerStatuses = initStatuses;
  else delete status.initContainerStatuses;
  status.containerStatuses = appStatuses;
  return status;
}

/**
 * Pod IPs: the sandbox's addresses; a hostNetwork pod inherits the node's and keeps them once set (adding the
 * second family when the node becomes dual-stack). When the runtime has none (the sandbox is gone after the pod
 * finished) the previous addresses stay, so a completed pod still shows the IP it ran with.
 */
function resolvePodIPs(
  spec: PodSpecLike,
  podIPs: readonly string[],
  hostIPs: readonly string[],
  previous: PodStatusLike,
): { ip: string }[] {
  const old = previous.podIPs?.length ? previous.podIPs : previous.podIP ? [{ ip: previous.podIP }] : [];
  if (spec.hostNetwork) {
    const ips = old.length ? [...old] : hostIPs.slice(0, 1).map((ip) => ({ ip }));
    if (hostIPs.length === 2 && ips.length === 1 && family(ips[0].ip) !== family(hostIPs[1])) ips.push({ ip: hostIPs[1] });
    return ips;
  }
  if (podIPs.length) return podIPs.slice(0, 2).map((ip) => ({ ip }));
  return old.map((p) => ({ ip: p.ip }));
}

const family = (ip: string) => (ip.includes(":") ? 6 : 4);
