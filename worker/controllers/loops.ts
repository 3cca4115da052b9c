/**
 * The control loops the controller manager runs, each in its own Durable Object (`loop:<name>`). A loop module
 * exports one `ControllerLoop`; add it here.
 */
import type { ControllerLoop } from "./framework/loop";
import { schedulerLoop } from "../scheduler/loop";
import { daemonSetLoop } from "./daemonset/loop";
import { endpointSliceLoop } from "./endpointslice/loop";
import { endpointsLoop } from "./endpoints/loop";
import { statefulSetLoop } from "./statefulset";
import { garbageCollectorLoop } from "./garbage-collector";
import { eventTtlLoop } from "./event-ttl";
import { replicaSetLoop } from "./replicaset";
import { deploymentLoop } from "./deployment";
import { nodeLifecycleLoop, taintEvictionLoop } from "./node-lifecycle";
import { disruptionLoop } from "./disruption/loop";
import { jobLoop } from "./job";
import { cronJobLoop } from "./cronjob";
import { ttlAfterFinishedLoop } from "./ttl-after-finished";
import { nodePoolLoop } from "../kubelet/agent/pool-loop";
import { volumeBinderLoop } from "./volume";
import { edgeIngressLoop, serviceLoadBalancerLoop } from "../services/status";

const LOOPS: ControllerLoop[] = [
  // loops: one entry per line (imports above)
  schedulerLoop,
  daemonSetLoop,
  endpointSliceLoop,
  endpointsLoop,
  statefulSetLoop,
  garbageCollectorLoop,
  eventTtlLoop,
  replicaSetLoop,
  deploymentLoop,
  nodeLifecycleLoop,
  taintEvictionLoop,
  disruptionLoop,
  jobLoop,
  cronJobLoop,
  ttlAfterFinishedLoop,
  nodePoolLoop,
  volumeBinderLoop,
  serviceLoadBalancerLoop,
  edgeIngressLoop,
];

export function allLoops(): ControllerLoop[] {
  return LOOPS;
}

export function loopByName(name: string): ControllerLoop | undefined {
  return LOOPS.find((l) => l.name === name);
}
