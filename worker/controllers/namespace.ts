/**
 * The namespace controller (pkg/controller/namespace, NamespacedResourcesDeleter.Delete): once a namespace is
 * being deleted it empties the namespace of every namespaced resource, records the deletion conditions on its
 * status and, when nothing is left, removes the `kubernetes` token from spec.finalizers through the `finalize`
 * subresource, which removes the namespace. Decisions live in ./namespace-plan.ts. It runs
 * - by `namespaceControllerAfterWrite` once a namespace is deleted, and when a terminating object in a
 *   terminating namespace finally goes (its finalizers were removed, its grace period ended): in the background,
 *   NAMESPACE_CLEANUP_DELAY_MS after the response (as upstream's controller, which works after the DELETE
 *   returned: `kubectl delete -f` of a Namespace listed before its objects still finds and deletes them), or
 *   inline when the write has no invocation to outlive (internal callers);
 * - by `resyncNamespaceDeletion` from the cron trigger, for every namespace being deleted.
 * It reads and writes through `internalRequest` as `system:serviceaccount:kube-system:namespace-controller`
 * (bootstrap role system:controller:namespace-controller). A pass is idempotent: two at once are harmless.
 */
import type { Registry, ResourceEntry } from "../../schema/registry-core";
import type { KubeObject } from "../../schema/types";
import type { Env } from "../env";
import type { WrittenChange } from "../handlers/after-write";
import { type ApiContext, rfc3339 } from "../handlers/context";
import { controllerUser, internalRequest, type InternalResponse } from "../internal-client";
import { listPrefix, storeFor } from "../storage";
import {
  awaitsContentDeletion,
  contentRemoved,
  deletionOrder,
  failingConditions,
  finalizersAfterRelease,
  namespaceCleanupDelayMs,
  namespaceToFinalize,
  podGraceEstimate,
  summarizeRemaining,
  updateConditions,
  type DeletableResource,
  type ResourceRemaining,
} from "./namespace-plan";

export const NAMESPACE_CONTROLLER = controllerUser("namespace-controller");
/** Attempts of a namespace write that lost a race (retryOnConflictError). */
const MAX_CONFLICT_RETRIES = 5;

/** How a pass ended. */
export type NamespaceSyncOutcome =
  /** No such namespace (never existed, or already removed). */
  | "absent"
  /** Not being deleted, or its content already released by this controller. */
  | "nothing-to-do"
  /** Content remains (finalizers, graceful deletions, failures): see the namespace's conditions. */
  | "waiting"
  /** The `kubernetes` token was removed; the namespace is gone unless other finalizers hold it. */
  | "finalized";

type Api = (method: string, path: string, body?: unknown) => Promise<InternalResponse>;

const namespacePath = (name: string) => `/api/v1/namespaces/${encodeURIComponent(name)}`;
const collectionPath = (e: ResourceEntry, ns: string) =>
  `${e.group ? `/apis/${e.group}/${e.version}` : `/api/${e.version}`}/namespaces/${encodeURIComponent(ns)}/${e.resource}`;
const failure = (what: string, res: InternalResponse) => new Error(`${what}: ${res.status} ${res.body?.message ?? ""}`.trim());

async function getNamespace(api: Api, name: string): Promise<KubeObject | undefined> {
  const res = await api("GET", namespacePath(name));
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw failure(`get namespace ${name}`, res);
  return res.body;
}

/**
 * A namespace write built from the latest read, retried on conflict with a fresh read of the same namespace
 * (a new namespace of the same name is not ours). undefined: the namespace is gone.
 */
async function writeNamespace(api: Api, ns: KubeObject, sub: "status" | "finalize", change: (ns: KubeObject) => KubeObject): Promise<KubeObject | undefined> {
  let latest = ns;
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const res = await api("PUT", `${namespacePath(latest.metadata.name)}/${sub}`, change(structuredClone(latest)));
    if (res.status === 200) return res.body;
    if (res.status === 404) return undefined;
    if (res.status !== 409) throw failure(`${sub} namespace ${latest.metadata.name}`, res);
    const fresh = await getNamespace(api, latest.metadata.name);
    if (!fresh) return undefined;
    if (fresh.metadata.uid !== latest.metadata.uid) throw new Error("namespace uid has changed across retries");
    latest = fresh;
  }
  throw new Error(`${sub} namespace ${ns.metadata.name}: too many conflicts`);
}

async function listItems(api: Api, path: string): Promise<KubeObject[]> {
  const res = await api("GET", path);
  if (res.status !== 200) throw failure(`list ${path}`, res);
  return res.body?.items ?? [];
}

/**
 * deleteAllContentForGroupVersionResource: deletecollection (or list + delete each) with background
 * propagation, then a list of what is left. A namespace whose resource holds nothing skips the delete.
 */
async function deleteResourceContent(api: Api, r: DeletableResource, ns: string, deletedAt: string, now: Date): Promise<ResourceRemaining> {
  const path = collectionPath(r.entry, ns);
  try {
    const before = await listItems(api, path);
    if (!before.length) return summarizeRemaining(r.entry, ns, [], 0);
    const isPods = r.entry.group === "" && r.entry.resource === "pods";
    const estimate = isPods ? podGraceEstimate(before, deletedAt, now) : 0;
    const targets = r.deleteCollection ? [path] : before.map((o) => `${path}/${encodeURIComponent(o.metadata?.name ?? "")}`);
    for (const target of targets) {
      const res = await api("DELETE", `${target}?propagationPolicy=Background`);
      // NotFound and MethodNotSupported mean "nothing (more) to delete this way", as upstream treats them.
      if (res.status >= 300 && res.status !== 404 && res.status !== 405) throw failure(`delete ${target}`, res);
    }
    return summarizeRemaining(r.entry, ns, await listItems(api, path), estimate);
  } catch (e) {
    return { resource: `${r.entry.resource}.${r.entry.group}`, remaining: 0, finalizers: {}, estimate: 0, error: (e as Error).message };
  }
}

async function deleteAllContent(api: Api, registry: Registry, ns: string, deletedAt: string, now: Date): Promise<ResourceRemaining[]> {
  const order = deletionOrder(registry.all());
  const pods = order.filter((r) => r.entry.group === "" && r.entry.resource === "pods");
  const rest = order.filter((r) => !pods.includes(r));
  const results = await Promise.all(rest.map((r) => deleteResourceContent(api, r, ns, deletedAt, now)));
  for (const r of pods) results.push(await deleteResourceContent(api, r, ns, deletedAt, now));
  return results;
}

/** One pass of the controller over namespace `name`. `clock` is injected for the conditions' timestamps. */
export async function syncNamespaceDeletion(env: Env, registry: Registry, name: string, clock: () => Date = () => new Date()): Promise<NamespaceSyncOutcome> {
  const api: Api = (method, path, body) => internalRequest(env, registry, NAMESPACE_CONTROLLER, method, path, body);
  let ns = await getNamespace(api, name);
  if (!ns) return "absent";
  if (!ns.metadata?.deletionTimestamp) return "nothing-to-do";
  if (ns.status?.phase !== "Terminating") {
    ns = await writeNamespace(api, ns, "status", (n) => ({ ...n, status: { ...n.status, phase: "Terminating" } }));
    if (!ns) return "absent";
  }
  if (!awaitsContentDeletion(ns)) return "nothing-to-do";

  const results = await deleteAllContent(api, registry, name, ns.metadata.deletionTimestamp, clock());
  const { conditions, changed } = updateConditions(ns.status?.conditions ?? [], failingConditions(results), rfc3339(clock()));
  if (changed) {
    // As upstream, a failed condition update does not stop the pass.
    try {
      ns = (await writeNamespace(api, ns, "status", (n) => ({ ...n, status: { ...n.status, conditions } }))) ?? ns;
    } catch (e) {
      console.error(`namespace controller: conditions of ${name}`, e);
    }
  }
  if (!contentRemoved(results)) return "waiting";
  const released = await writeNamespace(api, ns, "finalize", (n) => ({ ...n, spec: { ...n.spec, finalizers: finalizersAfterRelease(n.spec?.finalizers) } }));
  return released === undefined || !awaitsContentDeletion(released) ? "finalized" : "waiting";
}

const isOwnWrite = (ctx: ApiContext) => ctx.user.username === NAMESPACE_CONTROLLER.username;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The after-write hook (a function declaration: after-write.ts and this module import each other). The
 * controller's own writes (its deletes, status and finalize) start no further pass: the pass that made them
 * already accounts for them. With `ctx.waitUntil` the pass runs after the response, NAMESPACE_CLEANUP_DELAY_MS
 * later, and its failure is logged (the cron resync retries); without it the pass runs before the hook returns.
 */
export async function namespaceControllerAfterWrite(ctx: ApiContext, change: WrittenChange): Promise<void> {
  if (isOwnWrite(ctx)) return;
  const ns = namespaceToFinalize(ctx.entry, change.type, change.object);
  if (!ns) return;
  const pass = () => syncNamespaceDeletion(ctx.env, ctx.registry, ns, ctx.now);
  if (!ctx.waitUntil) {
    await pass();
    return;
  }
  const delay = namespaceCleanupDelayMs(ctx.env.NAMESPACE_CLEANUP_DELAY_MS);
  ctx.waitUntil(
    sleep(delay)
      .then(pass)
      .catch((e) => console.error(`namespace controller: background pass over ${ns}`, e)),
  );
}

/** The cron resync: a pass over every namespace being deleted whose content is not yet released. */
export async function resyncNamespaceDeletion(env: Env, registry: Registry): Promise<void> {
  const entry = registry.lookup("", "v1", "namespaces")!;
  const list = await storeFor(env, entry).list(listPrefix(entry));
  if (!list.ok) throw new Error(`listing namespaces failed: ${list.reason}`);
  const names = list.items.map((text) => JSON.parse(text) as KubeObject).filter(awaitsContentDeletion).map((ns) => ns.metadata.name as string);
  const failures: string[] = [];
  for (const name of names) {
    try {
      await syncNamespaceDeletion(env, registry, name);
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message}`);
    }
  }
  if (failures.length) throw new Error(`namespace deletion: ${failures.join("; ")}`);
}
