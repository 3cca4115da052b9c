/**
 * kube-scheduler as a control loop (`scheduler`, user system:kube-scheduler, events from default-scheduler):
 * every batch of woken keys is one pass — nodes, pods, namespaces, PodDisruptionBudgets and the workloads
 * default spreading reads (services, replication controllers, replica sets, stateful sets) listed once, the pass
 * planned (./pass) and written (./apply-plan). Pods left unschedulable come back after
 * podMaxInUnschedulablePodsDuration, or earlier when a cluster event wakes RETRY_ALL (./queue); the cron resync
 * is a RETRY_ALL pass.
 */
import type { KubeObject } from "../../schema/types";
import { ALL_AUTHENTICATED, type UserInfo } from "../authn/user";
import { ControllerApiError, type ControllerApi } from "../controllers/framework/api";
import type { ControllerLoop, SyncResult } from "../controllers/framework/loop";
import { registeredByKubeletHere } from "../kubelet/node/node-object";
import { applySchedulingPlan } from "./apply-plan";
import { planSchedulingPass, type SchedulingPlan } from "./pass";
import { DEFAULT_SCHEDULER_NAME, POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS, podsToSchedule, RETRY_ALL, schedulerWakes } from "./queue";
import { mathRandomInt } from "./scores";

/** The scheduler's identity (kube-scheduler's kubeconfig user), bound to the system:kube-scheduler role. */
export const SCHEDULER_USER: UserInfo = { username: "system:kube-scheduler", groups: [ALL_AUTHENTICATED] };

/** What each woken key asks of the queue after a pass: unschedulable pods (and RETRY_ALL while any) come back. */
export function requeueAfterPass(keys: readonly string[], plan: Pick<SchedulingPlan, "unschedulable">): Map<string, SyncResult> {
  const unschedulable = new Set(plan.unschedulable);
  const out = new Map<string, SyncResult>();
  for (const key of keys) {
    const again = key === RETRY_ALL ? unschedulable.size > 0 : unschedulable.has(key);
    out.set(key, again ? { requeueAfterMs: POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS } : {});
  }
  return out;
}

/** The objects at `path`, or none when the API does not serve that resource (not registered, or a 404). */
async function listIfServed(api: ControllerApi, path: string): Promise<KubeObject[]> {
  const parts = path.split("/");
  const [group, version, resource] = parts[1] === "api" ? ["", parts[2], parts[3]] : [parts[2], parts[3], parts[4]];
  if (!api.registry.lookup(group, version, resource)) return [];
  try {
    return await api.list<KubeObject>(path);
  } catch (e) {
    if (e instanceof ControllerApiError && e.response.status === 404) return [];
    throw e;
  }
}

export const schedulerLoop: ControllerLoop = {
  name: "scheduler",
  user: SCHEDULER_USER,
  component: DEFAULT_SCHEDULER_NAME,
  wakes: schedulerWakes,
  // Upstream's scheduler hands its Events to a background broadcaster: a binding never waits for one.
  deferEvents: true,
  async syncBatch(api: ControllerApi, keys: string[]) {
    const list = (path: string) => api.list<KubeObject>(path);
    const [nodes, pods] = await Promise.all([list("/api/v1/nodes"), list("/api/v1/pods")]);
    // Nothing pending (a RETRY_ALL with an empty queue): nothing more to read, nothing to write.
    if (podsToSchedule(pods, keys).length === 0) return requeueAfterPass(keys, { unschedulable: [] });
    const [pdbs, namespaces, services, replicationControllers, replicaSets, statefulSets] = await Promise.all([
      list("/apis/policy/v1/poddisruptionbudgets"),
      list("/api/v1/namespaces"),
      list("/api/v1/services"),
      listIfServed(api, "/api/v1/replicationcontrollers"),
      listIfServed(api, "/apis/apps/v1/replicasets"),
      listIfServed(api, "/apis/apps/v1/statefulsets"),
    ]);
    api.noteNodesWithoutKubelet(nodes.filter((n) => !registeredByKubeletHere(n)).map((n) => n.metadata?.name as string));
    const workloads = { services, replicationControllers, replicaSets, statefulSets };
    const plan = planSchedulingPass({ nodes, pods, pdbs, namespaces, workloads, keys, randomInt: mathRandomInt, now: api.now() });
    const errors = await applySchedulingPlan(api, plan);
    if (errors.length) throw new Error(`scheduling pass: ${errors.join("; ")}`);
    return requeueAfterPass(keys, plan);
  },
  async resyncKeys() {
    return [RETRY_ALL];
  },
};
