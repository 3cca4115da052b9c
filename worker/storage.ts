/**
 * Where objects live: key layout and the Store shard stub for a resource.
 * Keys: `/<group|core>/<resource>/<namespace>/<name>` for namespaced kinds, `/<group|core>/<resource>/<name>`
 * for cluster-scoped ones (see durable-objects/store/README.md).
 */
import type { ResourceEntry } from "../schema/registry-core";
import type { Env } from "./env";
import type { EncodedObject } from "../durable-objects/store/types";
import { ConvertingStore, type ResourceStore } from "./converting-store";
import { BatchedStore } from "./batched-store";
import { sharedCalls } from "./shared-calls";

/**
 * A secret per isolate (made on first use: no randomness in global scope on Workers): placeholders are
 * unguessable, so no client-supplied string can be mistaken for one.
 */
let placeholderPrefix: string | undefined;
let placeholders = 0;

/**
 * Serializes an object for the store with a placeholder in metadata.resourceVersion, which the store replaces
 * with the write's revision. `obj` is left as it was.
 */
export function encodeForStore(obj: Record<string, unknown>): EncodedObject {
  placeholderPrefix ??= `rv-${crypto.randomUUID()}-`;
  const placeholder = placeholderPrefix + placeholders++;
  const meta = (obj.metadata ??= {}) as Record<string, unknown>;
  const had = Object.hasOwn(meta, "resourceVersion");
  const previous = meta.resourceVersion;
  meta.resourceVersion = placeholder;
  const json = JSON.stringify(obj);
  if (had) meta.resourceVersion = previous;
  else delete meta.resourceVersion;
  return { json, placeholder };
}

export function resourcePrefix(entry: ResourceEntry): string {
  return `/${entry.storageGroup || "core"}/${entry.storageResource}/`;
}

/** The prefix listing a namespace's objects, or all objects of the resource when `namespace` is undefined. */
export function listPrefix(entry: ResourceEntry, namespace?: string): string {
  return entry.namespaced && namespace ? `${resourcePrefix(entry)}${namespace}/` : resourcePrefix(entry);
}

export function objectKey(entry: ResourceEntry, namespace: string | undefined, name: string): string {
  return entry.namespaced ? `${resourcePrefix(entry)}${namespace}/${name}` : `${resourcePrefix(entry)}${name}`;
}

/**
 * The store of a resource: its shard (whose writes the calls of one pass share, when in one: ./shared-calls),
 * behind a converting view for kinds stored as another API's objects.
 */
export function storeFor(env: Env, entry: ResourceEntry): ResourceStore {
  const stub = shardStub(env, entry.shard);
  const calls = sharedCalls()?.shard?.(entry.shard, stub);
  const store = calls ? new BatchedStore(stub, calls) : stub;
  return entry.def.storage ? new ConvertingStore(store, entry.def.storage) : store;
}

const shardIds = new Map<string, DurableObjectId>();

export function shardStub(env: Env, shard: string) {
  let id = shardIds.get(shard);
  if (!id) {
    id = env.STORE.idFromName(`shard:${shard}`);
    shardIds.set(shard, id);
  }
  return env.STORE.get(id);
}
