/** ClusterRole aggregation (the clusterrole-aggregation controller). Placeholder. */
import type { AfterWriteHook } from "../handlers/after-write";
import type { Env } from "../env";
import type { Registry } from "../../schema/registry-core";

export const aggregationAfterWrite: AfterWriteHook = async () => {};

/** Cron resync: recompute every aggregated ClusterRole. */
export async function resyncAggregatedClusterRoles(_env: Env, _registry: Registry): Promise<void> {}
