/**
 * The clusterrole-aggregation controller's decision (pkg/controller/clusterroleaggregation syncClusterRole):
 * the rules of an aggregated ClusterRole are the union of the rules of every other ClusterRole matching
 * any of its `clusterRoleSelectors` — selectors in order, matching roles sorted by name, semantically equal
 * rules kept once.
 */
import type { KubeObject } from "../../../schema/types";
import { labelSelectorFromObject, matchLabels, type LabelSelectorObject } from "../../selectors";
import { normalizeRule, sameRule, sameRules, type PolicyRule } from "./rule";

/**
 * The rules `role` aggregates from `clusterRoles` (which may include `role` itself, skipped), or undefined
 * when `role` has no aggregationRule or a selector does not parse (upstream: sync error, nothing written).
 */
export function aggregatedRules(role: KubeObject, clusterRoles: readonly KubeObject[]): PolicyRule[] | undefined {
  const selectors: LabelSelectorObject[] | undefined = role.aggregationRule?.clusterRoleSelectors;
  if (!role.aggregationRule) return undefined;
  const byName = [...clusterRoles].sort((a, b) => compareNames(a.metadata?.name, b.metadata?.name));
  const rules: PolicyRule[] = [];
  for (const selector of selectors ?? []) {
    const parsed = labelSelectorFromObject(selector);
    if (!parsed.ok) return undefined;
    for (const other of byName) {
      if (other.metadata?.name === role.metadata?.name) continue;
      if (!matchLabels(parsed.requirements, other.metadata?.labels ?? {})) continue;
      for (const r of other.rules ?? []) if (!rules.some((have) => sameRule(have, r))) rules.push(normalizeRule(r));
    }
  }
  return rules;
}

/**
 * The aggregated ClusterRoles whose rules must change, with their new rules: aggregation repeated until
 * nothing moves (an aggregated role may feed another: view → edit → admin), as the controller converges
 * over successive syncs. Cycles keep whatever rules they start with, as upstream's do.
 */
export function aggregationChanges(clusterRoles: readonly KubeObject[], maxPasses = 10): Map<string, PolicyRule[]> {
  const working = clusterRoles.map((r) => ({ ...r }));
  const aggregated = working.filter((r) => r.aggregationRule).sort((a, b) => compareNames(a.metadata?.name, b.metadata?.name));
  const changes = new Map<string, PolicyRule[]>();
  for (let pass = 0; pass < maxPasses; pass++) {
    let moved = false;
    for (const role of aggregated) {
      const rules = aggregatedRules(role, working);
      if (rules === undefined || sameRules(rules, role.rules)) continue;
      role.rules = rules;
      changes.set(role.metadata.name, rules);
      moved = true;
    }
    if (!moved) break;
  }
  for (const role of clusterRoles) {
    const next = changes.get(role.metadata?.name);
    if (next && sameRules(next, role.rules)) changes.delete(role.metadata.name);
  }
  return changes;
}

/** Go's string order (bytewise; names are ASCII). */
function compareNames(a: unknown, b: unknown): number {
  const x = String(a ?? "");
  const y = String(b ?? "");
  return x < y ? -1 : x > y ? 1 : 0;
}
