/**
 * spec.podFailurePolicy evaluated against a failed pod (pkg/controller/job pod_failure_policy.go
 * matchPodFailurePolicy): the first rule that matches a terminated container's non-zero exit code or a pod
 * condition decides — FailJob (with upstream's message), FailIndex, Ignore (not counted towards the backoff
 * limits) or Count. No rule matching counts the failure.
 */
import type { KubeObject } from "../../../schema/types";
import type { Pod } from "./pod-state";

export type PodFailureAction = "FailJob" | "FailIndex" | "Ignore" | "Count";

export interface PodFailureMatch {
  /** The Job's failure message when a FailJob rule matched. */
  failJobMessage?: string;
  /** Whether the failure counts towards backoffLimit / backoffLimitPerIndex (false for Ignore). */
  countFailed: boolean;
  action?: PodFailureAction;
}

function exitCodeMatches(exitCode: number, req: KubeObject): boolean {
  const values: number[] = req.values ?? [];
  if (req.operator === "In") return values.includes(exitCode);
  if (req.operator === "NotIn") return !values.includes(exitCode);
  return false;
}

/** getMatchingContainerFromList: the first terminated container (non-zero exit) that the requirement matches. */
function matchingContainer(statuses: KubeObject[], req: KubeObject): KubeObject | undefined {
  return statuses.find((s) => {
    const terminated = s.state?.terminated;
    if (!terminated) return false;
    if (req.containerName != null && req.containerName !== s.name) return false;
    return terminated.exitCode !== 0 && exitCodeMatches(terminated.exitCode ?? 0, req);
  });
}

function matchingCondition(pod: Pod, patterns: KubeObject[]): KubeObject | undefined {
  for (const c of pod.status?.conditions ?? []) {
    if (patterns.some((p) => c.type === p.type && c.status === (p.status ?? "True"))) return c;
  }
  return undefined;
}

export function matchPodFailurePolicy(policy: KubeObject | null | undefined, pod: Pod): PodFailureMatch {
  if (policy == null) return { countFailed: true };
  const where = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  const rules: KubeObject[] = policy.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    let failJobMessage: string | undefined;
    if (rule.onExitCodes != null) {
      const c =
        matchingContainer(pod.status?.containerStatuses ?? [], rule.onExitCodes) ?? matchingContainer(pod.status?.initContainerStatuses ?? [], rule.onExitCodes);
      if (!c) continue;
      failJobMessage = `Container ${c.name} for pod ${where} failed with exit code ${c.state.terminated.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions != null) {
      const c = matchingCondition(pod, rule.onPodConditions);
      if (!c) continue;
      failJobMessage = `Pod ${where} has condition ${c.type} matching ${rule.action} rule at index ${index}`;
    } else {
      continue;
    }
    switch (rule.action) {
      case "Ignore":
        return { countFailed: false, action: "Ignore" };
      case "FailIndex":
        return { countFailed: true, action: "FailIndex" };
      case "Count":
        return { countFailed: true, action: "Count" };
      case "FailJob":
        return { failJobMessage, countFailed: true, action: "FailJob" };
    }
    // An unknown action falls through to the next rule, as upstream's switch does.
  }
  return { countFailed: true };
}
