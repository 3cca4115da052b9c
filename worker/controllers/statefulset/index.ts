/**
 * The StatefulSet controller (pkg/controller/statefulset, kube-controller-manager `statefulset`, identity
 * system:serviceaccount:kube-system:statefulset-controller): woken by its StatefulSets and their pods; one sync
 * reads the set, its ControllerRevisions, pods and claims, settles the current and update revisions, plans
 * (./reconcile) and carries out the plan (./control), writes the status when it changed and trims the revision
 * history.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser } from "../../internal-client";
import { formatLabelRequirements, labelSelectorFromObject, type LabelRequirement } from "../../selectors";
import { STRATEGIC_PATCH, ControllerApiError, type ControllerApi } from "../framework/api";
import { controllerRefOf, keyOf, splitKey, type ControllerLoop, type SyncResult, type WrittenChange } from "../framework/loop";
import {
  adoptControllerRevision,
  createControllerRevision,
  deleteControllerRevision,
  newControllerRef,
  orphanRevisions,
  revisionsOf,
  sortControllerRevisions,
  updateControllerRevision,
} from "../history";
import { replicaSetView } from "../replicaset/pod-state";
import { claimPods } from "./adoption";
import { runPhases } from "./control";
import { claimTemplates, parentAndOrdinal, STATEFULSET_KIND } from "./identity";
import { planStatefulSet } from "./reconcile";
import { applyRevision, currentRevisionOf, revisionsToTruncate, updateRevisionStep } from "./revision";
import { statusObject } from "./status";

const setPath = (ns: string, name: string) => `/apis/apps/v1/namespaces/${ns}/statefulsets/${name}`;

/** Which StatefulSet a stored change concerns: the set itself, its pods, or an orphan pod named for it. */
export function statefulSetWakes(change: WrittenChange): string[] {
  const obj = change.object;
  if (change.resource === "apps/statefulsets") return [keyOf(obj)];
  if (change.resource !== "/pods") return [];
  // What the set reads of a pod (labels, owners, deletion, phase, Ready) is as it was: a bind, a status report.
  if (change.oldObject && replicaSetView(change.oldObject) === replicaSetView(obj)) return [];
  const ns = obj.metadata?.namespace;
  const ref = controllerRefOf(obj, "StatefulSet", "apps");
  if (ref) return [`${ns}/${ref.name}`];
  if ((obj.metadata?.ownerReferences ?? []).some((r: KubeObject) => r.controller === true)) return [];
  // An orphan can only be adopted by the set its name belongs to (isMemberOf).
  const { parent, ordinal } = parentAndOrdinal(obj.metadata?.name ?? "");
  return ordinal >= 0 && parent ? [`${ns}/${parent}`] : [];
}

export async function syncStatefulSet(api: ControllerApi, key: string): Promise<SyncResult | void> {
  const { namespace: ns, name } = splitKey(key);
  if (!ns) return;
  const set = await api.get<KubeObject>(setPath(ns, name));
  if (!set) return;
  const parsed = labelSelectorFromObject(set.spec?.selector);
  // An invalid selector is not retried (the set must be fixed).
  if (!parsed.ok) return;
  const labelSelector = formatLabelRequirements(parsed.requirements);

  let revisions = revisionsOf(await api.list(`/apis/apps/v1/namespaces/${ns}/controllerrevisions`, { labelSelector }), set.metadata.uid);
  const orphans = orphanRevisions(revisions);
  if (orphans.length && !set.metadata.deletionTimestamp) {
    const adopted = new Map<string, KubeObject>();
    for (const r of orphans) adopted.set(r.metadata.name, await adoptControllerRevision(api, set, STATEFULSET_KIND, r));
    revisions = revisions.map((r) => adopted.get(r.metadata.name) ?? r);
  }
  const pods = await ownedPods(api, set, parsed.requirements);
  const sorted = sortControllerRevisions(revisions);

  // getStatefulSetRevisions
  let collisionCount: number = set.status?.collisionCount ?? 0;
  const step = updateRevisionStep(set, sorted, collisionCount);
  let update: KubeObject;
  if (step.action === "use") update = step.revision;
  else if (step.action === "renumber") update = await updateControllerRevision(api, step.revision, step.to);
  else ({ revision: update, collisionCount } = await createControllerRevision(api, set, step.revision, collisionCount));
  const current = currentRevisionOf(set, sorted, update);

  const claims = claimTemplates(set).length ? await api.list(`/api/v1/namespaces/${ns}/persistentvolumeclaims`) : [];
  const now = api.now().getTime();
  const plan = planStatefulSet({
    set,
    currentSet: applyRevision(set, current),
    updateSet: applyRevision(set, update),
    currentRevision: current.metadata.name,
    updateRevision: update.metadata.name,
    collisionCount,
    pods,
    claims,
    now,
  });
  const failure = await runPhases(api, set, plan.phases);
  if (plan.writeStatus) await writeStatus(api, set, statusObject(plan.status));
  for (const r of revisionsToTruncate(set, pods, sorted, current.metadata.name, update.metadata.name)) await deleteControllerRevision(api, r);
  if (failure) throw failure;
  return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
}

/** getPodsForStatefulSet: the namespace's pods claimed by the set (adopting and releasing as needed). */
async function ownedPods(api: ControllerApi, set: KubeObject, selector: LabelRequirement[] | null): Promise<KubeObject[]> {
  const ns = set.metadata.namespace;
  const { owned, adopt, release } = claimPods(set, selector, await api.list(`/api/v1/namespaces/${ns}/pods`));
  for (const pod of release) {
    const patch = { metadata: { ownerReferences: [{ $patch: "delete", uid: set.metadata.uid }], uid: pod.metadata.uid } };
    await api.expect(api.patch(`/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`, patch, STRATEGIC_PATCH), `release pod ${pod.metadata.name}`, [404]);
  }
  for (const pod of adopt) {
    const patch = { metadata: { ownerReferences: [newControllerRef(set, STATEFULSET_KIND)], uid: pod.metadata.uid } };
    const res = await api.patch(`/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`, patch, STRATEGIC_PATCH);
    if (res.status === 200) owned.push(res.body);
    else if (res.status !== 404) throw new ControllerApiError("PATCH", `adopt pod ${pod.metadata.name}`, res);
  }
  return owned;
}

/** The status subresource written with the set's resourceVersion; a conflict requeues the whole reconcile. */
async function writeStatus(api: ControllerApi, set: KubeObject, status: KubeObject): Promise<void> {
  const path = `${setPath(set.metadata.namespace, set.metadata.name)}/status`;
  await api.expect(api.update(path, { ...set, status }), `update status of StatefulSet ${set.metadata.name}`);
}

export const statefulSetLoop: ControllerLoop = {
  name: "statefulset",
  user: controllerUser("statefulset-controller"),
  component: "statefulset-controller",
  wakes: statefulSetWakes,
  sync: syncStatefulSet,
  async resyncKeys(api) {
    return (await api.list("/apis/apps/v1/statefulsets")).map(keyOf);
  },
};
