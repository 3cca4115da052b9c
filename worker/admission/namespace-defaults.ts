/**
 * Per-namespace defaults, the event-driven half of upstream's serviceaccount controller and
 * root-ca-cert-publisher: the `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap (see
 * ./namespace-defaults-plan.ts for the rules). They are made
 * - by `namespaceDefaultsAfterWrite` right after a Namespace is added (so `kubectl create ns x && kubectl get
 *   sa -n x` shows `default` at once) and when either object is deleted or the ConfigMap altered;
 * - by `bootstrapNamespaceDefaults` for the bootstrap namespaces, written to the store directly;
 * - by `resyncNamespaceDefaults` from the cron trigger, for every namespace (repairs what a hook missed).
 * Hooks and the resync write through `internalRequest` as `system:serviceaccount:kube-system:
 * service-account-controller` / `…:root-ca-cert-publisher`, so RBAC and admission apply to them.
 * When CLUSTER_CA_CERT is unset there is no CA to publish: the ConfigMap is skipped (and the projected
 * API-access volume of pods then points at a ConfigMap that does not exist).
 */
import type { Registry, ResourceEntry } from "../../schema/registry-core";
import type { KubeObject } from "../../schema/types";
import type { WrittenChange } from "../handlers/after-write";
import { type ApiContext, rfc3339 } from "../handlers/context";
import { filterOf } from "../handlers/filter";
import type { Env } from "../env";
import { controllerUser, internalRequest } from "../internal-client";
import { SYSTEM_NAMESPACES } from "../bootstrap";
import { encodeForStore, listPrefix, objectKey, storeFor } from "../storage";
import {
  DEFAULT_SERVICE_ACCOUNT_NAME,
  namespaceToSync,
  planNamespaceDefaults,
  ROOT_CA_CONFIGMAP_NAME,
  type NamespaceDefaultsAction,
  type ObservedNamespace,
} from "./namespace-defaults-plan";

const SERVICE_ACCOUNT_CONTROLLER = controllerUser("service-account-controller");
const ROOT_CA_PUBLISHER = controllerUser("root-ca-cert-publisher");
/** Namespaces synced at once by the resync. */
const RESYNC_BATCH = 16;

const entries = (registry: Registry) => ({
  namespaces: registry.lookup("", "v1", "namespaces")!,
  serviceAccounts: registry.lookup("", "v1", "serviceaccounts")!,
  configMaps: registry.lookup("", "v1", "configmaps")!,
});

async function getObject(env: Env, entry: ResourceEntry, ns: string | undefined, name: string): Promise<KubeObject | undefined> {
  const res = await storeFor(env, entry).get(objectKey(entry, ns, name));
  return res.ok ? JSON.parse(res.value) : undefined;
}

/** The objects one namespace's sync looks at, read from the store (upstream's controllers read informer caches). */
async function observe(env: Env, registry: Registry, ns: string): Promise<ObservedNamespace> {
  const e = entries(registry);
  const [namespace, serviceAccount, configMap] = await Promise.all([
    getObject(env, e.namespaces, undefined, ns),
    getObject(env, e.serviceAccounts, ns, DEFAULT_SERVICE_ACCOUNT_NAME),
    getObject(env, e.configMaps, ns, ROOT_CA_CONFIGMAP_NAME),
  ]);
  return { namespace, serviceAccount, configMap, caCert: env.CLUSTER_CA_CERT };
}

/**
 * Carries out one action through the API. AlreadyExists, a namespace that is gone (404) or terminating
 * (NamespaceTerminating cause) and a lost update race (409) end the attempt quietly, as upstream's controllers
 * treat them; the next change or resync converges.
 */
async function execute(env: Env, registry: Registry, action: NamespaceDefaultsAction): Promise<void> {
  const base = `/api/v1/namespaces/${action.namespace}`;
  const res =
    action.kind === "create-service-account"
      ? await internalRequest(env, registry, SERVICE_ACCOUNT_CONTROLLER, "POST", `${base}/serviceaccounts`, action.object)
      : action.kind === "create-config-map"
        ? await internalRequest(env, registry, ROOT_CA_PUBLISHER, "POST", `${base}/configmaps`, action.object)
        : await internalRequest(env, registry, ROOT_CA_PUBLISHER, "PUT", `${base}/configmaps/${ROOT_CA_CONFIGMAP_NAME}`, action.object);
  if (res.status < 300 || res.status === 404 || res.status === 409) return;
  const causes: { reason?: string }[] = res.body?.details?.causes ?? [];
  if (causes.some((c) => c.reason === "NamespaceTerminating")) return;
  throw new Error(`${action.kind} in namespace ${action.namespace}: ${res.status} ${res.body?.message ?? ""}`);
}

async function executeAll(env: Env, registry: Registry, actions: NamespaceDefaultsAction[]): Promise<void> {
  const results = await Promise.allSettled(actions.map((a) => execute(env, registry, a)));
  const failures = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
  if (failures.length) throw new Error(`namespace defaults: ${failures.join("; ")}`);
}

/** Brings one namespace's defaults up to date through the API. */
export async function syncNamespaceDefaults(env: Env, registry: Registry, ns: string): Promise<void> {
  await executeAll(env, registry, planNamespaceDefaults(await observe(env, registry, ns)));
}

/** The after-write hook (a function declaration: after-write.ts and this module import each other). */
export async function namespaceDefaultsAfterWrite(ctx: ApiContext, change: WrittenChange): Promise<void> {
  const ns = namespaceToSync(ctx.entry.group, ctx.entry.resource, change.type, change.object);
  if (ns) await syncNamespaceDefaults(ctx.env, ctx.registry, ns);
}

/** The bootstrap namespaces' defaults, written to the store directly (before any controller can act). */
export async function bootstrapNamespaceDefaults(env: Env, registry: Registry): Promise<void> {
  const e = entries(registry);
  await Promise.all(
    SYSTEM_NAMESPACES.map(async (ns) => {
      const observed = await observe(env, registry, ns);
      for (const action of planNamespaceDefaults(observed)) {
        const entry = action.kind === "create-service-account" ? e.serviceAccounts : e.configMaps;
        const key = objectKey(entry, ns, action.object.metadata.name);
        const store = storeFor(env, entry);
        if (action.kind === "update-config-map") {
          const cur = await store.get(key);
          if (cur.ok) await store.update(key, encodeForStore(action.object), cur.revision);
          continue;
        }
        const object = structuredClone(action.object);
        Object.assign(object.metadata, { namespace: ns, uid: crypto.randomUUID(), creationTimestamp: rfc3339(new Date()) });
        await store.create(key, encodeForStore(object)); // "exists" (a concurrent bootstrap) is success
      }
    }),
  );
}

/** Every namespace, from three lists: namespaces, `default` ServiceAccounts, root CA ConfigMaps. */
export async function resyncNamespaceDefaults(env: Env, registry: Registry): Promise<void> {
  const e = entries(registry);
  const byNamespace = async (entry: ResourceEntry, name: string) => {
    const res = await storeFor(env, entry).list(listPrefix(entry), { filter: filterOf(entry, "", `metadata.name=${name}`) });
    if (!res.ok) throw new Error(`listing ${entry.resource} failed: ${res.reason}`);
    return new Map(res.items.map((text) => JSON.parse(text) as KubeObject).map((o) => [o.metadata?.namespace as string, o]));
  };
  const [namespaces, serviceAccounts, configMaps] = await Promise.all([
    storeFor(env, e.namespaces).list(listPrefix(e.namespaces)),
    byNamespace(e.serviceAccounts, DEFAULT_SERVICE_ACCOUNT_NAME),
    byNamespace(e.configMaps, ROOT_CA_CONFIGMAP_NAME),
  ]);
  if (!namespaces.ok) throw new Error(`listing namespaces failed: ${namespaces.reason}`);
  const actions = namespaces.items.flatMap((text) => {
    const namespace = JSON.parse(text) as KubeObject;
    const ns = namespace.metadata?.name as string;
    return planNamespaceDefaults({ namespace, serviceAccount: serviceAccounts.get(ns), configMap: configMaps.get(ns), caCert: env.CLUSTER_CA_CERT });
  });
  for (let i = 0; i < actions.length; i += RESYNC_BATCH) await executeAll(env, registry, actions.slice(i, i + RESYNC_BATCH));
}
