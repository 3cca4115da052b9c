/**
 * Pure object lifecycle rules of the generic registry (k8s.io/apiserver/pkg/registry/rest BeforeCreate /
 * BeforeUpdate and the per-kind strategies' PrepareForCreate / PrepareForUpdate).
 */
import type { ResourceEntry } from "../../schema/registry-core";
import type { KubeObject, RequestUser } from "../../schema/types";

/** Alphabet of generateName suffixes (k8s.io/apimachinery/pkg/util/rand: no vowels, no confusable digits). */
const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
/** generateName keeps at most 58 characters of the prefix so that prefix + 5 random chars fit in 63. */
const MAX_GENERATED_PREFIX = 58;

export function generatedName(prefix: string, random: () => number = Math.random): string {
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += SUFFIX_ALPHABET[Math.floor(random() * SUFFIX_ALPHABET.length)];
  return prefix.slice(0, MAX_GENERATED_PREFIX) + suffix;
}

export interface CreateFacts {
  now: string;
  uid: string;
  namespace?: string;
  random?: () => number;
  /** The requesting user, for strategies that record it. */
  user?: RequestUser;
}

/** Sets the fields the server owns on create; resets status for kinds with a status subresource. */
export function prepareForCreate(entry: ResourceEntry, obj: KubeObject, facts: CreateFacts): void {
  obj.apiVersion = entry.apiVersion;
  obj.kind = entry.kind;
  const meta = (obj.metadata ??= {});
  if (!meta.name && meta.generateName) meta.name = generatedName(meta.generateName, facts.random);
  if (entry.namespaced) meta.namespace = facts.namespace;
  else delete meta.namespace;
  meta.uid = facts.uid;
  meta.creationTimestamp = facts.now;
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  if (entry.def.generation) meta.generation = 1;
  else delete meta.generation;
  // Strategies reset status on create; the kind's defaulting then sets what a new object starts with
  // (a Pod's phase Pending and qosClass, a Namespace's phase Active).
  if (entry.def.status && !entry.def.keepStatusOnCreate) obj.status = {};
  entry.def.prepareForCreate?.(obj, facts.user);
  dropNulls(meta);
  canonicalKeyOrder(obj);
}

/**
 * Carries the server-owned fields over from `old` on update. `subresource` "status" keeps everything but status
 * (and metadata labels/annotations) from `old`; a main-resource write keeps `old.status` when the kind has a
 * status subresource (writes to the kind's own `subresources` leave status to its prepareForUpdate). Bumps
 * generation when anything outside metadata and status changed.
 */
export function prepareForUpdate(entry: ResourceEntry, old: KubeObject, obj: KubeObject, subresource?: string): void {
  obj.apiVersion = entry.apiVersion;
  obj.kind = entry.kind;
  const meta = (obj.metadata ??= {});
  const oldMeta = old.metadata ?? {};
  for (const k of ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name"]) {
    if (oldMeta[k] === undefined) delete meta[k];
    else meta[k] = oldMeta[k];
  }
  delete meta.selfLink;
  if (subresource === "status") {
    for (const k of Object.keys(obj)) if (k !== "metadata" && k !== "status" && k !== "apiVersion" && k !== "kind") delete obj[k];
    for (const k of Object.keys(old)) if (k !== "metadata" && k !== "status") obj[k] = old[k];
    // The built-in status strategies reset the spec; some also pin metadata: deployments their labels, pods
    // their ownerReferences (kubelets must not touch them). Other metadata changes go through.
    for (const k of statusPinnedMetadata(entry)) {
      if (oldMeta[k] === undefined) delete meta[k];
      else meta[k] = oldMeta[k];
    }
  } else if (entry.def.status && !entry.def.subresources?.some((s) => s.name === subresource)) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  }
  entry.def.prepareForUpdate?.(obj, old, subresource);
  if (entry.def.generation) {
    const gen = oldMeta.generation ?? 1;
    meta.generation = specChanged(old, obj) ? gen + 1 : gen;
  } else {
    delete meta.generation;
  }
  dropNulls(meta);
  canonicalKeyOrder(obj);
}

/** Metadata a `status` write may not change for this kind (its status strategy's PrepareForUpdate). */
function statusPinnedMetadata(entry: ResourceEntry): string[] {
  if (entry.group === "apps" && entry.resource === "deployments") return ["labels"];
  if (entry.group === "" && entry.resource === "pods") return ["ownerReferences"];
  return [];
}

/** True when anything but metadata and status differs (upstream compares spec; this covers kinds without one). */
export function specChanged(old: KubeObject, obj: KubeObject): boolean {
  const keys = new Set([...Object.keys(old), ...Object.keys(obj)]);
  for (const k of keys) {
    if (k === "metadata" || k === "status" || k === "apiVersion" || k === "kind") continue;
    if (!deepEqual(old[k], obj[k])) return true;
  }
  return false;
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object).filter((k) => (a as KubeObject)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as KubeObject)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as KubeObject)[k], (b as KubeObject)[k]));
}

/** Equal apart from what every write changes (resourceVersion, managedFields timestamps). */
export function sameObject(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { resourceVersion: _rv, managedFields, ...meta } = o.metadata ?? {};
    const mf = (managedFields ?? []).map((m: KubeObject) => ({ ...m, time: undefined }));
    return { ...o, metadata: { ...meta, managedFields: mf } };
  };
  return deepEqual(strip(a), strip(b));
}

/** Puts kind, apiVersion and metadata first, in upstream's serialization order, keeping the rest in order. */
export function canonicalKeyOrder(obj: KubeObject): void {
  const first = ["kind", "apiVersion", "metadata"];
  const entries = Object.entries(obj);
  for (const [k] of entries) delete obj[k];
  for (const k of first) {
    const e = entries.find(([key]) => key === k);
    if (e) obj[k] = e[1];
  }
  for (const [k, v] of entries) if (!first.includes(k)) obj[k] = v;
}

/** Optional metadata given as null is the same as absent. */
function dropNulls(meta: KubeObject): void {
  for (const k of Object.keys(meta)) if (meta[k] === null) delete meta[k];
}
