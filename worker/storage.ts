/**
 * Where objects live: key layout and the Store shard stub for a resource.
 * Keys: `/<group|core>/<resource>/<namespace>/<name>` for namespaced kinds, `/<group|core>/<resource>/<name>`
 * for cluster-scoped ones (see durable-objects/store/README.md).
 */
import type { ResourceEntry } from "../schema/registry-core";
import type { Env } from "./env";

export function resourcePrefix(entry: ResourceEntry): string {
  return `/${entry.group || "core"}/${entry.resource}/`;
}

/** The prefix listing a namespace's objects, or all objects of the resource when `namespace` is undefined. */
export function listPrefix(entry: ResourceEntry, namespace?: string): string {
  return entry.namespaced && namespace ? `${resourcePrefix(entry)}${namespace}/` : resourcePrefix(entry);
}

export function objectKey(entry: ResourceEntry, namespace: string | undefined, name: string): string {
  return entry.namespaced ? `${resourcePrefix(entry)}${namespace}/${name}` : `${resourcePrefix(entry)}${name}`;
}

export function storeFor(env: Env, entry: ResourceEntry) {
  return shardStub(env, entry.shard);
}

export function shardStub(env: Env, shard: string) {
  return env.STORE.get(env.STORE.idFromName(`shard:${shard}`));
}
