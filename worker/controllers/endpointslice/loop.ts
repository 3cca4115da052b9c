/**
 * The `endpointslice` control loop (kube-controller-manager's endpointslice controller, identity
 * endpointslice-controller): keeps the discovery.k8s.io/v1 EndpointSlices of every Service with a selector in line
 * with its pods (syncService: Services of type ExternalName or without selector are left alone; a deleted
 * Service's slices go with it through their ownerReference). Keys as ./service-keys; a deleted managed slice
 * wakes its Service.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser } from "../../internal-client";
import type { ControllerApi } from "../framework/api";
import { mapLimit } from "../framework/queue";
import { splitKey, type ControllerLoop, type WrittenChange } from "../framework/loop";
import { CONTROLLER_NAME, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from "./desired";
import { reconcileSlices, withTriggerTime } from "./reconcile";
import { ALL_SERVICES, fanOutServices, serviceKeys, serviceWakes } from "./service-keys";
import { computeTriggerTime, formatRFC3339Nano, type TriggerState } from "./trigger-time";

export const ENDPOINTSLICE_LOOP = "endpointslice";

/** The trigger time tracker's state, in memory as upstream's. */
const triggerStates = new Map<string, TriggerState>();

export function endpointSliceWakes(change: WrittenChange): string[] {
  const obj: KubeObject = change.object;
  if (change.resource === "discovery.k8s.io/endpointslices") {
    const labels = obj.metadata?.labels ?? {};
    if (change.type !== "DELETED" || labels[MANAGED_BY_LABEL] !== CONTROLLER_NAME || !labels[SERVICE_NAME_LABEL]) return [];
    return [`${obj.metadata?.namespace}/${labels[SERVICE_NAME_LABEL]}`];
  }
  return serviceWakes(change);
}

const slicesPath = (ns: string) => `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`;

/** Beyond this many distinct nodes one list of all nodes is cheaper than a read per node. */
const NODE_GETS_MAX = 16;

/** The nodes the pods run on (for their zone, and to skip pods on unknown nodes), by name. */
async function nodesOf(api: ControllerApi, pods: readonly KubeObject[]): Promise<Map<string, KubeObject>> {
  const names = [...new Set(pods.map((p) => p.spec?.nodeName).filter((n): n is string => !!n))];
  if (names.length > NODE_GETS_MAX) return new Map((await api.list("/api/v1/nodes")).map((n) => [n.metadata?.name as string, n]));
  const found = await mapLimit(names, 8, (n) => api.get(`/api/v1/nodes/${n}`));
  return new Map(names.flatMap((n, i) => (found[i] ? [[n, found[i]!] as [string, KubeObject]] : [])));
}

/** syncService. */
export async function syncEndpointSlices(api: ControllerApi, ns: string, name: string): Promise<void> {
  const key = `${ns}/${name}`;
  const svc = await api.get(`/api/v1/namespaces/${ns}/services/${name}`);
  if (!svc) {
    triggerStates.delete(key);
    return;
  }
  if (svc.spec?.type === "ExternalName" || svc.spec?.selector == null) return;
  const selector = Object.entries(svc.spec.selector as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(",");
  const [pods, slices] = await Promise.all([
    // An empty selector selects every pod (labels.Set{}.AsSelector()).
    api.list(`/api/v1/namespaces/${ns}/pods`, selector ? { labelSelector: selector } : {}),
    api.list(slicesPath(ns), { labelSelector: `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${CONTROLLER_NAME}` }),
  ]);
  const nodeByName = await nodesOf(api, pods);
  const trigger = computeTriggerTime(triggerStates.get(key), svc, pods);
  triggerStates.set(key, trigger.state);
  const time = trigger.time === undefined ? undefined : formatRFC3339Nano(trigger.time);

  // Slices being deleted are left to their fate (dropEndpointSlicesPendingDeletion).
  const plan = reconcileSlices(svc, pods, nodeByName, slices.filter((s) => !s.metadata?.deletionTimestamp));
  const failed = async (message: string) => {
    await api.event(svc, "Warning", "FailedToUpdateEndpointSlices", `Error updating Endpoint Slices for Service ${ns}/${name}: ${message}`);
    return new Error(message);
  };
  try {
    if (!svc.metadata?.deletionTimestamp) {
      for (const slice of plan.create) await api.expect(api.create(slicesPath(ns), withTriggerTime(slice, time)), "failed to create EndpointSlice");
    }
    for (const slice of plan.update) {
      await api.expect(api.update(`${slicesPath(ns)}/${slice.metadata.name}`, withTriggerTime(slice, time)), `failed to update ${slice.metadata.name} EndpointSlice`);
    }
    for (const slice of plan.delete) await api.expect(api.delete(`${slicesPath(ns)}/${slice.metadata.name}`), `failed to delete ${slice.metadata.name} EndpointSlice`, [404]);
  } catch (e) {
    throw await failed((e as Error).message);
  }
  // Pods on unknown nodes were left out: the Service is synced again (with back-off) until their nodes show up.
  if (plan.errors.length) throw await failed(plan.errors.join(", "));
}

export const endpointSliceLoop: ControllerLoop = {
  name: ENDPOINTSLICE_LOOP,
  user: controllerUser("endpointslice-controller"),
  component: "endpoint-slice-controller",
  wakes: endpointSliceWakes,
  async sync(api, key) {
    const { namespace, name } = splitKey(key);
    if (!namespace) return;
    if (name === ALL_SERVICES) return fanOutServices(api, ENDPOINTSLICE_LOOP, namespace);
    return syncEndpointSlices(api, namespace, name);
  },
  resyncKeys: serviceKeys,
};
