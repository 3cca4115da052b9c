/**
 * The ReplicaSet control loop (`replicaset`, kube-controller-manager's replicaset-controller): the thin shell
 * around reconcile.ts that reads the ReplicaSet and its namespace's pods, patches ownerReferences, creates pods
 * in slow-start batches and deletes surplus ones (recording upstream's Events), and writes status when it
 * changed. Reads are strongly consistent and a key never syncs twice at once, so counting the owned pods after
 * the creates have returned stands in for upstream's expectations: a second sync never creates the same pods.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser, type InternalResponse } from "../../internal-client";
import { ControllerApiError, STRATEGIC_PATCH, type ControllerApi } from "../framework/api";
import { controllerRefOf, keyOf, splitKey, type ControllerLoop, type SyncResult, type WrittenChange } from "../framework/loop";
import { adoptPatch, controllerOf, releasePatch, withControllerRef } from "./claim";
import { podFromTemplate, podTemplateHasLabels, replicaSetControllerRef } from "./pod-template";
import { podsToDelete } from "./pod-ranking";
import { replicaSetView } from "./pod-state";
import {
  availabilityRequeueMs,
  claimPods,
  indirectlyRelatedPods,
  manageReplicas,
  replicaSetsWithSameController,
} from "./reconcile";
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from "./slow-start";
import { calculateReplicaSetStatus, replicaSetStatusNeedsUpdate, statusToWrite, type ReplicaSetStatus } from "./status";

const NAME = "replicaset-controller";
const rsCollection = (ns: string) => `/apis/apps/v1/namespaces/${ns}/replicasets`;
const podCollection = (ns: string) => `/api/v1/namespaces/${ns}/pods`;

const messageOf = (res: InternalResponse) => String(res.body?.message ?? `status ${res.status}`);
const namespaceTerminating = (res: InternalResponse) =>
  ((res.body?.details?.causes ?? []) as KubeObject[]).some((c) => c.reason === "NamespaceTerminating");

/** A create refused because the namespace is terminating: no Event, no ReplicaFailure (upstream returns nil). */
class NamespaceTerminating extends Error {}

/** Creates `count` pods; returns the error message of the first failure. */
async function createPods(api: ControllerApi, rs: KubeObject, count: number): Promise<string | undefined> {
  if (!podTemplateHasLabels(rs)) return "unable to create pods, no labels";
  const ns = rs.metadata.namespace;
  const { error } = await slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, async () => {
    const res = await api.create(podCollection(ns), podFromTemplate(rs));
    if (res.status === 201) return api.event(rs, "Normal", "SuccessfulCreate", `Created pod: ${res.body.metadata.name}`);
    if (namespaceTerminating(res)) throw new NamespaceTerminating(messageOf(res));
    await api.event(rs, "Warning", "FailedCreate", `Error creating: ${messageOf(res)}`);
    throw new Error(messageOf(res));
  });
  if (error === undefined || error instanceof NamespaceTerminating) return undefined;
  return error instanceof Error ? error.message : String(error);
}

/** Deletes the `count` pods ranked first; returns the error message of a failure (a 404 is not one). */
async function deletePods(api: ControllerApi, rs: KubeObject, owned: KubeObject[], allPods: KubeObject[], count: number): Promise<string | undefined> {
  const ns = rs.metadata.namespace;
  let related: KubeObject[] = [];
  const controllerUid = controllerOf(rs)?.uid;
  if (count < owned.length && controllerUid) {
    related = indirectlyRelatedPods(replicaSetsWithSameController(await api.list(rsCollection(ns)), controllerUid), allPods);
  }
  const victims = podsToDelete(owned, related, count, api.now().getTime());
  const errors = await Promise.all(
    victims.map(async (pod) => {
      const name = pod.metadata.name;
      const res = await api.delete(`${podCollection(ns)}/${name}`);
      if (res.status === 404) return undefined;
      if (res.status >= 300) {
        await api.event(rs, "Warning", "FailedDelete", `Error deleting: ${messageOf(res)}`);
        return `unable to delete pods: ${messageOf(res)}`;
      }
      await api.event(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`);
      return undefined;
    }),
  );
  return errors.find((e) => e !== undefined);
}

/** Patches ownerReferences of the pods to adopt and release; returns the pods owned after adoption. */
async function applyClaims(api: ControllerApi, rs: KubeObject, claims: ReturnType<typeof claimPods>): Promise<KubeObject[]> {
  const ns = rs.metadata.namespace;
  const ref = replicaSetControllerRef(rs);
  const owned = [...claims.owned];
  const failures: ControllerApiError[] = [];
  for (const pod of claims.adopt) {
    const res = await api.patch(`${podCollection(ns)}/${pod.metadata.name}`, adoptPatch(ref, pod.metadata.uid), STRATEGIC_PATCH);
    if (res.status === 200) owned.push(withControllerRef(pod, ref));
    else if (res.status !== 404) failures.push(new ControllerApiError("PATCH", `pods/${pod.metadata.name}`, res));
  }
  for (const pod of claims.release) {
    const res = await api.patch(`${podCollection(ns)}/${pod.metadata.name}`, releasePatch(rs.metadata.uid, pod.metadata.uid), STRATEGIC_PATCH);
    if (res.status !== 200 && res.status !== 404) failures.push(new ControllerApiError("PATCH", `pods/${pod.metadata.name}`, res));
  }
  if (failures.length) throw failures[0];
  return owned;
}

/** UpdateStatus with upstream's single retry after a conflict (re-read, same status). A deleted RS is done. */
async function writeStatus(api: ControllerApi, path: string, rs: KubeObject, status: ReplicaSetStatus): Promise<void> {
  const body = (cur: KubeObject) => ({ ...cur, apiVersion: "apps/v1", kind: "ReplicaSet", status: statusToWrite(rs, status) });
  let res = await api.update(`${path}/status`, body(rs));
  if (res.status === 409) {
    const fresh = await api.get(path);
    if (!fresh) return;
    res = await api.update(`${path}/status`, body(fresh));
  }
  if (res.status >= 300 && res.status !== 404) throw new ControllerApiError("PUT", `${path}/status`, res);
}

export async function syncReplicaSet(api: ControllerApi, key: string): Promise<SyncResult | void> {
  const { namespace, name } = splitKey(key);
  const path = `${rsCollection(namespace!)}/${name}`;
  const rs = await api.get(path);
  if (!rs) return;
  const allPods = await api.list(podCollection(namespace!));
  const owned = await applyClaims(api, rs, claimPods(rs, allPods));

  const decision = manageReplicas(rs, owned);
  let manageError: string | undefined;
  if (decision.action === "create") manageError = await createPods(api, rs, decision.count);
  else if (decision.action === "delete") manageError = await deletePods(api, rs, owned, allPods, decision.count);

  const now = api.now();
  const status = calculateReplicaSetStatus(rs, owned, manageError, now);
  if (replicaSetStatusNeedsUpdate(rs, status)) await writeStatus(api, path, rs, status);
  if (manageError !== undefined) throw new Error(`${key}: ${manageError}`);
  const requeueAfterMs = availabilityRequeueMs(rs, owned, now.getTime());
  return requeueAfterMs === undefined ? undefined : { requeueAfterMs };
}

/**
 * RS writes wake the RS; a pod write that changes what the reconcile reads of it (replicaSetView) wakes the
 * ReplicaSets controlling the pod before and after the write (orphans wait for the resync).
 */
export function replicaSetWakes(change: WrittenChange): string[] {
  if (change.resource === "apps/replicasets") return [keyOf(change.object)];
  if (change.resource !== "/pods") return [];
  const old = change.oldObject;
  if (old && replicaSetView(old) === replicaSetView(change.object)) return [];
  const owners = [change.object, ...(old ? [old] : [])].map((pod) => controllerRefOf(pod, "ReplicaSet", "apps")?.name);
  return [...new Set(owners.filter((name) => name !== undefined))].map((name) => `${change.object.metadata?.namespace}/${name}`);
}

export const replicaSetLoop: ControllerLoop = {
  name: "replicaset",
  user: controllerUser(NAME),
  component: NAME,
  wakes: replicaSetWakes,
  sync: syncReplicaSet,
  async resyncKeys(api) {
    return (await api.list("/apis/apps/v1/replicasets")).map(keyOf);
  },
};
