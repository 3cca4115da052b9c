/**
 * syncDaemonSet (pkg/controller/daemon/daemon_controller.go, 1.32) as a thin adapter over the pure plans: read the
 * DaemonSet, the nodes, its pods and revisions (claiming orphans, releasing strays), settle the current revision,
 * carry out manage's plan (then the rolling update's, once manage has nothing to do, as upstream's expectations
 * gate it), prune old revisions, and write the status when it changed.
 */
import type { KubeObject } from "../../../schema/types";
import { MERGE_PATCH, STRATEGIC_PATCH, type ControllerApi } from "../framework/api";
import { mapLimit } from "../framework/queue";
import type { SyncResult } from "../framework/loop";
import type { BackoffEntry } from "./backoff";
import { adoptPatch, claimOf, releasePatch } from "./claim";
import { CONTROLLER_REVISION_HASH_LABEL, controllerRef, daemonPodFor, daemonPodTemplate } from "./daemon-pod";
import { newRevision, planHistory, revisionHash, revisionMatches, revisionNumber, revisionsToDelete } from "./history";
import { nodeToDaemonPods, planManage } from "./manage";
import { planRollingUpdate } from "./rolling-update";
import { availabilityRequeueMs, computeCounts, nextStatus, statusUpToDate, type DaemonSetCounts } from "./status";

/** controller.BurstReplicas and SlowStartInitialBatchSize. */
export const BURST_REPLICAS = 250;
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export const dsPath = (ns: string, name = "") => `/apis/apps/v1/namespaces/${ns}/daemonsets${name ? `/${name}` : ""}`;
const podsPath = (ns: string) => `/api/v1/namespaces/${ns}/pods`;
const revisionsPath = (ns: string) => `/apis/apps/v1/namespaces/${ns}/controllerrevisions`;

/** The controller's failedPodsBackoff: in memory, as upstream's (a restarted controller starts afresh). */
const failedPodsBackoff = new Map<string, BackoffEntry>();

class SyncError extends Error {}

const messageOf = (res: { status: number; body?: KubeObject }) => res.body?.message ?? `status ${res.status}`;

const isSelectingAll = (selector: KubeObject | undefined) =>
  !!selector && !Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length;

export async function syncDaemonSet(api: ControllerApi, ns: string, name: string, backoff = failedPodsBackoff): Promise<SyncResult | void> {
  const ds = await api.get(dsPath(ns, name));
  if (!ds) return;
  if (isSelectingAll(ds.spec?.selector)) {
    await api.event(ds, "Warning", "SelectingAll", "This daemon set is selecting all pods. A non-empty selector is required.");
    return;
  }
  // Its revisions may be going too: status cannot be computed reliably (upstream returns here).
  if (ds.metadata?.deletionTimestamp) return;

  const [nodes, allPods, allRevisions] = await Promise.all([api.list("/api/v1/nodes"), api.list(podsPath(ns)), api.list(revisionsPath(ns))]);
  const pods = await claim(api, ds, allPods, podsPath(ns));
  const { current, old } = await constructHistory(api, ds, await claim(api, ds, allRevisions, revisionsPath(ns)), pods);
  const hash = revisionHash(current);
  const now = api.now();
  const byNode = nodeToDaemonPods(pods);

  const errors: Error[] = [];
  const plan = planManage(ds, nodes, byNode, { hash, now: now.getTime(), backoff });
  for (const [k, v] of plan.backoff) backoff.set(k, v);
  for (const e of plan.events) await api.event(ds, e.type, e.reason, e.message);
  errors.push(...(await syncNodes(api, ds, plan.deletes, plan.createOn, hash)));
  if (!plan.createOn.length && !plan.deletes.length && !errors.length && ds.spec?.updateStrategy?.type === "RollingUpdate") {
    const update = planRollingUpdate(ds, nodes, byNode, hash, now);
    if (!update) errors.push(new SyncError("couldn't get unavailable numbers: invalid maxSurge or maxUnavailable"));
    else errors.push(...(await syncNodes(api, ds, update.deletes, update.createOn, hash)));
  }
  if (!errors.length) {
    for (const rev of revisionsToDelete(ds, old, pods)) {
      await api.expect(api.delete(`${revisionsPath(ns)}/${rev}`), `delete controllerrevision ${rev}`, [404]);
    }
  }

  await storeStatus(api, ds, computeCounts(ds, nodes, byNode, hash, now));
  if (errors.length) throw new SyncError(errors.map((e) => e.message).join("; "));
  const requeue = Math.min(plan.requeueAfterMs ?? Infinity, availabilityRequeueMs(ds, byNode, now) ?? Infinity);
  return Number.isFinite(requeue) ? { requeueAfterMs: requeue } : undefined;
}

/** ClaimPods / ClaimControllerRevisions: the objects the DaemonSet owns after adopting and releasing. */
async function claim(api: ControllerApi, ds: KubeObject, objects: KubeObject[], base: string): Promise<KubeObject[]> {
  const owned: KubeObject[] = [];
  for (const obj of objects) {
    const decision = claimOf(ds, obj);
    if (decision === "owned") owned.push(obj);
    if (decision === "adopt") {
      const res = await api.patch(`${base}/${obj.metadata?.name}`, adoptPatch(controllerRef(ds), obj), STRATEGIC_PATCH);
      if (res.status === 200) owned.push(res.body);
      else if (res.status !== 404) throw new SyncError(`adopting ${obj.metadata?.name}: ${messageOf(res)}`);
    }
    if (decision === "release") {
      const res = await api.patch(`${base}/${obj.metadata?.name}`, releasePatch(ds, obj), STRATEGIC_PATCH);
      if (res.status !== 200 && res.status !== 404 && res.status !== 422) throw new SyncError(`releasing ${obj.metadata?.name}: ${messageOf(res)}`);
    }
  }
  return owned;
}

/** constructHistory: label old revisions, find or create the current one, dedup, renumber. */
async function constructHistory(api: ControllerApi, ds: KubeObject, revisions: KubeObject[], pods: KubeObject[]) {
  const ns: string = ds.metadata.namespace;
  const labelled: KubeObject[] = [];
  for (const r of revisions) {
    if (r.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== undefined) {
      labelled.push(r);
      continue;
    }
    const update = { ...r, metadata: { ...r.metadata, labels: { ...(r.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: r.metadata?.name } } };
    labelled.push((await api.expect(api.update(`${revisionsPath(ns)}/${r.metadata?.name}`, update), "label controllerrevision")).body);
  }
  const plan = planHistory(ds, labelled);
  let current = plan.current;
  if (!current) return { current: await snapshot(api, ds, plan.currentRevision), old: plan.old };
  if (plan.duplicates.length) {
    const keep = revisionHash(current);
    for (const pod of pods) {
      if (pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] === keep) continue;
      await api.expect(api.patch(`${podsPath(ns)}/${pod.metadata?.name}`, { metadata: { labels: { [CONTROLLER_REVISION_HASH_LABEL]: keep } } }, MERGE_PATCH), "relabel pod", [404]);
    }
    for (const dup of plan.duplicates) await api.expect(api.delete(`${revisionsPath(ns)}/${dup.metadata?.name}`), "delete duplicate controllerrevision", [404]);
  }
  if (revisionNumber(current) < plan.currentRevision) {
    current = (await api.expect(api.update(`${revisionsPath(ns)}/${current.metadata?.name}`, { ...current, revision: plan.currentRevision }), "renumber controllerrevision")).body;
  }
  return { current: current!, old: plan.old };
}

/** snapshot: create the current revision; a name taken by another template bumps status.collisionCount. */
async function snapshot(api: ControllerApi, ds: KubeObject, revision: number): Promise<KubeObject> {
  const ns: string = ds.metadata.namespace;
  const rev = newRevision(ds, revision);
  const res = await api.create(revisionsPath(ns), rev);
  if (res.status === 201) return res.body;
  if (res.status !== 409) throw new SyncError(`creating controllerrevision ${rev.metadata.name}: ${messageOf(res)}`);
  const existing = await api.get(`${revisionsPath(ns)}/${rev.metadata.name}`);
  if (existing && revisionMatches(ds, existing)) return existing;
  const fresh = await api.get(dsPath(ns, ds.metadata.name));
  if (!fresh) throw new SyncError(`daemonset ${ds.metadata.name} is gone`);
  if ((fresh.status?.collisionCount ?? null) !== (ds.status?.collisionCount ?? null)) {
    throw new SyncError(`found a stale collision count of DaemonSet ${ds.metadata.name} while processing; will retry until it is updated`);
  }
  const bumped = { ...fresh, status: { ...(fresh.status ?? {}), collisionCount: Number(fresh.status?.collisionCount ?? 0) + 1 } };
  await api.expect(api.update(`${dsPath(ns, ds.metadata.name)}/status`, bumped), "bump collisionCount");
  throw new SyncError(`hash collision for DaemonSet ${ds.metadata.name}: collisionCount bumped`);
}

/** syncNodes: creates (slow start, at most BURST_REPLICAS) and deletes, each with its Event; the errors returned. */
async function syncNodes(api: ControllerApi, ds: KubeObject, deletes: string[], createOn: string[], hash: string): Promise<Error[]> {
  const ns: string = ds.metadata.namespace;
  const errors: Error[] = [];
  const creates = createOn.slice(0, BURST_REPLICAS);
  const template = daemonPodTemplate(ds, hash);
  for (let pos = 0, batch = Math.min(creates.length, SLOW_START_INITIAL_BATCH_SIZE); pos < creates.length; ) {
    const failed = (await Promise.all(creates.slice(pos, pos + batch).map((node) => createPod(api, ds, template, node)))).filter((e) => e !== undefined);
    errors.push(...failed);
    pos += batch;
    // Slow start: after a failing batch the rest waits for the next sync.
    if (failed.length) break;
    batch = Math.min(2 * batch, creates.length - pos);
  }
  const results = await mapLimit(deletes.slice(0, BURST_REPLICAS), 8, async (pod) => {
    const res = await api.delete(`${podsPath(ns)}/${pod}`);
    if (res.status === 200 || res.status === 202) {
      await api.event(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${pod}`);
      return undefined;
    }
    if (res.status === 404) return undefined;
    await api.event(ds, "Warning", "FailedDelete", `Error deleting: ${messageOf(res)}`);
    return new SyncError(`deleting pod ${pod}: ${messageOf(res)}`);
  });
  for (const e of results) if (e) errors.push(e);
  return errors;
}

async function createPod(api: ControllerApi, ds: KubeObject, template: KubeObject, node: string): Promise<Error | undefined> {
  const res = await api.create(podsPath(ds.metadata.namespace), daemonPodFor(ds, template, node));
  if (res.status === 201) {
    await api.event(ds, "Normal", "SuccessfulCreate", `Created pod: ${res.body?.metadata?.name}`);
    return undefined;
  }
  await api.event(ds, "Warning", "FailedCreate", `Error creating: ${messageOf(res)}`);
  // A terminating namespace refuses every create: nothing to retry.
  if ((res.body?.details?.causes ?? []).some((c: KubeObject) => c?.type === "NamespaceTerminating")) return undefined;
  return new SyncError(`creating pod for node ${node}: ${messageOf(res)}`);
}

/** storeDaemonSetStatus: update status when it changed, one retry on a conflict against a fresh read. */
async function storeStatus(api: ControllerApi, ds: KubeObject, counts: DaemonSetCounts): Promise<void> {
  if (statusUpToDate(ds, counts)) return;
  const path = `${dsPath(ds.metadata.namespace, ds.metadata.name)}/status`;
  let target = ds;
  for (let attempt = 0; ; attempt++) {
    const res = await api.update(path, { ...target, status: nextStatus(target, counts, Number(ds.metadata?.generation ?? 0)) });
    if (res.status === 200 || res.status === 404) return;
    if (res.status !== 409 || attempt >= 1) throw new SyncError(`error storing status for daemon set ${ds.metadata.name}: ${messageOf(res)}`);
    const fresh = await api.get(dsPath(ds.metadata.namespace, ds.metadata.name));
    if (!fresh) return;
    target = fresh;
  }
}
