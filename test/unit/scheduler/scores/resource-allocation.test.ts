import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  balancedAllocationScore,
  DEFAULT_RESOURCE_SPECS,
  leastAllocatedScore,
  nodeRequestedAmount,
  podRequestList,
  podRequests,
  resourceAmount,
  type NodeInfo,
  type ResourceSpec,
} from "../../../../worker/scheduler/scores";
import type { KubeObject } from "../../../../schema/types";
import { info, makeNode, makePod, withSpec } from "./helpers";

const least = (pod: KubeObject, nodes: NodeInfo[], resources?: ResourceSpec[]) =>
  nodes.map((n) => leastAllocatedScore(podRequestList(pod, resources ?? [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }], false), n, resources));
const balanced = (pod: KubeObject, nodes: NodeInfo[], resources?: ResourceSpec[]) =>
  nodes.map((n) => balancedAllocationScore(podRequestList(pod, resources ?? [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }], true), n, resources));

const node = (name: string, cpu: string, memory: string, extra: Record<string, string> = {}) =>
  makeNode(name, { cpu, memory, ...extra });

// Mirrors noderesources/least_allocated_test.go TestLeastAllocatedScoringStrategy (cpu in whole cores there too).
describe("NodeResourcesFit LeastAllocated", () => {
  const twoContainers = makePod({ cpu: "1000", memory: "2000" }, { cpu: "2000", memory: "3000" });
  it.each<[string, KubeObject, NodeInfo[], number[], ResourceSpec[]?]>([
    // (100 + 100) / 2 on both nodes.
    ["nothing scheduled, nothing requested", makePod(), [info(node("n1", "4000", "10000")), info(node("n2", "4000", "10000"))], [100, 100]],
    // n1: cpu (4000-3000)*100/4000 = 25, mem 50 → 37; n2: cpu 50, mem 50 → 50.
    ["nothing scheduled, resources requested, differently sized nodes", twoContainers, [info(node("n1", "4000", "10000")), info(node("n2", "6000", "10000"))], [37, 50]],
    // Container-less pods carry no requests, so no non-zero defaults apply.
    ["no resources requested, pods scheduled", makePod(), [info(node("n1", "4000", "10000"), makePod(), makePod()), info(node("n2", "4000", "10000"), makePod(), makePod())], [100, 100]],
    // n1: cpu 40, mem 100 → 70; n2: cpu 40, mem 75 → 57. An explicit memory "0" stays 0.
    [
      "no resources requested, pods scheduled with resources",
      makePod(),
      [
        info(node("n1", "10000", "20000"), makePod({ cpu: "3000", memory: "0" }), makePod({ cpu: "3000", memory: "0" })),
        info(node("n2", "10000", "20000"), makePod({ cpu: "3000", memory: "0" }), makePod({ cpu: "3000", memory: "5000" })),
      ],
      [70, 57],
    ],
    // n1: cpu 40, mem 75 → 57; n2: cpu 40, mem 50 → 45.
    [
      "resources requested, pods scheduled with resources",
      twoContainers,
      [info(node("n1", "10000", "20000"), makePod({ cpu: "3000", memory: "0" })), info(node("n2", "10000", "20000"), makePod({ cpu: "3000", memory: "5000" }))],
      [57, 45],
    ],
    // n2: mem (50000-10000)*100/50000 = 80 → (40+80)/2 = 60.
    [
      "resources requested, pods scheduled with resources, differently sized nodes",
      twoContainers,
      [info(node("n1", "10000", "20000"), makePod({ cpu: "3000", memory: "0" })), info(node("n2", "10000", "50000"), makePod({ cpu: "3000", memory: "5000" }))],
      [57, 60],
    ],
    // cpu 6000 > 4000 → 0; n1 mem 100 → 50, n2 mem 50 → 25.
    [
      "requested resources exceed node capacity",
      makePod({ cpu: "3000", memory: "0" }),
      [info(node("n1", "4000", "10000"), makePod({ cpu: "3000", memory: "0" })), info(node("n2", "4000", "10000"), makePod({ cpu: "3000", memory: "5000" }))],
      [50, 25],
    ],
    ["zero node resources, pods scheduled with resources", makePod(), [info(makeNode("n1"), makePod({ cpu: "3000", memory: "0" })), info(makeNode("n2"), makePod({ cpu: "3000", memory: "5000" }))], [0, 0]],
    // (25*1 + 50*2) / 3 = 41; (50 + 100) / 3 = 50.
    [
      "different weight on CPU and memory, differently sized nodes",
      twoContainers,
      [info(node("n1", "4000", "10000")), info(node("n2", "6000", "10000"))],
      [41, 50],
      [{ name: "memory", weight: 2 }, { name: "cpu", weight: 1 }],
    ],
    // The extended resource is bypassed when the pod does not request it: (50 + 50) / 2 on both.
    [
      "bypass extended resource if the pod does not request",
      twoContainers,
      [info(node("n1", "6000", "10000")), info(node("n2", "6000", "10000", { "random/resource": "4" }))],
      [50, 50],
      [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }, { name: "random/resource", weight: 1 }],
    ],
    // Honoured when requested: n1 does not offer it (skipped) → 50; n2 (10-2)*100/10 = 80 → (50+50+80)/3 = 60.
    [
      "honor extended resource if the pod requests",
      makePod({ cpu: "1000", memory: "2000", "random/resource": "2" }, { cpu: "2000", memory: "3000" }),
      [info(node("n1", "6000", "10000")), info(node("n2", "6000", "10000", { "random/resource": "10" }))],
      [50, 60],
      [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }, { name: "random/resource", weight: 1 }],
    ],
  ])("%s", (_name, pod, nodes, want, resources) => {
    expect(least(pod, nodes, resources)).toEqual(want);
  });

  it("counts 100m / 200Mi for containers without requests, on the node and in the pod", () => {
    // Node 1 core, 1000Mi. Existing pod: one container without requests → 100m, 200Mi. Incoming likewise.
    // cpu (1000-200)*100/1000 = 80; memory (1000-400)*100/1000 = 60 → 70.
    const n = info(node("n1", "1", "1000Mi"), makePod({}));
    expect(least(makePod({}), [n])).toEqual([70]);
    // Only the missing resource is defaulted: cpu 500m explicit (100m + 500m → 40), memory defaulted (60) → 50.
    expect(least(makePod({ cpu: "500m" }), [n])).toEqual([50]);
  });
});

// Mirrors noderesources/balanced_allocation_test.go TestNodeResourcesBalancedAllocation (cpu in millicores).
describe("NodeResourcesBalancedAllocation", () => {
  const cpuAndMemory = makePod({ cpu: "1000m", memory: "2000" }, { cpu: "2000m", memory: "3000" });
  const cpuOnly = makePod({ cpu: "1000m", memory: "0" }, { cpu: "2000m", memory: "0" });
  const cpuAndMemoryAndGPU = makePod({ cpu: "1000m", memory: "2000" }, { cpu: "2000m", memory: "3000", "nvidia.com/gpu": "3" });
  const gpu8 = { "nvidia.com/gpu": "8" };
  const withGPU: ResourceSpec[] = [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }, { name: "nvidia.com/gpu", weight: 1 }];
  it.each<[string, KubeObject, NodeInfo[], number[], ResourceSpec[]?]>([
    // 1.32 has no best-effort skip (kubernetes#130260 is 1.33): fractions 0 and 0 → std 0 → 100.
    ["nothing scheduled, nothing requested", makePod(), [info(node("n1", "4000m", "10000")), info(node("n2", "4000m", "10000"))], [100, 100]],
    // n1: 0.75 vs 0.5 → std 0.125 → 87; n2: 0.5 vs 0.5 → 100.
    ["nothing scheduled, resources requested, differently sized nodes", cpuAndMemory, [info(node("n1", "4000m", "10000")), info(node("n2", "6000m", "10000"))], [87, 100]],
    // n1: 0.6 vs 0.25 → 82; n2: 0.6 vs 0.5 → 95.
    ["resources requested, pods scheduled with resources", cpuAndMemory, [info(node("n1", "10000m", "20000"), cpuOnly), info(node("n2", "10000m", "20000"), cpuAndMemory)], [82, 95]],
    // n2: 0.6 vs 0.2 → 80.
    ["resources requested, pods scheduled with resources, differently sized nodes", cpuAndMemory, [info(node("n1", "10000m", "20000"), cpuOnly), info(node("n2", "10000m", "50000"), cpuAndMemory)], [82, 80]],
    // n1: 1 vs 0 → 50; n2: 1 vs 0.5 → 75.
    ["requested resources at node capacity", cpuOnly, [info(node("n1", "6000m", "10000"), cpuOnly), info(node("n2", "6000m", "10000"), cpuAndMemory)], [50, 75]],
    // n1 fractions 3000/3500, 5000/40000, (3+1)/8 → std 0.2989 → 70; n2 0.8571, 0.125, 1/8 → std 0.3452 → 65.
    [
      "include scalar resource on a node for balanced resource allocation",
      makePod({ memory: "0", "nvidia.com/gpu": "1" }),
      [info(node("n1", "3500m", "40000", gpu8), cpuAndMemoryAndGPU), info(node("n2", "3500m", "40000", gpu8), cpuAndMemory)],
      [70, 65],
      withGPU,
    ],
    // The pod requests no GPU: the scalar resource is skipped on both → (0.8571 - 0.125) / 2 → 63.
    ["node without the scalar resource should skip the scalar resource", cpuAndMemory, [info(node("n1", "3500m", "40000", gpu8)), info(node("n2", "3500m", "40000"))], [63, 63], withGPU],
  ])("%s", (_name, pod, nodes, want, resources) => {
    expect(balanced(pod, nodes, resources)).toEqual(want);
  });

  it("uses requests as written: no 100m / 200Mi defaults", () => {
    // Existing pod requests nothing; incoming 500m cpu only → fractions 0.5 and 0 → std 0.25 → 75.
    expect(balanced(makePod({ cpu: "500m" }), [info(node("n1", "1", "1Gi"), makePod({}))])).toEqual([75]);
  });
});

describe("pod requests (resourcehelper.PodRequests)", () => {
  const amount = (pod: KubeObject, name: string, nonMissing = false) => resourceAmount(podRequests(pod, nonMissing), name);
  it.each<[string, KubeObject, string, bigint]>([
    ["containers sum", makePod({ cpu: "100m" }, { cpu: "250m" }), "cpu", 350n],
    // max(sum(containers)=300m, init 500m) = 500m.
    ["init container raises the floor", withSpec(makePod({ cpu: "100m" }, { cpu: "200m" }), { initContainers: [{ name: "i", resources: { requests: { cpu: "500m" } } }] }), "cpu", 500n],
    // Sidecar 200m adds to the containers (300m → 500m); the later init container runs beside it: 400m + 200m = 600m.
    [
      "sidecars add to containers and to later init containers",
      withSpec(makePod({ cpu: "300m" }), {
        initContainers: [
          { name: "s", restartPolicy: "Always", resources: { requests: { cpu: "200m" } } },
          { name: "i", resources: { requests: { cpu: "400m" } } },
        ],
      }),
      "cpu",
      600n,
    ],
    ["overhead is added", withSpec(makePod({ memory: "1Gi" }), { overhead: { memory: "100Mi" } }), "memory", 1178599424n],
    // Summed exactly, converted once: 3 × 0.5m = 1.5m → MilliValue rounds up to 2.
    ["sum then round up", makePod({ cpu: "500u" }, { cpu: "500u" }, { cpu: "500u" }), "cpu", 2n],
  ])("%s", (_name, pod, resource, want) => {
    expect(amount(pod, resource)).toBe(want);
  });

  it("non-zero defaults apply per container and only to missing keys", () => {
    const pod = makePod({}, { cpu: "0" }, { memory: "1Mi" });
    expect(amount(pod, "cpu", true)).toBe(200n);
    expect(amount(pod, "memory", true)).toBe(2n * 200n * 1024n * 1024n + 1024n * 1024n);
    expect(nodeRequestedAmount(info(makeNode("n"), pod, pod), "cpu", true)).toBe(400n);
    expect(nodeRequestedAmount(info(makeNode("n"), pod, pod), "cpu", false)).toBe(0n);
  });
});

// The default cpu/memory specs take a number path (exact below 2^40 capacity, bigint above): it must agree with
// the generic bigint path, which any other spec list (here an equal copy) takes.
describe("the default resources' number path", () => {
  const amount = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 20n }), fc.bigInt({ min: 0n, max: 2n ** 42n }), fc.constant(0n));
  const requests = fc.record({ cpu: amount, memory: amount }, { requiredKeys: [] });
  const asStrings = (r: { cpu?: bigint; memory?: bigint }) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === "cpu" ? `${v}m` : String(v)]));
  it("scores as the generic path does", () => {
    fc.assert(
      fc.property(requests, fc.array(requests, { maxLength: 6 }), requests, (allocatable, placed, incoming) => {
        const n = info(makeNode("n", asStrings(allocatable)), ...placed.map((r) => makePod(asStrings(r))));
        const pod = makePod(asStrings(incoming));
        const generic = [...DEFAULT_RESOURCE_SPECS];
        expect(leastAllocatedScore(podRequestList(pod, DEFAULT_RESOURCE_SPECS, false), n)).toBe(
          leastAllocatedScore(podRequestList(pod, generic, false), n, generic),
        );
        expect(balancedAllocationScore(podRequestList(pod, DEFAULT_RESOURCE_SPECS, true), n)).toBe(
          balancedAllocationScore(podRequestList(pod, generic, true), n, generic),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
