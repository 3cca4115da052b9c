/**
 * `metadata.managedFields` ↔ field managers (k8s.io/apimachinery/pkg/util/managedfields/internal:
 * managedfields.go, capmanagers.go).
 *
 * A manager is identified by name, operation and subresource, plus the apiVersion for `Update` managers
 * (an applier keeps one entry across versions; an updater gets one per version it wrote with).
 */
import { FieldSet } from "./field-set";
import { decodeFieldsV1, encodeFieldsV1, type FieldsV1 } from "./fields-v1";
import { isObject } from "./json";

export type Operation = "Apply" | "Update";

/** One entry of `metadata.managedFields`, as served. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: FieldsV1;
  subresource?: string;
}

/** A decoded managedFields entry. */
export interface Manager {
  manager: string;
  operation: Operation;
  apiVersion: string;
  subresource?: string;
  /** RFC 3339; absent when the manager never changed the object. */
  time?: string;
  set: FieldSet;
}

export type ManagerId = Pick<Manager, "manager" | "operation" | "apiVersion" | "subresource">;

/** upstream BuildManagerIdentifier: the apiVersion only counts for Update managers. */
export function sameManager(a: ManagerId, b: ManagerId): boolean {
  return (
    a.manager === b.manager &&
    a.operation === b.operation &&
    (a.subresource ?? "") === (b.subresource ?? "") &&
    (a.operation === "Apply" || a.apiVersion === b.apiVersion)
  );
}

/**
 * Decodes `metadata.managedFields`. Fails on entries upstream cannot decode (unknown fieldsType or
 * operation, malformed FieldsV1); entries of the same manager are merged.
 */
export function decodeManagedFields(entries: unknown): { ok: true; managers: Manager[] } | { ok: false; error: string } {
  if (entries === undefined || entries === null) return { ok: true, managers: [] };
  if (!Array.isArray(entries)) return { ok: false, error: "managedFields must be a list" };
  const managers: Manager[] = [];
  for (const e of entries) {
    if (!isObject(e)) return { ok: false, error: "managedFields entries must be objects" };
    if (e.operation !== "Apply" && e.operation !== "Update") {
      return { ok: false, error: `unknown operation ${JSON.stringify(e.operation ?? "")}` };
    }
    if (e.fieldsType !== "FieldsV1") return { ok: false, error: `field type ${JSON.stringify(e.fieldsType ?? "")} is not supported` };
    const decoded = e.fieldsV1 === undefined || e.fieldsV1 === null ? { ok: true as const, set: new FieldSet() } : decodeFieldsV1(e.fieldsV1);
    if (!decoded.ok) return decoded;
    const m: Manager = {
      manager: typeof e.manager === "string" ? e.manager : "",
      operation: e.operation,
      apiVersion: typeof e.apiVersion === "string" ? e.apiVersion : "",
      ...(typeof e.subresource === "string" && e.subresource ? { subresource: e.subresource } : {}),
      ...(typeof e.time === "string" ? { time: e.time } : {}),
      set: decoded.set,
    };
    const same = managers.findIndex((x) => sameManager(x, m));
    if (same >= 0) managers[same] = { ...managers[same], set: managers[same].set.union(m.set) };
    else managers.push(m);
  }
  return { ok: true, managers };
}

function seconds(time: string | undefined): number {
  const t = time ? Date.parse(time) : NaN;
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Encodes managers as `metadata.managedFields`, dropping empty ones, sorted as upstream:
 * Apply before Update, then by time (seconds), manager, apiVersion, subresource.
 */
export function encodeManagedFields(managers: Manager[]): ManagedFieldsEntry[] {
  return managers
    .filter((m) => !m.set.isEmpty())
    .sort(
      (p, q) =>
        cmp(p.operation, q.operation) ||
        seconds(p.time) - seconds(q.time) ||
        cmp(p.manager, q.manager) ||
        cmp(p.apiVersion, q.apiVersion) ||
        cmp(p.subresource ?? "", q.subresource ?? ""),
    )
    .map((m) => ({
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      ...(m.time ? { time: m.time } : {}),
      fieldsType: "FieldsV1",
      fieldsV1: encodeFieldsV1(m.set),
      ...(m.subresource ? { subresource: m.subresource } : {}),
    }));
}

/** upstream DefaultMaxUpdateManagers. */
export const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = "ancient-changes";

/**
 * Keeps at most `max` Update managers (upstream capManagersManager): the oldest ones are merged, per
 * apiVersion, into an `ancient-changes` entry that takes the time of the newest update merged into it.
 */
export function capUpdateManagers(managers: Manager[], max = MAX_UPDATE_MANAGERS): Manager[] {
  const updaters = managers.filter((m) => m.operation === "Update");
  if (updaters.length <= max) return managers;
  const idKey = (m: Manager) => JSON.stringify([m.manager, m.operation, m.apiVersion, m.subresource ?? ""]);
  updaters.sort((a, b) => seconds(a.time) - seconds(b.time) || cmp(idKey(a), idKey(b)));
  let out = [...managers];
  const firstOfVersion = new Map<string, Manager>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const m = updaters[i];
    const first = firstOfVersion.get(m.apiVersion);
    if (!first) {
      firstOfVersion.set(m.apiVersion, m);
      continue;
    }
    const bucketId: ManagerId = { manager: ANCIENT_CHANGES, operation: "Update", apiVersion: m.apiVersion };
    let bucket = out.find((x) => sameManager(x, bucketId));
    if (!bucket) {
      // The first updater of this version becomes the bucket.
      out = out.filter((x) => x !== first);
      bucket = { ...bucketId, set: first.set, time: first.time };
      out.push(bucket);
    }
    const merged: Manager = { ...bucketId, set: m.set.union(bucket.set), time: m.time };
    out = out.filter((x) => x !== bucket && x !== m);
    out.push(merged);
    length--;
  }
  return out;
}
