/**
 * The garbage collector's view of the resource registry (upstream: its REST mapper and
 * GetDeletableResources): which kind an ownerReference names, where an object lives, and which resources are
 * listed when looking for dependents. Events are ignored, as upstream's DefaultIgnoredResources (core and
 * events.k8s.io events): they are neither owners nor dependents the collector follows.
 */
import type { Registry, ResourceEntry } from "../../../schema/registry-core";

/** What the collector needs of a registry entry (plain data, so the decisions are testable without a registry). */
export interface KindInfo {
  group: string;
  version: string;
  apiVersion: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  /** `<group>/<resource>` the objects are stored as (kinds served by two APIs share it); default its own. */
  storedAs?: string;
  /** Default: every verb the collector needs. */
  verbs?: readonly string[];
}

/** `<group>/<resource>` of the resources the collector never follows (DefaultIgnoredResources). */
export const IGNORED_RESOURCES: ReadonlySet<string> = new Set(["/events", "events.k8s.io/events"]);

/** GetDeletableResources: the verbs a resource must serve to be followed. */
const DEPENDENT_VERBS = ["delete", "list", "watch"];

/** The group of an apiVersion (`v1` → "", `apps/v1` → "apps"). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}

export class KindIndex {
  private readonly byKind = new Map<string, KindInfo>();
  private readonly byResource = new Map<string, KindInfo>();
  /** The resources listed for dependents: deletable, not ignored, one per storage location. */
  readonly dependentResources: KindInfo[] = [];

  constructor(kinds: readonly KindInfo[]) {
    const stored = new Set<string>();
    for (const k of kinds) {
      this.byKind.set(`${k.apiVersion}/${k.kind}`, k);
      const gr = `${k.group}/${k.resource}`;
      if (!this.byResource.has(gr)) this.byResource.set(gr, k);
      const where = k.storedAs ?? gr;
      if (IGNORED_RESOURCES.has(gr) || stored.has(where)) continue;
      if (!DEPENDENT_VERBS.every((v) => (k.verbs ?? DEPENDENT_VERBS).includes(v))) continue;
      stored.add(where);
      this.dependentResources.push(k);
    }
  }

  /** The kind an ownerReference names (upstream RESTMapping(groupKind, version)); undefined when not served. */
  ofReference(apiVersion: string, kind: string): KindInfo | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** The kind stored as `<group>/<resource>` (a wake's `change.resource` or a key's resource). */
  ofResource(group: string, resource: string): KindInfo | undefined {
    return this.byResource.get(`${group}/${resource}`);
  }
}

const indexes = new WeakMap<Registry, KindIndex>();

/** The index of a registry, built once per isolate. */
export function kindIndexOf(registry: Registry): KindIndex {
  let index = indexes.get(registry);
  if (!index) indexes.set(registry, (index = new KindIndex(registry.all().map(kindInfoOf))));
  return index;
}

function kindInfoOf(e: ResourceEntry): KindInfo {
  const { group, version, apiVersion, kind, resource, namespaced, verbs } = e;
  return { group, version, apiVersion, kind, resource, namespaced, verbs, storedAs: `${e.storageGroup}/${e.storageResource}` };
}

function base(k: KindInfo): string {
  return k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`;
}

/** The API path of one object. */
export function objectPath(k: KindInfo, namespace: string | undefined, name: string): string {
  return k.namespaced ? `${base(k)}/namespaces/${namespace}/${k.resource}/${name}` : `${base(k)}/${k.resource}/${name}`;
}

/** The API path listing `k` in `namespace`, or everywhere when `namespace` is undefined. */
export function listPath(k: KindInfo, namespace?: string): string {
  return k.namespaced && namespace !== undefined ? `${base(k)}/namespaces/${namespace}/${k.resource}` : `${base(k)}/${k.resource}`;
}
