import { describe, expect, it } from "vitest";
import {
  fitErrorMessage,
  NO_PREEMPTION_VICTIMS,
  NOT_ELIGIBLE_PREEMPTION_POLICY_NEVER,
  preemptionFailureMessage,
  preemptionIneligibleMessage,
  type FitErrorInput,
} from "../../../../worker/scheduler/filters";

const TAINT = "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }";

// Upstream TestFitError_Error (framework/types_test.go) and messages as kubectl describe shows them.
describe("FitError.Error", () => {
  it.each<[string, FitErrorInput, string]>([
    [
      "counts reasons and sorts the histogram",
      { numAllNodes: 3, nodeReasons: [[TAINT], ["Insufficient cpu"], ["Insufficient cpu"]] },
      `0/3 nodes are available: 1 ${TAINT}, 2 Insufficient cpu.`,
    ],
    [
      "several reasons from one node each count",
      { numAllNodes: 2, nodeReasons: [["Insufficient cpu", "Insufficient memory"], ["Insufficient memory"]] },
      "0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.",
    ],
    [
      "plain string sort: 10 before 2",
      { numAllNodes: 12, nodeReasons: [...Array(10).fill(["Insufficient cpu"]), ...Array(2).fill(["Too many pods"])] },
      "0/12 nodes are available: 10 Insufficient cpu, 2 Too many pods.",
    ],
    ["no nodes at all", { numAllNodes: 0, nodeReasons: [] }, "0/0 nodes are available:"],
    [
      "PreFilter message replaces the per-node reasons",
      { numAllNodes: 3, nodeReasons: [["x"], ["x"], ["x"]], preFilterMsg: 'persistentvolumeclaim "data" not found' },
      '0/3 nodes are available: persistentvolumeclaim "data" not found.',
    ],
    [
      "absent nodes count with the absent-nodes reasons",
      { numAllNodes: 3, nodeReasons: [["Insufficient cpu"]], absentNodesReasons: ["node(s) didn't match the requested node name"] },
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match the requested node name.",
    ],
    [
      "PostFilter message appended as is",
      { numAllNodes: 1, nodeReasons: [["Insufficient cpu"]], postFilterMsg: "preemption: not eligible due to preemptionPolicy=Never." },
      "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.",
    ],
  ])("%s", (_name, input, want) => {
    expect(fitErrorMessage(input)).toBe(want);
  });
});

describe("FailedScheduling with preemption", () => {
  it("taints and cpu, preemption helps nowhere", () => {
    const postFilterMsg = preemptionFailureMessage(3, [[NO_PREEMPTION_VICTIMS], [NO_PREEMPTION_VICTIMS]]);
    expect(
      fitErrorMessage({ numAllNodes: 3, nodeReasons: [[TAINT], ["Insufficient cpu"], ["Insufficient cpu"]], postFilterMsg }),
    ).toBe(
      `0/3 nodes are available: 1 ${TAINT}, 2 Insufficient cpu. ` +
        "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, " +
        "2 No preemption victims found for incoming pod..",
    );
  });

  it("every node unresolvable", () => {
    expect(
      fitErrorMessage({
        numAllNodes: 1,
        nodeReasons: [["node(s) had untolerated taint {node.kubernetes.io/not-ready: }"]],
        postFilterMsg: preemptionFailureMessage(1, []),
      }),
    ).toBe(
      "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. " +
        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
  });

  it("pod that may not preempt", () => {
    expect(preemptionIneligibleMessage(NOT_ELIGIBLE_PREEMPTION_POLICY_NEVER)).toBe(
      "preemption: not eligible due to preemptionPolicy=Never.",
    );
  });
});
