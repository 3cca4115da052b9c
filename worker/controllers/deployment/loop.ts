/**
 * The Deployment control loop (`deployment`, kube-controller-manager's deployment-controller): reads the
 * Deployment, its namespace's ReplicaSets (and, for Recreate, its pods), plans one sync (plan.ts) and performs
 * the actions in order through the API, recording the ScalingReplicaSet Events of the writes that succeed.
 * A later write to a ReplicaSet this sync already wrote carries the resourceVersion that write returned.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser, type InternalResponse } from "../../internal-client";
import { formatLabelRequirements, labelSelectorFromObject } from "../../selectors";
import { ControllerApiError, STRATEGIC_PATCH, type ControllerApi } from "../framework/api";
import { controllerRefOf, keyOf, splitKey, type ControllerLoop, type SyncResult, type WrittenChange } from "../framework/loop";
import type { DeploymentPlan, EventSpec } from "./context";
import { RECREATE } from "./fenceposts";
import { looksLikeTemplateHash } from "./hash";
import { withReplicaSetCreateError } from "./new-replica-set";
import { planDeployment } from "./plan";
import { POD_TEMPLATE_HASH } from "./replica-sets";
import { hasProgressDeadline } from "./status";

const NAME = "deployment-controller";
const deploymentPath = (ns: string, name: string) => `/apis/apps/v1/namespaces/${ns}/deployments/${name}`;
const rsCollection = (ns: string) => `/apis/apps/v1/namespaces/${ns}/replicasets`;

const messageOf = (res: InternalResponse) => String(res.body?.message ?? `status ${res.status}`);
const namespaceTerminating = (res: InternalResponse) =>
  ((res.body?.details?.causes ?? []) as KubeObject[]).some((c) => c.reason === "NamespaceTerminating");
const ok = (res: InternalResponse) => res.status >= 200 && res.status < 300;

/** Performs `plan` for Deployment `d`; throws at the first write that fails (the key is requeued). */
export async function executeDeploymentPlan(api: ControllerApi, d: KubeObject, plan: DeploymentPlan): Promise<void> {
  const ns: string = d.metadata.namespace;
  const versions = new Map<string, string>();
  const rsPath = (name: string) => `${rsCollection(ns)}/${name}`;
  const record = async (events: EventSpec[]) => {
    for (const e of events) await api.event(d, e.type, e.reason, e.message);
  };
  const wrote = (name: string, res: InternalResponse) => versions.set(name, res.body?.metadata?.resourceVersion);

  for (const action of plan.actions) {
    switch (action.type) {
      case "adoptReplicaSet":
      case "releaseReplicaSet": {
        const res = await api.patch(rsPath(action.name), action.patch, STRATEGIC_PATCH);
        if (ok(res)) wrote(action.name, res);
        else if (res.status !== 404) throw new ControllerApiError("PATCH", rsPath(action.name), res);
        break;
      }
      case "createReplicaSet": {
        const name: string = action.replicaSet.metadata.name;
        const res = await api.create(rsCollection(ns), action.replicaSet);
        if (ok(res)) {
          wrote(name, res);
          await record(action.events);
          break;
        }
        if (res.status !== 409 && !namespaceTerminating(res)) {
          const message = `Failed to create new replica set "${name}": ${messageOf(res)}`;
          const failed = withReplicaSetCreateError(action.deployment, message, api.now());
          if (hasProgressDeadline(action.deployment)) await api.update(`${deploymentPath(ns, d.metadata.name)}/status`, { ...failed, apiVersion: "apps/v1", kind: "Deployment" });
          await api.event(d, "Warning", "ReplicaSetCreateError", message);
        }
        throw new ControllerApiError("POST", rsCollection(ns), res);
      }
      case "updateReplicaSet": {
        const rs = action.replicaSet;
        const name: string = rs.metadata.name;
        const body = { ...rs, apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { ...rs.metadata, resourceVersion: versions.get(name) ?? rs.metadata.resourceVersion } };
        const res = await api.update(rsPath(name), body);
        if (!ok(res)) throw new ControllerApiError("PUT", rsPath(name), res);
        wrote(name, res);
        await record(action.events);
        break;
      }
      case "deleteReplicaSet": {
        const res = await api.delete(rsPath(action.name));
        if (!ok(res) && res.status !== 404) throw new ControllerApiError("DELETE", rsPath(action.name), res);
        break;
      }
      case "updateDeploymentStatus": {
        const path = `${deploymentPath(ns, d.metadata.name)}/status`;
        const res = await api.update(path, { ...action.deployment, apiVersion: "apps/v1", kind: "Deployment" });
        if (!ok(res) && res.status !== 404) throw new ControllerApiError("PUT", path, res);
        break;
      }
    }
  }
}

/** The pods a Recreate rollout waits for: those the Deployment's selector matches. */
async function selectedPods(api: ControllerApi, d: KubeObject): Promise<KubeObject[]> {
  if (d.spec?.strategy?.type !== RECREATE) return [];
  const selector = labelSelectorFromObject(d.spec?.selector);
  const labelSelector = selector.ok ? formatLabelRequirements(selector.requirements) : undefined;
  return api.list(`/api/v1/namespaces/${d.metadata.namespace}/pods`, { labelSelector });
}

export async function syncDeployment(api: ControllerApi, key: string): Promise<SyncResult | void> {
  const { namespace, name } = splitKey(key);
  const d = await api.get(deploymentPath(namespace!, name));
  if (!d) return;
  const replicaSets = await api.list(rsCollection(namespace!));
  const plan = planDeployment({ deployment: d, replicaSets, pods: await selectedPods(api, d), now: api.now() });
  await executeDeploymentPlan(api, d, plan);
  return plan.requeueAfterMs === undefined ? undefined : { requeueAfterMs: plan.requeueAfterMs };
}

/**
 * The Deployment a deleted pod belonged to, from its ReplicaSet's name `<deployment>-<pod-template-hash>`
 * (upstream resolves it through its informers; these wakes are pure). Recreate waits for old pods to be gone.
 */
export function deploymentOfPod(pod: KubeObject): string | undefined {
  const ref = controllerRefOf(pod, "ReplicaSet", "apps");
  const hash: string | undefined = pod.metadata?.labels?.[POD_TEMPLATE_HASH];
  if (!ref || !hash || !looksLikeTemplateHash(hash) || !ref.name.endsWith(`-${hash}`)) return undefined;
  return ref.name.slice(0, -hash.length - 1) || undefined;
}

/** Deployment writes wake it; ReplicaSet writes wake their controlling Deployment; pod deletions theirs. */
export function deploymentWakes(change: WrittenChange): string[] {
  const ns = change.object.metadata?.namespace;
  if (change.resource === "apps/deployments") return [keyOf(change.object)];
  if (change.resource === "apps/replicasets") {
    const ref = controllerRefOf(change.object, "Deployment", "apps");
    return ref ? [`${ns}/${ref.name}`] : [];
  }
  if (change.resource === "/pods" && change.type === "DELETED") {
    const name = deploymentOfPod(change.object);
    return name ? [`${ns}/${name}`] : [];
  }
  return [];
}

export const deploymentLoop: ControllerLoop = {
  name: "deployment",
  user: controllerUser(NAME),
  component: NAME,
  wakes: deploymentWakes,
  sync: syncDeployment,
  async resyncKeys(api) {
    return (await api.list("/apis/apps/v1/deployments")).map(keyOf);
  },
};
