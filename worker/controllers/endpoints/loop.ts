/**
 * The `endpoints` control loop (kube-controller-manager's endpoints controller, identity endpoint-controller):
 * keeps the core/v1 Endpoints named as each Service with a selector in line with its pods, and deletes the
 * Endpoints of a Service that is gone (Services of type ExternalName or without selector are left alone: their
 * Endpoints are the user's). Keys as ../endpointslice/service-keys; a deleted Endpoints wakes its Service; the
 * resync also visits every Endpoints, so one left behind by a deleted Service goes (checkLeftoverEndpoints).
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser } from "../../internal-client";
import type { ControllerApi } from "../framework/api";
import { keyOf, splitKey, type ControllerLoop, type WrittenChange } from "../framework/loop";
import { ALL_SERVICES, fanOutServices, serviceKeys, serviceWakes } from "../endpointslice/service-keys";
import { computeTriggerTime, formatRFC3339Nano, type TriggerState } from "../endpointslice/trigger-time";
import { planEndpoints } from "./reconcile";

export const ENDPOINTS_LOOP = "endpoints";

/** resourcelock.LeaderElectionRecordAnnotationKey: leader-election Endpoints have no Service and stay. */
export const LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";

/** The trigger time tracker's state, in memory as upstream's. */
const triggerStates = new Map<string, TriggerState>();

export function endpointsWakes(change: WrittenChange): string[] {
  if (change.resource === "/endpoints") return change.type === "DELETED" ? [keyOf(change.object)] : [];
  return serviceWakes(change);
}

const endpointsPath = (ns: string, name = "") => `/api/v1/namespaces/${ns}/endpoints${name ? `/${name}` : ""}`;

/** syncService. */
export async function syncEndpoints(api: ControllerApi, ns: string, name: string): Promise<void> {
  const key = `${ns}/${name}`;
  const svc = await api.get(`/api/v1/namespaces/${ns}/services/${name}`);
  if (!svc) {
    const current = await api.get(endpointsPath(ns, name));
    if (current && !current.metadata?.annotations?.[LEADER_ANNOTATION]) {
      await api.expect(api.delete(endpointsPath(ns, name)), `delete endpoints ${key}`, [404]);
    }
    triggerStates.delete(key);
    return;
  }
  if (svc.spec?.type === "ExternalName" || svc.spec?.selector == null) return;
  const selector = Object.entries(svc.spec.selector as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(",");
  const [pods, current] = await Promise.all([
    api.list(`/api/v1/namespaces/${ns}/pods`, selector ? { labelSelector: selector } : {}),
    api.get(endpointsPath(ns, name)),
  ]);
  const trigger = computeTriggerTime(triggerStates.get(key), svc, pods);
  triggerStates.set(key, trigger.state);
  const plan = planEndpoints(svc, pods, current, trigger.time === undefined ? undefined : formatRFC3339Nano(trigger.time));
  if (plan.action === "none") return;
  const res = plan.action === "create" ? await api.create(endpointsPath(ns), plan.endpoints) : await api.update(endpointsPath(ns, name), plan.endpoints);
  if (res.status === 200 || res.status === 201) return;
  // A terminating namespace refuses every create: drop the key.
  if ((res.body?.details?.causes ?? []).some((c: KubeObject) => c?.type === "NamespaceTerminating")) return;
  const message: string = res.body?.message ?? `status ${res.status}`;
  if (plan.action === "create") await api.event(plan.endpoints, "Warning", "FailedToCreateEndpoint", `Failed to create endpoint for service ${ns}/${name}: ${message}`);
  else await api.event(plan.endpoints, "Warning", "FailedToUpdateEndpoint", `Failed to update endpoint ${ns}/${name}: ${message}`);
  throw new Error(`${plan.action} endpoints ${key}: ${message}`);
}

export const endpointsLoop: ControllerLoop = {
  name: ENDPOINTS_LOOP,
  user: controllerUser("endpoint-controller"),
  component: "endpoint-controller",
  wakes: endpointsWakes,
  async sync(api, key) {
    const { namespace, name } = splitKey(key);
    if (!namespace) return;
    if (name === ALL_SERVICES) return fanOutServices(api, ENDPOINTS_LOOP, namespace);
    return syncEndpoints(api, namespace, name);
  },
  async resyncKeys(api) {
    const endpoints = await api.list("/api/v1/endpoints");
    const leftovers = endpoints.filter((e) => !e.metadata?.annotations?.[LEADER_ANNOTATION]).map(keyOf);
    return [...new Set([...(await serviceKeys(api)), ...leftovers])];
  },
};
