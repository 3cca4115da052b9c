/**
 * The resource registry: one table, built from the group/version modules, that drives routing, discovery,
 * OpenAPI, Table printing, selectors, admission and storage placement.
 */
import { z } from "zod";
import type { GroupVersionDef, KindDef } from "./types";

export const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export interface ResourceEntry {
  group: string;
  version: string;
  /** `v1` for the core group, else `group/version`. */
  apiVersion: string;
  kind: string;
  listKind: string;
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  def: KindDef;
  /** The Store Durable Object shard holding this resource. */
  shard: string;
  /** The group and resource the objects are stored as (another API's, for converted kinds). */
  storageGroup: string;
  storageResource: string;
  /** Field selectors this resource supports. */
  fieldSelectors: string[];
}

/**
 * Which Store shard holds a resource: one hot kind must not starve the others, so pods, events and leases
 * (the highest write rates in a cluster) each get their own shard; everything else shares one.
 * Both Event APIs share the "events" shard.
 */
export const SHARDS = ["main", "pods", "events", "leases"] as const;

export function shardFor(group: string, resource: string): string {
  if (resource === "events") return "events";
  if (resource === "leases" && group === "coordination.k8s.io") return "leases";
  if (resource === "pods" && group === "") return "pods";
  return "main";
}

export class Registry {
  private readonly entries = new Map<string, ResourceEntry>();
  private readonly schemas = new WeakMap<ResourceEntry, Record<string, unknown>>();
  readonly groupVersions: GroupVersionDef[];

  constructor(gvs: GroupVersionDef[]) {
    this.groupVersions = gvs;
    for (const gv of gvs) for (const def of gv.kinds) this.add(gv, def);
  }

  lookup(group: string, version: string, resource: string): ResourceEntry | undefined {
    return this.entries.get(`${group}/${version}/${resource}`);
  }

  all(): ResourceEntry[] {
    return [...this.entries.values()];
  }

  /** The kind's JSON Schema (with `$defs`), built once per isolate. */
  jsonSchema(entry: ResourceEntry): Record<string, unknown> {
    let s = this.schemas.get(entry);
    if (!s) {
      s = z.toJSONSchema(entry.def.schema, { unrepresentable: "any", io: "input" }) as Record<string, unknown>;
      this.schemas.set(entry, s);
    }
    return s;
  }

  private add(gv: GroupVersionDef, def: KindDef): void {
    const entry: ResourceEntry = {
      group: gv.group,
      version: gv.version,
      apiVersion: gv.group ? `${gv.group}/${gv.version}` : gv.version,
      kind: def.kind,
      listKind: `${def.kind}List`,
      resource: def.resource,
      singular: def.singular,
      namespaced: def.namespaced,
      shortNames: def.shortNames ?? [],
      categories: def.categories ?? [],
      verbs: def.verbs ?? ALL_VERBS,
      def,
      shard: shardFor(def.storage?.group ?? gv.group, def.storage?.resource ?? def.resource),
      storageGroup: def.storage?.group ?? gv.group,
      storageResource: def.storage?.resource ?? def.resource,
      fieldSelectors: ["metadata.name", "metadata.namespace", ...(def.fieldSelectors ?? [])],
    };
    this.entries.set(`${gv.group}/${gv.version}/${def.resource}`, entry);
  }
}
