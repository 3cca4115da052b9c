/**
 * Allocation records: one store object per allocated cluster IP (upstream's IPAddress, named by the IP, whose
 * parentRef is the Service) and one per allocated node port, under internal keys of the Services' shard that no
 * API path lists. Creating a record is the lock: the store's create-if-absent lets exactly one writer have it.
 * The parentRef carries the Service's uid as well, so a record left by an earlier incarnation of a name is
 * told apart from the current one's.
 */
import { shardFor } from "../../../schema/registry-core";
import type { KubeObject } from "../../../schema/types";
import type { Env } from "../../env";
import { encodeForStore, shardStub } from "../../storage";

export const IP_RECORD_PREFIX = "/internal/ipaddresses/";
export const NODE_PORT_RECORD_PREFIX = "/internal/servicenodeports/";

export type RecordKind = "ip" | "nodePort";

export interface ServiceRef {
  namespace: string;
  name: string;
  uid: string;
}

export interface AllocationRecord {
  kind: RecordKind;
  value: string;
  owner: ServiceRef;
  /** ms since the epoch. */
  created: number;
  revision: number;
}

export const recordKey = (kind: RecordKind, value: string | number): string =>
  (kind === "ip" ? IP_RECORD_PREFIX : NODE_PORT_RECORD_PREFIX) + String(value);

export function serviceRefOf(svc: KubeObject): ServiceRef {
  return { namespace: svc.metadata?.namespace ?? "", name: svc.metadata?.name ?? "", uid: svc.metadata?.uid ?? "" };
}

/** The stored object of a record (an IPAddress as networking.k8s.io/v1beta1 has it, or its node-port twin). */
export function recordObject(kind: RecordKind, value: string, owner: ServiceRef, now: number): KubeObject {
  const parentRef = { group: "", resource: "services", namespace: owner.namespace, name: owner.name, uid: owner.uid };
  const creationTimestamp = new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z");
  if (kind === "ip") {
    return {
      apiVersion: "networking.k8s.io/v1beta1",
      kind: "IPAddress",
      metadata: {
        name: value,
        creationTimestamp,
        labels: { "ipaddress.kubernetes.io/ip-family": "IPv4", "ipaddress.kubernetes.io/managed-by": "ipallocator.k8s.io" },
      },
      spec: { parentRef },
    };
  }
  return { apiVersion: "v1", kind: "ServiceNodePort", metadata: { name: value, creationTimestamp }, spec: { parentRef } };
}

function parseRecord(text: string, revision?: number): AllocationRecord | undefined {
  const obj = JSON.parse(text) as KubeObject;
  const ref = obj.spec?.parentRef ?? {};
  const kind: RecordKind = obj.kind === "IPAddress" ? "ip" : "nodePort";
  return {
    kind,
    value: String(obj.metadata?.name ?? ""),
    owner: { namespace: ref.namespace ?? "", name: ref.name ?? "", uid: ref.uid ?? "" },
    created: Date.parse(obj.metadata?.creationTimestamp ?? "") || 0,
    revision: revision ?? Number(obj.metadata?.resourceVersion ?? 0),
  };
}

const store = (env: Env) => shardStub(env, shardFor("", "services"));

/** Creates the record if absent: "claimed" (with its revision) or "taken" (with whoever holds it). */
export async function claimRecord(
  env: Env,
  kind: RecordKind,
  value: string,
  owner: ServiceRef,
  now: number,
): Promise<{ ok: true; revision: number } | { ok: false; holder?: AllocationRecord }> {
  const res = await store(env).create(recordKey(kind, value), encodeForStore(recordObject(kind, value, owner, now)));
  if (res.ok) return { ok: true, revision: res.revision };
  if (res.reason === "exists") return { ok: false, holder: parseRecord(res.current) };
  throw new Error(`claim ${kind} ${value}: ${res.reason}`);
}

/** The record of `value`, if any. */
export async function getRecord(env: Env, kind: RecordKind, value: string): Promise<AllocationRecord | undefined> {
  const res = await store(env).get(recordKey(kind, value));
  return res.ok ? parseRecord(res.value, res.revision) : undefined;
}

/** Deletes the record when it is still the one at `revision` (a lost race leaves the newer holder alone). */
export async function deleteRecord(env: Env, kind: RecordKind, value: string, revision: number): Promise<boolean> {
  return (await store(env).delete(recordKey(kind, value), revision)).ok;
}

/** Deletes the record of `value` if `owner` (same uid) holds it. */
export async function releaseRecord(env: Env, kind: RecordKind, value: string, owner: ServiceRef): Promise<boolean> {
  const rec = await getRecord(env, kind, value);
  if (!rec || rec.owner.uid !== owner.uid) return false;
  return deleteRecord(env, kind, value, rec.revision);
}

/** Every record of a kind (the node-port range is small; the IP list is read by the repair pass only). */
export async function listRecords(env: Env, kind: RecordKind): Promise<AllocationRecord[]> {
  const prefix = kind === "ip" ? IP_RECORD_PREFIX : NODE_PORT_RECORD_PREFIX;
  const out: AllocationRecord[] = [];
  let startAfter: string | undefined;
  for (;;) {
    const res = await store(env).list(prefix, { startAfter, limit: 5000 });
    if (!res.ok) throw new Error(`list ${prefix}: ${res.reason}`);
    for (const text of res.items) {
      const rec = parseRecord(text);
      if (rec) out.push(rec);
    }
    if (!res.lastKey) return out;
    startAfter = res.lastKey;
  }
}
