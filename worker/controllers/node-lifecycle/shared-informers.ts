/**
 * Reads a controller makes through what upstream serves from its shared informers. kube-controller-manager
 * runs its informers with its own credentials (user `system:kube-controller-manager`, whose bootstrap role
 * may list and watch everything), not with each controller's service account: so the node controller's
 * Lease reads and the disruption controller's pod reads are not in their `system:controller:*` roles.
 */
import type { KubeObject } from "../../../schema/types";
import { ALL_AUTHENTICATED, type UserInfo } from "../../authn/user";
import { ControllerApi, type ListOptions } from "../framework/api";

export const KUBE_CONTROLLER_MANAGER: UserInfo = { username: "system:kube-controller-manager", groups: [ALL_AUTHENTICATED] };

/** Lists `path` as the shared informers would (the loop's own identity for everything else). */
export function informerList<T = KubeObject>(api: ControllerApi, path: string, opts: ListOptions = {}): Promise<T[]> {
  return new ControllerApi(api.env, api.registry, KUBE_CONTROLLER_MANAGER, api.component, api.now).list<T>(path, opts);
}
