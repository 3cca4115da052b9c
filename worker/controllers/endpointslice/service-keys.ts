/**
 * The keys both endpoint loops share: `namespace/name` of a Service, and `namespace/*` — every Service of the
 * namespace — which a pod change wakes (the pod's Services are those whose selector matches it, old labels
 * included, so the loop looks at them all). `namespace/*` fans out by queueing each Service's own key, so one
 * Service is never reconciled twice at once.
 */
import type { KubeObject } from "../../../schema/types";
import type { ControllerApi } from "../framework/api";
import { keyOf, type WrittenChange } from "../framework/loop";
import { loopStub } from "../framework/wake";
import { podIPs } from "./pod-endpoints";

export const ALL_SERVICES = "*";

export const allServicesIn = (namespace: string): string => `${namespace}/${ALL_SERVICES}`;

/**
 * Service changes wake the Service; changes of a pod with an IP wake every Service of its namespace. A pod
 * without an IP is in no endpoints (an IP, once assigned, stays until the pod is gone), so its writes — most
 * pod writes of a busy cluster: creation, binding, scheduling conditions — wake nothing.
 */
export function serviceWakes(change: WrittenChange): string[] {
  const obj: KubeObject = change.object;
  if (change.resource === "/services") return [keyOf(obj)];
  if (change.resource === "/pods" && obj.metadata?.namespace && podIPs(obj).length) return [allServicesIn(obj.metadata.namespace)];
  return [];
}

/** Queues the key of every Service in `namespace` that has a selector (the others get no endpoints from us). */
export async function fanOutServices(api: ControllerApi, loop: string, namespace: string): Promise<void> {
  const services = await api.list(`/api/v1/namespaces/${namespace}/services`);
  const keys = services.filter((s) => s.spec?.selector != null && s.spec?.type !== "ExternalName").map(keyOf);
  if (keys.length) await loopStub(api.env, loop).poke(loop, keys);
}

export const serviceKeys = async (api: ControllerApi): Promise<string[]> => (await api.list("/api/v1/services")).map(keyOf);
