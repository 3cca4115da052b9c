/**
 * Discovery documents built from the registry (KUBECTL.md §2): aggregated v2 (`/api`, `/apis` with
 * `as=APIGroupDiscoveryList`), and the legacy APIVersions / APIGroupList / APIGroup / APIResourceList.
 */
import type { Registry, ResourceEntry } from "../schema/registry-core";
import { REVIEW_RESOURCES } from "./handlers/reviews";

const AGGREGATED = "apidiscovery.k8s.io";

interface ResourceLike {
  group: string;
  version: string;
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  entry?: ResourceEntry;
}

function resourcesOf(registry: Registry): ResourceLike[] {
  const out: ResourceLike[] = registry.all().map((e) => ({ ...e, entry: e }));
  for (const r of REVIEW_RESOURCES) {
    out.push({ ...r, singular: "", verbs: ["create"], shortNames: [], categories: [] });
  }
  return out;
}

/** Groups in registry order, each with its versions in preference order. */
function groupsOf(registry: Registry): Map<string, Map<string, ResourceLike[]>> {
  const groups = new Map<string, Map<string, ResourceLike[]>>();
  for (const r of resourcesOf(registry)) {
    const versions = groups.get(r.group) ?? new Map<string, ResourceLike[]>();
    groups.set(r.group, versions);
    const list = versions.get(r.version) ?? [];
    versions.set(r.version, list);
    list.push(r);
  }
  return groups;
}

/** The aggregated discovery media type the client asked for (v2 preferred), or undefined for legacy. */
export function aggregatedVersion(accept: string): "v2" | "v2beta1" | undefined {
  for (const part of accept.split(",")) {
    const params = part.split(";").map((s) => s.trim());
    if (!params.includes("as=APIGroupDiscoveryList") || !params.includes(`g=${AGGREGATED}`)) continue;
    if (params.includes("v=v2")) return "v2";
    if (params.includes("v=v2beta1")) return "v2beta1";
  }
  return undefined;
}

export function aggregatedContentType(v: string): string {
  return `application/json;g=${AGGREGATED};v=${v};as=APIGroupDiscoveryList`;
}

function subresourcesOf(r: ResourceLike) {
  const out = [];
  const def = r.entry?.def;
  if (def?.scale) {
    out.push({ subresource: "scale", responseKind: { group: "autoscaling", version: "v1", kind: "Scale" }, verbs: ["get", "patch", "update"] });
  }
  if (def?.status) {
    out.push({ subresource: "status", responseKind: { group: r.group, version: r.version, kind: r.kind }, verbs: ["get", "patch", "update"] });
  }
  for (const s of def?.subresources ?? []) out.push({ subresource: s.name, responseKind: s.responseKind, verbs: s.verbs });
  return out;
}

export function aggregatedDiscovery(registry: Registry, core: boolean, version: string) {
  const items = [];
  for (const [group, versions] of groupsOf(registry)) {
    if ((group === "") !== core) continue;
    items.push({
      metadata: { name: group, creationTimestamp: null },
      versions: [...versions].map(([v, resources]) => ({
        version: v,
        freshness: "Current",
        resources: resources.map((r) => {
          const out: Record<string, unknown> = {
            resource: r.resource,
            responseKind: { group: r.group, version: r.version, kind: r.kind },
            scope: r.namespaced ? "Namespaced" : "Cluster",
            singularResource: r.singular,
            verbs: r.verbs,
          };
          if (r.shortNames.length) out.shortNames = r.shortNames;
          if (r.categories.length) out.categories = r.categories;
          const subs = subresourcesOf(r);
          if (subs.length) out.subresources = subs;
          return out;
        }),
      })),
    });
  }
  return { kind: "APIGroupDiscoveryList", apiVersion: `${AGGREGATED}/${version}`, metadata: {}, items };
}

export function apiVersions(host: string) {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: host }],
  };
}

function apiGroup(group: string, versions: string[]) {
  const gvs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: gvs, preferredVersion: gvs[0] };
}

export function apiGroupList(registry: Registry) {
  const groups = [];
  for (const [group, versions] of groupsOf(registry)) if (group !== "") groups.push(apiGroup(group, [...versions.keys()]));
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

export function apiGroupDoc(registry: Registry, group: string) {
  const versions = groupsOf(registry).get(group);
  if (!versions || group === "") return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...apiGroup(group, [...versions.keys()]) };
}

export function apiResourceList(registry: Registry, group: string, version: string) {
  const resources = groupsOf(registry).get(group)?.get(version);
  if (!resources) return undefined;
  const out = [];
  for (const r of resources) {
    const base: Record<string, unknown> = {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
    };
    if (r.shortNames.length) base.shortNames = r.shortNames;
    if (r.categories.length) base.categories = r.categories;
    out.push(base);
    for (const s of subresourcesOf(r)) {
      const sub: Record<string, unknown> = { name: `${r.resource}/${s.subresource}`, singularName: "", namespaced: r.namespaced, kind: s.responseKind.kind, verbs: s.verbs };
      // Upstream names the group and version of a subresource whose kind lives elsewhere (Scale).
      if (s.responseKind.group !== r.group || s.responseKind.version !== r.version) {
        sub.group = s.responseKind.group;
        sub.version = s.responseKind.version;
      }
      out.push(sub);
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: group ? `${group}/${version}` : version, resources: out };
}
