/**
 * The quota decision for one request (k8s.io/apiserver/pkg/admission/plugin/resourcequota CheckRequest):
 * which quotas cover the object, whether its usage (or, on update, its growth) fits every one of them, and
 * the usage each covering quota would record. Pure: the plugin reads the quotas and writes the results.
 */
import type { KubeObject } from "../../../schema/types";
import { hardOf, quotaMatches, type Evaluator, type QuotaRequest } from "./evaluator";
import {
  add,
  equals,
  fromWire,
  lessThanOrEqual,
  mask,
  negativeNames,
  prettyPrint,
  prettyPrintNames,
  removeZeros,
  subtractNonNegative,
  type ResourceList,
} from "./resource-list";

export type CheckResult =
  /** `used`: the new status.used of each quota (by index in the input) whose usage changes. */
  | { ok: true; used: Map<number, ResourceList> }
  /** The reason to refuse, to follow `<resource> "<name>" is forbidden: `. */
  | { ok: false; message: string };

/** hasUsageStats: every hard limit among `resources` has a recorded usage. */
function hasUsageStats(quota: KubeObject, resources: string[]): boolean {
  const used = fromWire(quota.status?.used);
  return [...hardOf(quota).keys()].every((r) => !resources.includes(r) || used.has(r));
}

export function checkRequest(quotas: KubeObject[], a: QuotaRequest, ev: Evaluator, now: Date): CheckResult {
  const unchanged: CheckResult = { ok: true, used: new Map() };
  if (!ev.handles(a) || !a.object) return unchanged;
  const obj = a.object;
  const interesting: number[] = [];
  for (const [i, quota] of quotas.entries()) {
    if (!quotaMatches(ev, quota, obj)) continue;
    const restricted = ev.matchingResources([...hardOf(quota).keys()]);
    const err = ev.constraints(restricted, obj);
    if (err) return { ok: false, message: `failed quota: ${quota.metadata.name}: ${err}` };
    if (!hasUsageStats(quota, restricted)) {
      return { ok: false, message: `status unknown for quota: ${quota.metadata.name}, resources: ${prettyPrintNames(restricted)}` };
    }
    interesting.push(i);
  }
  if (!interesting.length) return unchanged;

  const input = ev.usage(obj, now);
  const negative = negativeNames(input);
  if (negative.length) return { ok: false, message: `quota usage is negative for resource(s): ${prettyPrintNames(negative)}` };

  const delta = new Map<number, ResourceList>(interesting.map((i) => [i, input]));
  // An update is charged its growth against each quota that already covered the old object.
  const old = a.oldObject;
  if (a.operation === "UPDATE" && old?.metadata?.resourceVersion) {
    const growth = subtractNonNegative(input, ev.usage(old, now));
    for (const i of interesting) if (quotaMatches(ev, quotas[i], old)) delta.set(i, growth);
  }

  const used = new Map<number, ResourceList>();
  for (const i of interesting) {
    const change = removeZeros(delta.get(i)!);
    if (!change.size) continue;
    const quota = quotas[i];
    const hard = hardOf(quota);
    const current = fromWire(quota.status?.used);
    const requested = mask(change, hard.keys());
    const next = add(current, requested);
    const check = lessThanOrEqual(mask(next, requested.keys()), hard);
    if (!check.ok) {
      return {
        ok: false,
        message:
          `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(mask(requested, check.exceeded))}, ` +
          `used: ${prettyPrint(mask(current, check.exceeded))}, limited: ${prettyPrint(mask(hard, check.exceeded))}`,
      };
    }
    if (!equals(next, current)) used.set(i, next);
  }
  return { ok: true, used };
}
