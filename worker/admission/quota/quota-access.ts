/**
 * How quota reads and writes the cluster. Quotas are read from the store through a cache that follows every
 * change on the next request (the admission plugin's informer, upstream); everything else goes through the
 * API in-process with the caller's identity: the apiserver's own loopback identity for admission, the
 * resourcequota-controller's service account for the controller (so RBAC applies to it).
 */
import type { Registry, ResourceEntry } from "../../../schema/registry-core";
import type { KubeObject } from "../../../schema/types";
import type { Env } from "../../env";
import { SYSTEM_MASTERS, type UserInfo } from "../../authn/user";
import { controllerUser, internalRequest } from "../../internal-client";
import { internalError } from "../../errors";
import { resourcePrefix, shardStub } from "../../storage";
import type { QuotaStatus } from "./calculate";
import { sharedRead } from "../../shared-calls";

/** The loopback identity kube-apiserver uses for its own writes (admission's quota status updates). */
export const APISERVER_USER: UserInfo = { username: "system:apiserver", groups: [SYSTEM_MASTERS] };

export const QUOTA_CONTROLLER = () => controllerUser("resourcequota-controller");

const quotaEntry = (registry: Registry) => registry.lookup("", "v1", "resourcequotas")!;

let cache: { token: string; quotas: KubeObject[] } | undefined;

/**
 * Every ResourceQuota in the cluster, as stored now (one store call, shared by the concurrent calls of a control
 * loop's pass, ../../shared-calls; parsed again only after a change).
 */
export function allQuotas(env: Env, registry: Registry): Promise<KubeObject[]> {
  return sharedRead("resourcequotas", () => freshQuotas(env, registry));
}

async function freshQuotas(env: Env, registry: Registry): Promise<KubeObject[]> {
  const entry = quotaEntry(registry);
  const res = await shardStub(env, entry.shard).listIfChanged(resourcePrefix(entry), cache?.token);
  if (res.items) cache = { token: res.token, quotas: res.items.map((t) => JSON.parse(t) as KubeObject) };
  else if (!res.token) throw internalError("resourcequota list failed");
  return cache?.quotas ?? [];
}

/** The namespace's quotas: private copies the caller may change. */
export async function namespaceQuotas(env: Env, registry: Registry, namespace: string): Promise<KubeObject[]> {
  return (await allQuotas(env, registry)).filter((q) => q.metadata?.namespace === namespace).map((q) => structuredClone(q));
}

/** The served entry of a group/resource (its first version), when the cluster has it. */
export function entryOf(registry: Registry, group: string, resource: string): ResourceEntry | undefined {
  return registry.all().find((e) => e.group === group && e.resource === resource && e.namespaced);
}

function collectionPath(entry: ResourceEntry, namespace: string): string {
  const base = entry.group ? `/apis/${entry.group}/${entry.version}` : `/api/${entry.version}`;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${entry.resource}`;
}

const quotaPath = (ns: string, name: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/resourcequotas/${encodeURIComponent(name)}`;

/** A LIST of one resource in one namespace as `user`. */
export async function listObjects(
  env: Env,
  registry: Registry,
  user: UserInfo,
  entry: ResourceEntry,
  namespace: string,
): Promise<KubeObject[]> {
  const res = await internalRequest(env, registry, user, "GET", collectionPath(entry, namespace));
  if (res.status !== 200) throw new Error(`quota: list ${entry.resource} in ${namespace} as ${user.username}: ${res.status} ${res.body?.message ?? ""}`);
  return (res.body?.items ?? []) as KubeObject[];
}

export type StatusWrite = { ok: true; quota: KubeObject } | { ok: false; reason: "conflict" | "gone" };

/** PUT resourcequotas/{name}/status, compare-and-swap on the quota's resourceVersion. */
export async function writeQuotaStatus(
  env: Env,
  registry: Registry,
  user: UserInfo,
  quota: KubeObject,
  status: QuotaStatus,
): Promise<StatusWrite> {
  const body = { ...quota, apiVersion: "v1", kind: "ResourceQuota", status };
  const res = await internalRequest(env, registry, user, "PUT", `${quotaPath(quota.metadata.namespace, quota.metadata.name)}/status`, body);
  if (res.status === 200) return { ok: true, quota: res.body as KubeObject };
  if (res.status === 409) return { ok: false, reason: "conflict" };
  if (res.status === 404) return { ok: false, reason: "gone" };
  throw new Error(`quota: status update of ${quota.metadata.namespace}/${quota.metadata.name} as ${user.username}: ${res.status} ${res.body?.message ?? ""}`);
}

/** The quota as stored now (after a lost compare-and-swap; the controller's informer), or undefined when gone. */
export async function readQuota(env: Env, registry: Registry, ns: string, name: string): Promise<KubeObject | undefined> {
  const q = (await allQuotas(env, registry)).find((x) => x.metadata?.namespace === ns && x.metadata?.name === name);
  return q && structuredClone(q);
}
