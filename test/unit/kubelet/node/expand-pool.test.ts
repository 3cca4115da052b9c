import { describe, expect, it } from "vitest";
import { expandNodePool, type NodeSpecConfig } from "../../../../worker/kubelet/node/expand-pool";
import { parseNodePool, type NodePoolConfig } from "../../../../worker/kubelet/node/pool-config";

const DEFAULTS = { cpu: "4", memory: "8Gi", pods: "110", "ephemeral-storage": "10Gi" };

function pool(doc: unknown): NodePoolConfig {
  const parsed = parseNodePool(JSON.stringify(doc));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.pool;
}

describe("expandNodePool", () => {
  it.each<[string, unknown, NodeSpecConfig[]]>([
    ["nothing", {}, []],
    ["a pool of zero", { pools: [{ name: "a", count: 0 }] }, []],
    [
      "a pool with the default prefix and defaults",
      { pools: [{ name: "edge", count: 2 }] },
      [
        { name: "edge-0", pool: "edge", ordinal: 0, capacity: DEFAULTS, labels: {}, taints: [] },
        { name: "edge-1", pool: "edge", ordinal: 1, capacity: DEFAULTS, labels: {}, taints: [] },
      ],
    ],
    [
      "a pool with everything; capacity overlays the defaults",
      {
        pools: [
          {
            name: "edge",
            count: 1,
            namePrefix: "edge-node-",
            capacity: { cpu: "8", "example.com/gpu": "1" },
            labels: { tier: "edge" },
            taints: [{ key: "k", effect: "NoExecute" }],
            region: "weur",
            zone: "weur-1",
            instanceType: "small",
          },
        ],
      },
      [
        {
          name: "edge-node-0",
          pool: "edge",
          ordinal: 0,
          capacity: { ...DEFAULTS, cpu: "8", "example.com/gpu": "1" },
          labels: { tier: "edge" },
          taints: [{ key: "k", effect: "NoExecute" }],
          region: "weur",
          zone: "weur-1",
          instanceType: "small",
        },
      ],
    ],
    [
      "pools first, then single nodes",
      { nodes: [{ name: "solo", zone: "z" }], pools: [{ name: "p", count: 1 }] },
      [
        { name: "p-0", pool: "p", ordinal: 0, capacity: DEFAULTS, labels: {}, taints: [] },
        { name: "solo", capacity: DEFAULTS, labels: {}, taints: [], zone: "z" },
      ],
    ],
  ])("%s", (_, doc, expected) => expect(expandNodePool(pool(doc))).toEqual(expected));

  it("5000 nodes of a pool", () => {
    const nodes = expandNodePool(pool({ pools: [{ name: "big", count: 5000 }] }));
    expect(nodes).toHaveLength(5000);
    expect(nodes[4999].name).toBe("big-4999");
  });
});
