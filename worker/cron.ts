/**
 * The cron trigger's work (`* * * * *`): store compaction for quiet shards, then the resync of every loop that
 * also runs on writes (a missed after-write hook is repaired here). Each task is independent: one failing
 * does not stop the others.
 */
import { SHARDS, type Registry } from "../schema/registry-core";
import type { Env } from "./env";
import { shardStub } from "./storage";
import { ensureBootstrapped } from "./bootstrap";
import { resyncAggregatedClusterRoles } from "./authz/aggregation";
import { resyncNamespaceDefaults } from "./admission/namespace-defaults";
import { resyncQuotas } from "./admission/resource-quota";
import { resyncCsrSigning } from "./certificates/signer";
import { resyncNamespaceDeletion } from "./controllers/namespace";
import { resyncControllers } from "./controllers/framework/wake";
import { repairServices } from "./services/allocation";

const RESYNCS: ((env: Env, registry: Registry) => Promise<void>)[] = [
  resyncAggregatedClusterRoles,
  resyncNamespaceDefaults,
  resyncQuotas,
  resyncCsrSigning,
  resyncNamespaceDeletion,
  (env) => resyncControllers(env),
  repairServices,
];

export async function runCron(env: Env, registry: Registry): Promise<void> {
  // The loops act through the API with their RBAC roles: a cron pass before any request must bootstrap first.
  await ensureBootstrapped(env, registry);
  await Promise.all(SHARDS.map((shard) => shardStub(env, shard).compact()));
  const results = await Promise.allSettled(RESYNCS.map((task) => task(env, registry)));
  for (const r of results) if (r.status === "rejected") console.error("cron resync failed", r.reason);
}
