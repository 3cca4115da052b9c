/**
 * DaemonSetsController.manage (pkg/controller/daemon/daemon_controller.go, 1.32) as a plan: per node, whether it
 * needs a daemon pod, which of its pods go (failed ones — behind a per-node back-off —, succeeded ones, all but
 * the oldest without surge, the surplus of a surge, every pod on a node that must not run the daemon), plus the
 * unscheduled pods aimed at nodes that no longer exist.
 */
import type { KubeObject } from "../../../schema/types";
import { failedPodsBackoffKey, inBackoffSinceUpdate, nextBackoff, type BackoffEntry } from "./backoff";
import { CONTROLLER_REVISION_HASH_LABEL, nodeShouldRunDaemonPod, targetNodeName } from "./daemon-pod";
import { byCreationTimestampAndPhase, isPodAvailable, isPodReady, isPodTerminal } from "./pod-state";
import { allowsSurge } from "./strategy";

export interface PlannedEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

/** getNodesToDaemonPods: the DaemonSet's pods by target node (deleted terminal pods left out unless asked). */
export function nodeToDaemonPods(pods: readonly KubeObject[], includeDeletedTerminal = false): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    if (!includeDeletedTerminal && isPodTerminal(pod) && pod.metadata?.deletionTimestamp) continue;
    const node = targetNodeName(pod);
    if (node === undefined) continue;
    out.set(node, [...(out.get(node) ?? []), pod]);
  }
  return out;
}

export interface ManageContext {
  hash: string;
  /** Unix ms. */
  now: number;
  /** The failed-pods back-off entries, by failedPodsBackoffKey. */
  backoff: ReadonlyMap<string, BackoffEntry>;
}

export interface ManagePlan {
  /** Nodes to create a daemon pod on. */
  createOn: string[];
  /** Names of pods to delete. */
  deletes: string[];
  events: PlannedEvent[];
  /** Back-off entries to store (Next was called for them). */
  backoff: Map<string, BackoffEntry>;
  /** A failed pod waits out its back-off: sync again after this long. */
  requeueAfterMs?: number;
}

const emptyPlan = (): ManagePlan => ({ createOn: [], deletes: [], events: [], backoff: new Map() });

/** podsShouldBeOnNode for one node. */
export function podsShouldBeOnNode(node: KubeObject, daemonPods: readonly KubeObject[] | undefined, ds: KubeObject, ctx: ManageContext): ManagePlan {
  const plan = emptyPlan();
  const nodeName: string = node.metadata?.name;
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
  const exists = daemonPods !== undefined;
  if (shouldRun && !exists) {
    plan.createOn.push(nodeName);
    return plan;
  }
  if (shouldContinueRunning) {
    const running: KubeObject[] = [];
    for (const pod of daemonPods ?? []) {
      if (pod.metadata?.deletionTimestamp) continue;
      const podName = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
      if (pod.status?.phase === "Failed") {
        const key = failedPodsBackoffKey(ds.metadata?.uid ?? "", Number(ds.status?.observedGeneration ?? 0), nodeName);
        const entry = ctx.backoff.get(key);
        if (inBackoffSinceUpdate(entry, ctx.now)) {
          plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, entry!.backoffMs);
          continue;
        }
        plan.backoff.set(key, nextBackoff(entry, ctx.now));
        plan.events.push({ type: "Warning", reason: "FailedDaemonPod", message: `Found failed daemon pod ${podName} on node ${nodeName}, will try to kill it` });
        plan.deletes.push(pod.metadata?.name);
      } else if (pod.status?.phase === "Succeeded") {
        plan.events.push({ type: "Normal", reason: "SucceededDaemonPod", message: `Found succeeded daemon pod ${podName} on node ${nodeName}, will try to delete it` });
        plan.deletes.push(pod.metadata?.name);
      } else {
        running.push(pod);
      }
    }
    running.sort(byCreationTimestampAndPhase);
    if (!allowsSurge(ds)) {
      // Without surge, every running pod but the oldest goes.
      for (const pod of running.slice(1)) plan.deletes.push(pod.metadata?.name);
      return plan;
    }
    if (running.length <= 1) {
      if (running.length === 0 && shouldRun) plan.createOn.push(nodeName);
      return plan;
    }
    // With surge, keep the oldest pod of the current revision and the oldest of any other; the old one goes once
    // it is not ready, or once the new one is available.
    let oldestNew: KubeObject | undefined;
    let oldestOld: KubeObject | undefined;
    for (const pod of running) {
      const isNew = pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] === ctx.hash;
      if (isNew && !oldestNew) oldestNew = pod;
      else if (!isNew && !oldestOld) oldestOld = pod;
      else plan.deletes.push(pod.metadata?.name);
    }
    if (oldestNew && oldestOld) {
      const minReady = Number(ds.spec?.minReadySeconds ?? 0);
      if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReady, new Date(ctx.now))) plan.deletes.push(oldestOld.metadata?.name);
    }
    return plan;
  }
  if (exists) for (const pod of daemonPods ?? []) if (!pod.metadata?.deletionTimestamp) plan.deletes.push(pod.metadata?.name);
  return plan;
}

/** getUnscheduledPodsWithoutNode: pods never bound, aimed at a node that is gone (PodGC cannot see them). */
export function unscheduledPodsWithoutNode(nodes: readonly KubeObject[], byNode: ReadonlyMap<string, KubeObject[]>): string[] {
  const present = new Set(nodes.map((n) => n.metadata?.name));
  const out: string[] = [];
  for (const [node, pods] of byNode) {
    if (present.has(node)) continue;
    for (const pod of pods) if (!pod.spec?.nodeName) out.push(pod.metadata?.name);
  }
  return out;
}

/** manage: every node's plan, merged, nodes in name order. */
export function planManage(ds: KubeObject, nodes: readonly KubeObject[], byNode: ReadonlyMap<string, KubeObject[]>, ctx: ManageContext): ManagePlan {
  const plan = emptyPlan();
  const sorted = [...nodes].sort((a, b) => (a.metadata?.name < b.metadata?.name ? -1 : a.metadata?.name > b.metadata?.name ? 1 : 0));
  for (const node of sorted) {
    const p = podsShouldBeOnNode(node, byNode.get(node.metadata?.name), ds, ctx);
    plan.createOn.push(...p.createOn);
    plan.deletes.push(...p.deletes);
    plan.events.push(...p.events);
    for (const [k, v] of p.backoff) plan.backoff.set(k, v);
    if (p.requeueAfterMs !== undefined) plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, p.requeueAfterMs);
  }
  plan.deletes.push(...unscheduledPodsWithoutNode(nodes, byNode));
  return plan;
}
