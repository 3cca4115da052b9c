/**
 * The `daemonset` control loop (kube-controller-manager's daemonset controller, identity daemon-set-controller).
 * Keys: `namespace/name` of a DaemonSet, and `*` — every DaemonSet — which a Node change wakes (a node's labels,
 * taints or existence decide where daemons run); `*` fans out by queueing each DaemonSet's own key, so one
 * DaemonSet is never reconciled twice at once.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser } from "../../internal-client";
import type { ControllerApi } from "../framework/api";
import { controllerRefOf, keyOf, splitKey, type ControllerLoop, type WrittenChange } from "../framework/loop";
import { loopStub } from "../framework/wake";
import { syncDaemonSet } from "./sync";

export const DAEMONSET_LOOP = "daemonset";
/** The key meaning "every DaemonSet". */
export const ALL_DAEMONSETS = "*";

/** Which keys a stored change wakes: the DaemonSet, the owner of a pod or revision, every DaemonSet for a Node. */
export function daemonSetWakes(change: WrittenChange): string[] {
  const obj: KubeObject = change.object;
  switch (change.resource) {
    case "apps/daemonsets":
      return [keyOf(obj)];
    case "/pods":
    case "apps/controllerrevisions": {
      const ref = controllerRefOf(obj, "DaemonSet", "apps");
      return ref ? [`${obj.metadata?.namespace}/${ref.name}`] : [];
    }
    case "/nodes":
      return [ALL_DAEMONSETS];
    default:
      return [];
  }
}

async function allDaemonSetKeys(api: ControllerApi): Promise<string[]> {
  return (await api.list("/apis/apps/v1/daemonsets")).map(keyOf);
}

export const daemonSetLoop: ControllerLoop = {
  name: DAEMONSET_LOOP,
  user: controllerUser("daemon-set-controller"),
  component: "daemonset-controller",
  wakes: daemonSetWakes,
  async sync(api, key) {
    if (key === ALL_DAEMONSETS) {
      const keys = await allDaemonSetKeys(api);
      if (keys.length) await loopStub(api.env, DAEMONSET_LOOP).poke(DAEMONSET_LOOP, keys);
      return;
    }
    const { namespace, name } = splitKey(key);
    if (!namespace) return;
    return syncDaemonSet(api, namespace, name);
  },
  resyncKeys: allDaemonSetKeys,
};
