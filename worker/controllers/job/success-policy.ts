/**
 * spec.successPolicy of an Indexed Job (pkg/controller/job success_policy.go matchSuccessPolicy): the first rule
 * whose succeededIndexes all succeeded (or at least succeededCount of them), or with only succeededCount, whose
 * count of succeeded indexes is reached, declares the Job successful: "Matched rules at index <i>".
 */
import type { KubeObject } from "../../../schema/types";
import { parseIntervals, totalIndexes, type Intervals } from "./indexes";

/** How many indexes of `rule` are in `succeeded` (both ordered interval lists). */
function overlapCount(rule: Intervals, succeeded: Intervals): number {
  let n = 0;
  for (const r of rule) for (const s of succeeded) n += Math.max(0, Math.min(r.last, s.last) - Math.max(r.first, s.first) + 1);
  return n;
}

export function matchSuccessPolicy(policy: KubeObject | null | undefined, completions: number, succeeded: Intervals): string | undefined {
  if (policy == null || succeeded.length === 0) return undefined;
  const rules: KubeObject[] = policy.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    const count: number | undefined = rule.succeededCount ?? undefined;
    if (rule.succeededIndexes != null) {
      const required = parseIntervals(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      const contains = overlapCount(required, succeeded);
      if (contains === totalIndexes(required) || (count !== undefined && contains >= count)) return `Matched rules at index ${index}`;
    } else if (count !== undefined && totalIndexes(succeeded) >= count) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
