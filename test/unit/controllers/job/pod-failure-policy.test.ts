/** spec.podFailurePolicy rules against failed pods (pod_failure_policy_test.go cases). */
import { describe, expect, it } from "vitest";
import { matchPodFailurePolicy } from "../../../../worker/controllers/job/pod-failure-policy";
import { pod } from "./fixtures";

const onExit = (action: string, operator: string, values: number[], containerName?: string) => ({
  action,
  onExitCodes: { operator, values, ...(containerName ? { containerName } : {}) },
});
const onCondition = (action: string, type: string, status = "True") => ({ action, onPodConditions: [{ type, status }] });

const failed = (exitCode: number) => pod("a", { phase: "Failed", exitCode });
const disrupted = () => pod("a", { phase: "Failed", exitCode: 137, conditions: [{ type: "DisruptionTarget", status: "True" }] });

describe("matchPodFailurePolicy", () => {
  it.each([
    ["no policy counts", undefined, failed(1), { countFailed: true }],
    ["no rule matching counts", { rules: [onExit("FailJob", "In", [42])] }, failed(1), { countFailed: true }],
    [
      "FailJob on an exit code",
      { rules: [onExit("FailJob", "In", [42])] },
      failed(42),
      { countFailed: true, action: "FailJob", failJobMessage: "Container c for pod ns/pi-a failed with exit code 42 matching FailJob rule at index 0" },
    ],
    ["NotIn matches other codes", { rules: [onExit("Count", "NotIn", [1, 2])] }, failed(3), { countFailed: true, action: "Count" }],
    ["NotIn does not match listed codes", { rules: [onExit("Ignore", "NotIn", [3])] }, failed(3), { countFailed: true }],
    ["exit code 0 never matches", { rules: [onExit("Ignore", "NotIn", [1])] }, pod("a", { phase: "Failed", exitCode: 0 }), { countFailed: true }],
    ["a rule for another container does not match", { rules: [onExit("Ignore", "In", [1], "other")] }, failed(1), { countFailed: true }],
    ["Ignore on a pod condition", { rules: [onCondition("Ignore", "DisruptionTarget")] }, disrupted(), { countFailed: false, action: "Ignore" }],
    [
      "FailJob on a pod condition",
      { rules: [onCondition("FailJob", "DisruptionTarget")] },
      disrupted(),
      { countFailed: true, action: "FailJob", failJobMessage: "Pod ns/pi-a has condition DisruptionTarget matching FailJob rule at index 0" },
    ],
    [
      "the first matching rule wins",
      { rules: [onExit("Count", "In", [5]), onCondition("Ignore", "DisruptionTarget"), onExit("FailJob", "In", [137])] },
      disrupted(),
      { countFailed: false, action: "Ignore" },
    ],
    ["FailIndex", { rules: [onExit("FailIndex", "In", [1])] }, failed(1), { countFailed: true, action: "FailIndex" }],
  ])("%s", (_n, policy, p, want) => expect(matchPodFailurePolicy(policy, p)).toEqual(want));
});
