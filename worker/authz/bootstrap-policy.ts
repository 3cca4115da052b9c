/**
 * Upstream's bootstrap RBAC policy, reconciled at bootstrap (kube-apiserver's rbac/bootstrap-roles
 * post-start hook): one list of the RBAC prefix, a pure plan (./policy/plan.ts), writes of the differences
 * only. Like the namespaces of worker/bootstrap.ts it writes the store directly, recording field ownership
 * as upstream's loopback client does (manager `kube-apiserver`, operation Update).
 *
 * Isolates may bootstrap concurrently: a create that finds the object ("exists"), an update or delete that
 * lost its compare-and-swap ("conflict", "not_found") is a success to recheck — list again and re-plan.
 */
import type { Registry, ResourceEntry } from "../../schema/registry-core";
import type { KubeObject } from "../../schema/types";
import type { Env } from "../env";
import { encodeForStore, objectKey, resourcePrefix, shardStub, storeFor } from "../storage";
import { prepareForCreate } from "../admission/lifecycle";
import { updateManagedFields } from "../apply";
import { SchemaNode } from "../patch/schema-node";
import { RBAC_API_VERSION, RBAC_GROUP } from "./policy";
import { planRbacBootstrap, type BootstrapWrite, type StoredObject } from "./policy/plan";

const MANAGER = "kube-apiserver";
const MAX_ROUNDS = 5;
const RESOURCES: Record<string, string> = {
  ClusterRole: "clusterroles",
  Role: "roles",
  ClusterRoleBinding: "clusterrolebindings",
  RoleBinding: "rolebindings",
};

export async function bootstrapRbacPolicy(env: Env, registry: Registry): Promise<void> {
  const entries = rbacEntries(registry);
  const store = storeFor(env, entries.ClusterRole);
  const prefix = `/${entries.ClusterRole.storageGroup}/`;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const listed = await store.list(prefix);
    if (!listed.ok) throw new Error(`bootstrap RBAC policy: list ${prefix}: ${listed.reason}`);
    const stored: StoredObject[] = listed.items.map((text) => {
      const object = JSON.parse(text) as KubeObject;
      return { object, revision: Number(object.metadata?.resourceVersion) };
    });
    const plan = planRbacBootstrap(stored);
    for (const id of plan.protectedObjects) console.info(`skipped reconcile-protected ${id} (autoupdate=false)`);
    if (!plan.writes.length) return;
    const writer = new PolicyWriter(env, registry, entries, new Date().toISOString().replace(/\.\d{3}Z$/, "Z"));
    const creates = plan.writes.filter((w) => w.op === "create");
    const done = await Promise.all([writer.createAll(creates), ...plan.writes.filter((w) => w.op !== "create").map((w) => writer.write(w))]);
    if (done.every(Boolean)) return;
  }
  throw new Error("bootstrap RBAC policy: concurrent writers kept changing the RBAC objects");
}

/** The four RBAC resources, which must share one shard: bootstrap reads them in a single list. */
function rbacEntries(registry: Registry): Record<string, ResourceEntry> {
  const entries: Record<string, ResourceEntry> = {};
  for (const [kind, resource] of Object.entries(RESOURCES)) {
    const entry = registry.lookup(RBAC_GROUP, "v1", resource);
    if (!entry) throw new Error(`bootstrap RBAC policy: ${resource} is not registered`);
    entries[kind] = entry;
  }
  const shards = new Set(Object.values(entries).map((e) => e.shard));
  if (shards.size !== 1) throw new Error("bootstrap RBAC policy: RBAC resources must share one store shard");
  const prefix = `/${entries.ClusterRole.storageGroup}/`;
  if (!Object.values(entries).every((e) => resourcePrefix(e).startsWith(prefix))) {
    throw new Error("bootstrap RBAC policy: RBAC resources must be stored under one prefix");
  }
  return entries;
}

class PolicyWriter {
  private readonly schemas = new Map<string, SchemaNode>();

  constructor(
    private readonly env: Env,
    private readonly registry: Registry,
    private readonly entries: Record<string, ResourceEntry>,
    private readonly now: string,
  ) {}

  /** The creates of a plan in one store call (a fresh cluster has a hundred-odd objects to create). */
  async createAll(writes: BootstrapWrite[]): Promise<boolean> {
    if (!writes.length) return true;
    const items = writes.map((w) => {
      const entry = this.entries[w.object.kind];
      const obj = structuredClone(w.object);
      prepareForCreate(entry, obj, { now: this.now, uid: crypto.randomUUID(), namespace: obj.metadata?.namespace });
      return { op: "create" as const, key: objectKey(entry, obj.metadata?.namespace, obj.metadata.name), obj: encodeForStore(this.owned(entry, undefined, obj)) };
    });
    const results = await shardStub(this.env, this.entries.ClusterRole.shard).writeMany(items);
    return results.map((res, i) => this.outcome(res, items[i].key)).every(Boolean);
  }

  /** True when written; false when another writer got there first (the caller re-plans). */
  async write(w: BootstrapWrite): Promise<boolean> {
    const entry = this.entries[w.object.kind];
    const store = storeFor(this.env, entry);
    const key = objectKey(entry, w.object.metadata?.namespace, w.object.metadata.name);
    if (w.op === "update") {
      const res = await store.update(key, encodeForStore(this.owned(entry, w.previous, w.object)), w.revision);
      return this.outcome(res, key);
    }
    if (w.op === "recreate") {
      const del = await store.delete(key, w.revision);
      if (!del.ok && del.reason !== "not_found") return this.outcome(del, key);
    }
    const obj = structuredClone(w.object);
    prepareForCreate(entry, obj, { now: this.now, uid: crypto.randomUUID(), namespace: obj.metadata?.namespace });
    return this.outcome(await store.create(key, encodeForStore(this.owned(entry, undefined, obj))), key);
  }

  private outcome(res: { ok: true } | { ok: false; reason: string }, key: string): boolean {
    if (res.ok) return true;
    if (res.reason === "exists" || res.reason === "conflict" || res.reason === "not_found") return false;
    throw new Error(`bootstrap RBAC policy: write ${key}: ${"message" in res ? res.message : res.reason}`);
  }

  /** `obj` with managedFields as after an Update by kube-apiserver. */
  private owned(entry: ResourceEntry, old: KubeObject | undefined, obj: KubeObject): KubeObject {
    let schema = this.schemas.get(entry.resource);
    if (!schema) {
      schema = SchemaNode.fromJsonSchema(this.registry.jsonSchema(entry));
      this.schemas.set(entry.resource, schema);
    }
    const managedFields = updateManagedFields(old, obj, MANAGER, { operation: "Update", apiVersion: RBAC_API_VERSION, schema, now: this.now });
    if (managedFields.length) obj.metadata.managedFields = managedFields;
    else delete obj.metadata.managedFields;
    return obj;
  }
}
