/**
 * What the resourcequota controller computes (pkg/controller/resourcequota syncResourceQuota and
 * quota.CalculateUsage): status.hard = spec.hard, status.used = the usage of every object in the namespace
 * that the quota's scopes select, for the resources the quota limits. Pure over objects already listed.
 */
import type { KubeObject } from "../../../schema/types";
import { parseObjectCountName, quotaScopes, type Evaluator } from "./evaluator";
import { evaluatorFor, isIgnoredResource } from "./evaluators";
import { ZERO } from "./quantity";
import { add, equals, fromWire, mask, toWire, type ResourceList } from "./resource-list";

export interface QuotaStatus {
  hard: Record<string, string>;
  used: Record<string, string>;
}

/** The core evaluators, always registered (pkg/quota/v1/evaluator/core NewEvaluators). */
const CORE: [string, string][] = [
  ["", "pods"],
  ["", "services"],
  ["", "persistentvolumeclaims"],
  ["", "configmaps"],
  ["", "resourcequotas"],
  ["", "replicationcontrollers"],
  ["", "secrets"],
];

/**
 * The evaluators a quota's limits need: the core ones that measure one of them, and an object counter for
 * each other `count/<resource>.<group>` whose resource `known` confirms (the controller's quota monitors).
 */
export function evaluatorsFor(hardNames: string[], known: (group: string, resource: string) => boolean): Evaluator[] {
  const out: Evaluator[] = [];
  const seen = new Set<string>();
  const consider = (group: string, resource: string) => {
    const key = `${group}/${resource}`;
    if (seen.has(key) || isIgnoredResource(group, resource) || !known(group, resource)) return;
    seen.add(key);
    const ev = evaluatorFor(group, resource);
    if (ev && ev.matchingResources(hardNames).length) out.push(ev);
  };
  for (const [g, r] of CORE) consider(g, r);
  for (const n of hardNames) {
    const gr = parseObjectCountName(n);
    if (gr) consider(gr.group, gr.resource);
  }
  return out;
}

/** generic.CalculateUsageStats summed over evaluators: zero for each tracked resource, plus each selected object. */
export function calculateUsage(
  quota: KubeObject,
  evaluators: Evaluator[],
  objectsOf: (ev: Evaluator) => KubeObject[],
  now: Date,
): ResourceList {
  const hardNames = [...fromWire(quota.spec?.hard).keys()];
  const scopes = quotaScopes(quota);
  let usage: ResourceList = new Map();
  for (const ev of evaluators) {
    const tracked = ev.matchingResources(hardNames);
    if (!tracked.length) continue;
    let stats: ResourceList = new Map(tracked.map((r) => [r, ZERO]));
    for (const obj of objectsOf(ev)) {
      if (scopes.every((s) => ev.matchesScope(s, obj))) stats = add(stats, ev.usage(obj, now));
    }
    usage = add(usage, mask(stats, tracked));
  }
  return usage;
}

/** The status the controller writes: hard from spec; used recalculated, earlier observations kept for the rest. */
export function quotaStatus(quota: KubeObject, usage: ResourceList): QuotaStatus {
  const hard = fromWire(quota.spec?.hard);
  const used = new Map(fromWire(quota.status?.used));
  for (const [k, v] of usage) used.set(k, v);
  return { hard: toWire(hard), used: toWire(mask(used, hard.keys())) };
}

/** Whether `status` differs from what the quota holds (the controller writes only then). */
export function statusChanged(quota: KubeObject, status: QuotaStatus): boolean {
  if (!quota.status?.hard || !quota.status?.used) return true;
  return !equals(fromWire(quota.status.hard), fromWire(status.hard)) || !equals(fromWire(quota.status.used), fromWire(status.used));
}

/** A quota whose status does not yet reflect its spec (new, or its limits changed since the last sync). */
export function needsSync(quota: KubeObject): boolean {
  if (!quota.status?.hard || !quota.status?.used) return true;
  return !equals(fromWire(quota.spec?.hard), fromWire(quota.status.hard));
}
