/**
 * The allocation repair pass (upstream's ipallocator RepairIPAddress and portallocator repair controllers), run
 * by the cron: a record whose Service is gone or no longer holds its value is deleted once older than a grace
 * period (a write in flight claims before it stores the Service), and a value a Service holds without a record
 * is recorded again. Records are matched to Services by uid, so a generateName retry or a re-created name
 * never keeps a stale record alive.
 */
import type { Registry } from "../../../schema/registry-core";
import type { KubeObject } from "../../../schema/types";
import type { Env } from "../../env";
import { resourcePrefix, storeFor } from "../../storage";
import { heldValues } from "./plan";
import { inRange, ipv4ToNumber, NODE_PORTS, SERVICE_IP_RANGE } from "./ranges";
import { type AllocationRecord, claimRecord, deleteRecord, listRecords, type RecordKind, type ServiceRef, serviceRefOf } from "./records";

/** How long a record may exist without its Service before the repair frees it. */
export const ORPHAN_GRACE_MS = 60_000;

export interface RepairPlan {
  /** Records to delete (at their revision). */
  release: AllocationRecord[];
  /** Values Services hold that have no record. */
  record: { kind: RecordKind; value: string; owner: ServiceRef }[];
  /** Values a Service holds that another Service's record has (upstream: ClusterIPAlreadyAllocated events). */
  conflicts: { kind: RecordKind; value: string; owner: ServiceRef; holder: ServiceRef }[];
}

const inItsRange = (kind: RecordKind, value: string) =>
  kind === "ip" ? inRange(SERVICE_IP_RANGE, ipv4ToNumber(value) ?? -1) : inRange(NODE_PORTS, Number(value));

/** Pure: what the repair does, given every Service and every record (read before the Services). */
export function planRepair(services: KubeObject[], records: AllocationRecord[], now: number, graceMs = ORPHAN_GRACE_MS): RepairPlan {
  const heldBy = new Map<string, KubeObject>();
  for (const svc of services) {
    const held = heldValues(svc);
    for (const ip of held.ips) heldBy.set(`ip/${ip}`, svc);
    for (const p of held.nodePorts) heldBy.set(`nodePort/${p}`, svc);
  }
  const byValue = new Map(records.map((r) => [`${r.kind}/${r.value}`, r]));
  const plan: RepairPlan = { release: [], record: [], conflicts: [] };
  for (const rec of records) {
    const svc = heldBy.get(`${rec.kind}/${rec.value}`);
    if (svc?.metadata?.uid === rec.owner.uid) continue;
    if (now - rec.created >= graceMs) plan.release.push(rec);
  }
  for (const [key, svc] of heldBy) {
    const [kind, value] = [key.slice(0, key.indexOf("/")) as RecordKind, key.slice(key.indexOf("/") + 1)];
    if (!inItsRange(kind, value)) continue;
    const rec = byValue.get(key);
    const owner = serviceRefOf(svc);
    if (!rec) plan.record.push({ kind, value, owner });
    else if (rec.owner.uid !== owner.uid && !plan.release.includes(rec)) plan.conflicts.push({ kind, value, owner, holder: rec.owner });
    else if (rec.owner.uid !== owner.uid) plan.record.push({ kind, value, owner });
  }
  return plan;
}

async function listServices(env: Env, registry: Registry): Promise<KubeObject[]> {
  const entry = registry.lookup("", "v1", "services")!;
  const out: KubeObject[] = [];
  let startAfter: string | undefined;
  for (;;) {
    const res = await storeFor(env, entry).list(resourcePrefix(entry), { startAfter, limit: 1000 });
    if (!res.ok) throw new Error(`list services: ${res.reason}`);
    for (const text of res.items) out.push(JSON.parse(text));
    if (!res.lastKey) return out;
    startAfter = res.lastKey;
  }
}

/** Runs one repair pass; returns what it planned (the conflicts are logged). */
export async function repairServiceAllocations(env: Env, registry: Registry, now = Date.now()): Promise<RepairPlan> {
  const records = [...(await listRecords(env, "ip")), ...(await listRecords(env, "nodePort"))];
  const plan = planRepair(await listServices(env, registry), records, now);
  // Orphans go first, so a value re-recorded for its real holder finds its key free.
  await Promise.all(plan.release.map((r) => deleteRecord(env, r.kind, r.value, r.revision)));
  await Promise.all(plan.record.map((r) => claimRecord(env, r.kind, r.value, r.owner, now)));
  for (const c of plan.conflicts) {
    console.warn(`service ${c.owner.namespace}/${c.owner.name} holds ${c.kind} ${c.value}, allocated to ${c.holder.namespace}/${c.holder.name}`);
  }
  return plan;
}
