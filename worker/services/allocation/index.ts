/**
 * Service ClusterIP and node-port allocation (pkg/registry/core/service/storage/alloc.go, ipallocator,
 * portallocator, and their repair controllers): the write path's hooks, the cron repair pass, and the
 * `kubernetes` Service. See ./README.md.
 */
import type { KubeObject } from "../../../schema/types";
import type { ApiContext } from "../../handlers/context";
import { isDryRun } from "../../handlers/context";
import type { WrittenChange } from "../../handlers/after-write";
import { allocateServiceValues, type Allocation } from "./transaction";
import { releaseAfterServiceChange } from "./release";

export { allocateServiceValues, type Allocation } from "./transaction";
import { repairServiceAllocations } from "./repair";
import { ensureKubernetesService } from "./kubernetes-service";
import type { Env } from "../../env";
import type { Registry } from "../../../schema/registry-core";

export { repairServiceAllocations } from "./repair";
export { bootstrapKubernetesService, ensureKubernetesService } from "./kubernetes-service";

const isServiceWrite = (ctx: ApiContext) => ctx.entry.group === "" && ctx.entry.resource === "services" && !ctx.req.subresource;

/**
 * Before a Service is stored (create, update, patch, apply): claims its cluster IP and node ports and writes
 * them into `obj`. Undefined for every other write. The caller reverts the claims when its store write fails.
 */
export async function allocateForWrite(ctx: ApiContext, obj: KubeObject, old: KubeObject | undefined): Promise<Allocation | undefined> {
  if (!isServiceWrite(ctx)) return undefined;
  return allocateServiceValues(ctx.env, obj, old, { dryRun: isDryRun(ctx.query), now: ctx.now().getTime() });
}

/** After-write hook: a stored Service change gives back what the Service no longer holds. */
export async function serviceAllocationAfterWrite(ctx: ApiContext, change: WrittenChange): Promise<void> {
  if (ctx.entry.group !== "" || ctx.entry.resource !== "services") return;
  await releaseAfterServiceChange(ctx.env, change.type, change.object, change.oldObject);
}

/** The cron's pass: restore the `kubernetes` Service, then repair the allocation records. */
export async function repairServices(env: Env, registry: Registry): Promise<void> {
  await ensureKubernetesService(env, registry);
  await repairServiceAllocations(env, registry);
}
