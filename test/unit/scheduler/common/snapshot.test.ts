import { describe, expect, it } from "vitest";
import { clusterSnapshot } from "../../../../worker/scheduler/common";
import { node, pod } from "../cluster-helpers";

describe("clusterSnapshot", () => {
  it("groups non-terminal bound pods under their node, in node order, and keeps namespace labels", () => {
    const pods = [
      pod("a1", { node: "a" }),
      pod("b1", { node: "b" }),
      pod("done", { node: "a", spec: {} }),
      pod("pending"),
      pod("ghost", { node: "gone" }),
    ];
    pods[2] = { ...pods[2], status: { phase: "Succeeded" } };
    const failed = { ...pod("failed", { node: "b" }), status: { phase: "Failed" } };
    const running = { ...pod("running", { node: "b" }), status: { phase: "Running" } };
    const s = clusterSnapshot([node("b"), node("a")], [...pods, failed, running], [{ metadata: { name: "ns", labels: { team: "x" } } }, { metadata: { name: "bare" } }]);
    expect(s.nodes.map((n) => [n.node.metadata.name, n.pods.map((p) => p.metadata.name)])).toEqual([
      ["b", ["b1", "running"]],
      ["a", ["a1"]],
    ]);
    expect(Object.fromEntries(s.namespaces)).toEqual({ ns: { team: "x" }, bare: {} });
    expect(s.workloads).toBeUndefined();
  });
});
