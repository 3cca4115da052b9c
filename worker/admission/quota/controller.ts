/**
 * The resourcequota controller (pkg/controller/resourcequota), run inline: a quota is synced (status.hard from
 * spec.hard, status.used recounted from a LIST of what it limits) when it is created or its limits change, when
 * a counted object is deleted or stops being charged (replenishment), and for every quota on the cron resync.
 * Level-triggered: a sync recomputes from the listed objects and writes only a changed status.
 */
import type { Registry } from "../../../schema/registry-core";
import type { KubeObject } from "../../../schema/types";
import type { Env } from "../../env";
import type { UserInfo } from "../../authn/user";
import type { WrittenChange } from "../../handlers/after-write";
import { calculateUsage, evaluatorsFor, needsSync, quotaStatus, statusChanged } from "./calculate";
import { hardOf, type Evaluator } from "./evaluator";
import { evaluatorFor } from "./evaluators";
import { podCharged } from "./pod-evaluator";
import { fromWire } from "./resource-list";
import { allQuotas, entryOf, listObjects, readQuota, writeQuotaStatus } from "./quota-access";

const MAX_ATTEMPTS = 5;

/** Lists shared by the syncs of one pass (one LIST per namespace and resource). */
export class QuotaLister {
  private readonly lists = new Map<string, Promise<KubeObject[]>>();
  constructor(
    readonly env: Env,
    readonly registry: Registry,
    readonly user: UserInfo,
  ) {}

  objects(ev: Evaluator, namespace: string): Promise<KubeObject[]> {
    const key = `${namespace}/${ev.group}/${ev.resource}`;
    let p = this.lists.get(key);
    if (!p) {
      const entry = entryOf(this.registry, ev.group, ev.resource);
      p = entry ? listObjects(this.env, this.registry, this.user, entry, namespace) : Promise.resolve([]);
      this.lists.set(key, p);
    }
    return p;
  }

  forget(): void {
    this.lists.clear();
  }
}

/**
 * syncResourceQuota: recount and, when the status changed, write it; returns the quota as stored afterwards
 * (with `dryRun`, the quota with the recounted status, nothing written).
 */
export async function syncQuota(lister: QuotaLister, quota: KubeObject, now: Date, dryRun = false): Promise<KubeObject | undefined> {
  const { env, registry, user } = lister;
  let current: KubeObject | undefined = quota;
  for (let attempt = 0; current && attempt < MAX_ATTEMPTS; attempt++) {
    const ns = current.metadata.namespace as string;
    const hardNames = [...fromWire(current.spec?.hard).keys()];
    const evaluators = evaluatorsFor(hardNames, (g, r) => entryOf(registry, g, r) !== undefined);
    const listed = new Map<Evaluator, KubeObject[]>();
    for (const ev of evaluators) listed.set(ev, await lister.objects(ev, ns));
    const status = quotaStatus(current, calculateUsage(current, evaluators, (ev) => listed.get(ev) ?? [], now));
    if (!statusChanged(current, status)) return current;
    if (dryRun) return { ...current, status };
    const res = await writeQuotaStatus(env, registry, user, current, status);
    if (res.ok) return res.quota;
    if (res.reason === "gone") return undefined;
    current = await readQuota(env, registry, ns, current.metadata.name);
    lister.forget();
  }
  return current;
}

/** Whether a change to a counted object can lower usage (the controller's replenishment update filter). */
function replenishes(ev: Evaluator, change: WrittenChange, now: Date): boolean {
  if (change.type === "DELETED") return true;
  if (change.type !== "MODIFIED") return false;
  if (ev.resource === "pods" && ev.group === "") return !podCharged(change.object, now);
  // The old object is not at hand: a service's type or a claim's allocated size may have changed.
  if (ev.group === "" && (ev.resource === "services" || ev.resource === "persistentvolumeclaims")) return true;
  return false;
}

/** The event-driven half of the controller, called after a stored change of `group/resource`. */
export async function syncAfterChange(
  lister: QuotaLister,
  group: string,
  resource: string,
  change: WrittenChange,
  now: Date,
): Promise<void> {
  const ns = change.object.metadata?.namespace as string | undefined;
  if (!ns) return;
  if (group === "" && resource === "resourcequotas") {
    if (change.type !== "DELETED" && needsSync(change.object)) await syncQuota(lister, change.object, now);
    return;
  }
  const ev = evaluatorFor(group, resource);
  if (!ev || !replenishes(ev, change, now)) return;
  const quotas = (await allQuotas(lister.env, lister.registry)).filter(
    (q) => q.metadata?.namespace === ns && ev.matchingResources([...hardOf(q).keys()]).length > 0,
  );
  for (const q of quotas) await syncQuota(lister, structuredClone(q), now);
}

/** The periodic full resync: every quota in the cluster. One failing quota does not stop the others. */
export async function resyncAll(lister: QuotaLister, now: Date): Promise<void> {
  for (const q of await allQuotas(lister.env, lister.registry)) {
    try {
      await syncQuota(lister, structuredClone(q), now);
    } catch (e) {
      console.error(`quota resync of ${q.metadata?.namespace}/${q.metadata?.name} failed`, e);
    }
  }
}
