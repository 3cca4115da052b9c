/**
 * The clusterrole-aggregation controller (pkg/controller/clusterroleaggregation): a ClusterRole with an
 * `aggregationRule` gets as rules the union of the rules of every other ClusterRole matching any of its
 * `clusterRoleSelectors` — selectors in order, matching roles sorted by name, duplicates (semantically
 * equal rules) dropped. It runs after every stored ClusterRole change and in the cron resync, through the
 * API as `system:serviceaccount:kube-system:clusterrole-aggregation-controller` with a forced server-side
 * apply of `rules` (field manager `clusterrole-aggregation-controller`), as upstream does.
 */
import type { WrittenChange } from "../handlers/after-write";
import type { ApiContext } from "../handlers/context";
import type { Env } from "../env";
import type { Registry } from "../../schema/registry-core";
import { controllerUser, internalRequest } from "../internal-client";
import { RBAC_API_VERSION, RBAC_GROUP } from "./policy";
import { aggregationChanges } from "./policy/aggregate";

export { aggregatedRules, aggregationChanges } from "./policy/aggregate";

export const AGGREGATION_CONTROLLER = "clusterrole-aggregation-controller";

const CLUSTER_ROLES_PATH = `/apis/${RBAC_API_VERSION}/clusterroles`;

/** Lists ClusterRoles and applies the rules of every aggregated one that changed, as the controller. */
export async function syncAggregatedClusterRoles(env: Env, registry: Registry): Promise<void> {
  const user = controllerUser(AGGREGATION_CONTROLLER);
  const listed = await internalRequest(env, registry, user, "GET", CLUSTER_ROLES_PATH);
  if (listed.status !== 200) throw new Error(`${AGGREGATION_CONTROLLER}: list clusterroles: ${listed.status} ${listed.body?.message ?? ""}`);
  const failures: string[] = [];
  for (const [name, rules] of aggregationChanges(listed.body.items ?? [])) {
    const apply = { apiVersion: RBAC_API_VERSION, kind: "ClusterRole", metadata: { name }, rules };
    const path = `${CLUSTER_ROLES_PATH}/${encodeURIComponent(name)}?fieldManager=${AGGREGATION_CONTROLLER}&force=true`;
    const res = await internalRequest(env, registry, user, "PATCH", path, JSON.stringify(apply), "application/apply-patch+yaml");
    // A role deleted since the list needs nothing.
    if (res.status >= 300 && res.status !== 404) failures.push(`${name}: ${res.status} ${res.body?.message ?? ""}`);
  }
  if (failures.length) throw new Error(`${AGGREGATION_CONTROLLER}: ${failures.join("; ")}`);
}

/**
 * After any stored ClusterRole change. The controller's own writes are skipped: the sync that made them
 * computed every aggregated role to convergence already. (A function declaration: after-write.ts and this
 * module import each other through the internal client.)
 */
export async function aggregationAfterWrite(ctx: ApiContext, _change: WrittenChange): Promise<void> {
  if (ctx.entry.group !== RBAC_GROUP || ctx.entry.resource !== "clusterroles") return;
  if (ctx.user.username === controllerUser(AGGREGATION_CONTROLLER).username) return;
  await syncAggregatedClusterRoles(ctx.env, ctx.registry);
}

/** Cron resync: recompute every aggregated ClusterRole. */
export async function resyncAggregatedClusterRoles(env: Env, registry: Registry): Promise<void> {
  await syncAggregatedClusterRoles(env, registry);
}
