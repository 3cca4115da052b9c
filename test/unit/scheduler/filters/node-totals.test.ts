/**
 * NodeInfo.Requested / NonZeroRequested kept per pod list (nodeTotals): the same sums a fresh count gives,
 * after pods are appended (AssumePod) and after the list is replaced or shrinks (victims removed).
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { nodeTotals, nodeRequested } from "../../../../worker/scheduler/filters/resource";
import { nodeRequestedAmount } from "../../../../worker/scheduler/scores/node-resources";

const pod = (name: string, requests?: Record<string, string>): KubeObject => ({
  metadata: { name, uid: name },
  spec: { containers: [{ name: "c", image: "x", ...(requests ? { resources: { requests } } : {}) }] },
});

/** What the totals must equal: every pod's requests summed afresh. */
function fresh(pods: KubeObject[]) {
  const fromScratch = nodeTotals([...pods]);
  return {
    cpu: fromScratch.requested.milliCPU,
    memory: fromScratch.requested.memory,
    gpu: fromScratch.requested.scalar.get("example.com/gpu") ?? 0n,
    nonZeroCpu: fromScratch.nonZeroMilliCPU,
    nonZeroMemory: fromScratch.nonZeroMemory,
  };
}

function kept(pods: KubeObject[]) {
  const t = nodeTotals(pods);
  return { cpu: t.requested.milliCPU, memory: t.requested.memory, gpu: t.requested.scalar.get("example.com/gpu") ?? 0n, nonZeroCpu: t.nonZeroMilliCPU, nonZeroMemory: t.nonZeroMemory };
}

describe("nodeTotals", () => {
  it("sums requests, and the 100m / 200Mi defaults for NonZeroRequested", () => {
    const pods = [pod("a", { cpu: "250m", memory: "1Gi" }), pod("b"), pod("c", { "example.com/gpu": "2", cpu: "0" })];
    expect(kept(pods)).toEqual({ cpu: 250n, memory: 1024n ** 3n, gpu: 2n, nonZeroCpu: 350n, nonZeroMemory: 1024n ** 3n + 2n * 200n * 1024n ** 2n });
  });

  it("adds pods appended to a list it has seen", () => {
    const pods = [pod("a", { cpu: "1" })];
    expect(kept(pods).cpu).toBe(1000n);
    pods.push(pod("b", { cpu: "500m", memory: "1Mi" }));
    expect(kept(pods)).toEqual(fresh(pods));
    pods.push(pod("c", { "example.com/gpu": "1" }));
    expect(kept(pods)).toEqual(fresh(pods));
    expect(nodeRequested(pods).milliCPU).toBe(1500n);
  });

  it("counts afresh a list that shrank, and a replacing list on its own", () => {
    const pods = [pod("a", { cpu: "1" }), pod("b", { cpu: "2" })];
    expect(kept(pods).cpu).toBe(3000n);
    pods.pop();
    expect(kept(pods).cpu).toBe(1000n);
    const replaced = pods.filter(() => false);
    expect(kept(replaced).cpu).toBe(0n);
    expect(kept(pods).cpu).toBe(1000n);
  });

  it("answers the score plugins' per-resource reads", () => {
    const info = { node: { metadata: { name: "n" } }, pods: [pod("a", { cpu: "100m", "ephemeral-storage": "1k" }), pod("b")] };
    expect(nodeRequestedAmount(info, "cpu", false)).toBe(100n);
    expect(nodeRequestedAmount(info, "cpu", true)).toBe(200n);
    expect(nodeRequestedAmount(info, "memory", false)).toBe(0n);
    expect(nodeRequestedAmount(info, "memory", true)).toBe(400n * 1024n ** 2n);
    expect(nodeRequestedAmount(info, "ephemeral-storage", true)).toBe(1000n);
    expect(nodeRequestedAmount(info, "example.com/gpu", false)).toBe(0n);
  });
});
