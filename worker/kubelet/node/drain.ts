/**
 * What to do with the pods of a node leaving the configuration before its Node is deleted. Unlike `kubectl
 * drain` (evictions that honour PodDisruptionBudgets, DaemonSet pods left alone) the node is going away for
 * good, so every pod is deleted, DaemonSet pods too: their controllers recreate them elsewhere or, for
 * DaemonSets, not at all. Mirror pods are left to the pod garbage collector, which removes a deleted node's
 * pods (upstream the kubelet never deletes a mirror pod whose static pod still exists).
 */
import type { KubeObject } from "../../../schema/types";

/** kubetypes.ConfigMirrorAnnotationKey. */
export const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

export interface DrainPlan {
  /** Pods to delete now. */
  evict: KubeObject[];
  /** Pods already being deleted (deletionTimestamp set): wait for them. */
  terminating: KubeObject[];
  /** Mirror pods, not deleted by the kubelet. */
  skipped: KubeObject[];
  /** Nothing left to delete or wait for: the Node can go. */
  done: boolean;
}

export const isMirrorPod = (pod: KubeObject): boolean => Object.hasOwn(pod.metadata?.annotations ?? {}, MIRROR_POD_ANNOTATION);

/** The plan for the pods bound to the node (spec.nodeName = it), whatever their phase. */
export function drainPlan(pods: readonly KubeObject[]): DrainPlan {
  const plan: DrainPlan = { evict: [], terminating: [], skipped: [], done: false };
  for (const pod of pods) {
    if (isMirrorPod(pod)) plan.skipped.push(pod);
    else if (pod.metadata?.deletionTimestamp) plan.terminating.push(pod);
    else plan.evict.push(pod);
  }
  plan.done = plan.evict.length === 0 && plan.terminating.length === 0;
  return plan;
}
