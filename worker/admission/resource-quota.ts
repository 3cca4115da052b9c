/**
 * ResourceQuota: the admission plugin (k8s.io/apiserver/pkg/admission/plugin/resourcequota, validating, last)
 * and the resourcequota controller's hooks. A create (or an update that grows usage) in a namespace is
 * checked against every quota covering it; when it fits, each quota's status.used is raised with a
 * compare-and-swap status update before the object is stored (a lost race re-reads and re-checks the
 * quotas not yet charged). Dry runs check and charge nothing. A quota whose status the controller has not
 * filled in yet is synced here first rather than refused ("status unknown"), since the controller runs inline.
 */
import type { Registry } from "../../schema/registry-core";
import type { KubeObject } from "../../schema/types";
import type { Env } from "../env";
import type { AfterWriteHook } from "../handlers/after-write";
import type { ApiContext } from "../handlers/context";
import { conflict, OBJECT_MODIFIED } from "../errors";
import type { AdmissionAttributes, AdmissionPlugin } from "./plugins";
import { admissionForbidden } from "./admission-errors";
import { checkRequest } from "./quota/check-request";
import { needsSync } from "./quota/calculate";
import { QuotaLister, resyncAll, syncAfterChange, syncQuota } from "./quota/controller";
import type { Evaluator, QuotaRequest } from "./quota/evaluator";
import { evaluatorFor } from "./quota/evaluators";
import { fromWire, toWire } from "./quota/resource-list";
import { APISERVER_USER, namespaceQuotas, QUOTA_CONTROLLER, writeQuotaStatus } from "./quota/quota-access";

const MAX_ATTEMPTS = 4;

export const ResourceQuota: AdmissionPlugin = {
  name: "ResourceQuota",
  async validate(a: AdmissionAttributes) {
    const { ctx } = a;
    // Subresource writes, cluster-scoped objects (namespaces included) and deletes never change quota usage.
    if (a.operation !== "CREATE" && a.operation !== "UPDATE") return;
    if (ctx.req.subresource !== undefined || !ctx.entry.namespaced || !ctx.req.namespace) return;
    const ev = evaluatorFor(ctx.entry.group, ctx.entry.resource);
    const req: QuotaRequest = { operation: a.operation, object: a.object, oldObject: a.oldObject };
    if (!ev || !ev.handles(req)) return;
    await evaluate(a, ev, req);
  },
};

async function evaluate(a: AdmissionAttributes, ev: Evaluator, req: QuotaRequest): Promise<void> {
  const { ctx, dryRun } = a;
  const now = ctx.now();
  const charged = new Set<string>();
  let lostOn = "";
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const quotas = await covering(ctx, ev, charged, now, dryRun);
    if (!quotas.length) return;
    const result = checkRequest(quotas, req, ev, now);
    if (!result.ok) throw admissionForbidden(a, "validate", result.message);
    if (dryRun) return;
    lostOn = "";
    for (const [i, used] of result.used) {
      const q = quotas[i];
      const res = await writeQuotaStatus(ctx.env, ctx.registry, APISERVER_USER, q, { hard: q.status.hard, used: toWire(used) });
      if (res.ok || res.reason === "gone") charged.add(q.metadata.name);
      else lostOn = q.metadata.name;
    }
    if (!lostOn) return;
  }
  // Upstream gives up with the last failed quota update's error.
  throw conflict("", "resourcequotas", lostOn, OBJECT_MODIFIED);
}

/**
 * The namespace's quotas not charged yet that measure this resource, synced first when their status lags
 * (in a dry run the synced status is computed, not written).
 */
async function covering(ctx: ApiContext, ev: Evaluator, charged: Set<string>, now: Date, dryRun: boolean): Promise<KubeObject[]> {
  const all = await namespaceQuotas(ctx.env, ctx.registry, ctx.req.namespace!);
  const out: KubeObject[] = [];
  let lister: QuotaLister | undefined;
  for (const q of all) {
    if (charged.has(q.metadata.name)) continue;
    if (!ev.matchingResources([...fromWire(q.spec?.hard).keys()]).length) continue;
    if (!needsSync(q)) {
      out.push(q);
      continue;
    }
    lister ??= new QuotaLister(ctx.env, ctx.registry, APISERVER_USER);
    const synced = await syncQuota(lister, q, now, dryRun);
    if (synced) out.push(synced);
  }
  return out;
}

/** After-write hook: the controller's reaction to quota and counted-object changes (see quota/controller.ts). */
export const quotaAfterWrite: AfterWriteHook = async (ctx, change) => {
  // A quota's own status writes (admission's and the controller's) need no reaction.
  if (!ctx.entry.namespaced || (ctx.req.subresource === "status" && ctx.entry.resource === "resourcequotas")) return;
  const lister = new QuotaLister(ctx.env, ctx.registry, QUOTA_CONTROLLER());
  await syncAfterChange(lister, ctx.entry.group, ctx.entry.resource, change, ctx.now());
};

/** Cron: recount every quota (the controller's full resync). */
export async function resyncQuotas(env: Env, registry: Registry): Promise<void> {
  await resyncAll(new QuotaLister(env, registry, QUOTA_CONTROLLER()), new Date());
}
