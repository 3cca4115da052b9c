import { describe, expect, it } from "vitest";
import { DEFAULT_CAPACITY, parseNodePool } from "../../../../worker/kubelet/node/pool-config";

describe("parseNodePool: accepted documents", () => {
  it.each<[string, string | undefined]>([
    ["undefined", undefined],
    ["empty text", ""],
    ["blank text", "  \n"],
    ["an empty object", "{}"],
    ["null lists", '{"pools": null, "nodes": null}'],
  ])("%s is zero nodes", (_, text) => expect(parseNodePool(text)).toEqual({ ok: true, pool: { pools: [], nodes: [] } }));

  it("keeps every field of a full document, capacities as strings", () => {
    const text = JSON.stringify({
      pools: [
        {
          name: "edge",
          count: 3,
          namePrefix: "edge-node-",
          capacity: { cpu: 8, memory: "16Gi", "example.com/gpu": "2" },
          labels: { tier: "edge" },
          taints: [{ key: "dedicated", value: "edge", effect: "NoSchedule" }],
          region: "weur",
          zone: "weur-1",
          instanceType: "isolate-small",
        },
      ],
      nodes: [{ name: "extra-1.example", labels: { a: "b" } }],
    });
    const parsed = parseNodePool(text);
    expect(parsed).toEqual({
      ok: true,
      pool: {
        pools: [
          {
            name: "edge",
            count: 3,
            namePrefix: "edge-node-",
            capacity: { cpu: "8", memory: "16Gi", "example.com/gpu": "2" },
            labels: { tier: "edge" },
            taints: [{ key: "dedicated", value: "edge", effect: "NoSchedule" }],
            region: "weur",
            zone: "weur-1",
            instanceType: "isolate-small",
          },
        ],
        nodes: [{ name: "extra-1.example", labels: { a: "b" } }],
      },
    });
  });

  it("accepts count 0 and 5000", () => {
    expect(parseNodePool('{"pools":[{"name":"a","count":0},{"name":"b","count":5000}]}').ok).toBe(true);
  });

  it("defaults are a modest machine", () =>
    expect(DEFAULT_CAPACITY).toEqual({ cpu: "4", memory: "8Gi", pods: "110", "ephemeral-storage": "10Gi" }));
});

describe("parseNodePool: refused documents name the field", () => {
  it.each<[string, unknown, string]>([
    ["not JSON", "{", 'Invalid value: "{": not JSON'],
    ["a list", [1], "Invalid value: [1]: must be a JSON object"],
    ["unknown top-level field", { pool: [] }, 'pool: Unsupported value: "pool": supported values: "pools", "nodes"'],
    ["pools not a list", { pools: {} }, "pools: Invalid value: {}: must be a list"],
    ["pool without a name", { pools: [{ count: 1 }] }, "pools[0].name: Required value"],
    ["pool with an empty name", { pools: [{ name: "", count: 1 }] }, "pools[0].name: Required value"],
    ["pool name with a dot", { pools: [{ name: "a.b", count: 1 }] }, 'pools[0].name: Invalid value: "a.b": must not contain dots'],
    ["pool name upper case", { pools: [{ name: "Edge", count: 1 }] }, 'pools[0].name: Invalid value: "Edge": a lowercase RFC 1123 label'],
    ["count missing", { pools: [{ name: "a" }] }, "pools[0].count: Required value"],
    ["count fractional", { pools: [{ name: "a", count: 1.5 }] }, "pools[0].count: Invalid value: 1.5: must be an integer"],
    ["count too big", { pools: [{ name: "a", count: 5001 }] }, "pools[0].count: Invalid value: 5001: must be between 0 and 5000, inclusive"],
    ["count negative", { pools: [{ name: "a", count: -1 }] }, "pools[0].count: Invalid value: -1: must be between 0 and 5000, inclusive"],
    ["bad name prefix", { pools: [{ name: "a", count: 2, namePrefix: "A_" }] }, 'pools[0].namePrefix: Invalid value: "A_1": node name a lowercase RFC 1123 subdomain'],
    ["unknown pool field", { pools: [{ name: "a", count: 1, size: 3 }] }, 'pools[0].size: Unsupported value: "size"'],
    ["bad quantity", { pools: [{ name: "a", count: 1, capacity: { cpu: "four" } }] }, 'pools[0].capacity[cpu]: Invalid value: "four": quantities must match'],
    ["negative quantity", { nodes: [{ name: "n", capacity: { memory: "-1Gi" } }] }, 'nodes[0].capacity[memory]: Invalid value: "-1Gi": must be greater than or equal to 0'],
    ["bad resource name", { nodes: [{ name: "n", capacity: { "a/b/c": "1" } }] }, 'nodes[0].capacity[a/b/c]: Invalid value: "a/b/c": a qualified name'],
    ["label value not a string", { nodes: [{ name: "n", labels: { a: 1 } }] }, "nodes[0].labels[a]: Invalid value: 1: must be a string"],
    ["bad label key", { nodes: [{ name: "n", labels: { "-a": "b" } }] }, 'nodes[0].labels: Invalid value: "-a": name part must consist of'],
    ["bad taint effect", { nodes: [{ name: "n", taints: [{ key: "k", effect: "Never" }] }] }, 'nodes[0].taints[0].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    ["taint without effect", { nodes: [{ name: "n", taints: [{ key: "k" }] }] }, "nodes[0].taints[0].effect: Required value"],
    ["unknown taint field", { nodes: [{ name: "n", taints: [{ key: "k", effect: "NoSchedule", op: "x" }] }] }, 'nodes[0].taints[0].op: Unsupported value: "op"'],
    ["bad zone", { nodes: [{ name: "n", zone: "weur 1" }] }, 'nodes[0].zone: Invalid value: "weur 1": a valid label must be'],
    ["region not a string", { nodes: [{ name: "n", region: 3 }] }, "nodes[0].region: Invalid value: 3: must be a string"],
    ["node name upper case", { nodes: [{ name: "Node-1" }] }, 'nodes[0].name: Invalid value: "Node-1": a lowercase RFC 1123 subdomain'],
    ["duplicate pool names", { pools: [{ name: "a", count: 0 }, { name: "a", count: 0 }] }, 'pools[1].name: Duplicate value: "a"'],
    ["duplicate single nodes", { nodes: [{ name: "n" }, { name: "n" }] }, 'nodes[1].name: Invalid value: "n": duplicate node name (also named by nodes[0].name)'],
    ["a single node clashing with a pool", { pools: [{ name: "edge", count: 2 }], nodes: [{ name: "edge-1" }] }, 'nodes[0].name: Invalid value: "edge-1": duplicate node name (also named by pools[0].name)'],
    ["overlapping prefixes", { pools: [{ name: "a", count: 2, namePrefix: "n-" }, { name: "b", count: 2, namePrefix: "n-" }] }, 'pools[1].name: Invalid value: "n-0": duplicate node name (also named by pools[0].name)'],
    ["more nodes than indexes", { pools: [{ name: "a", count: 5000 }, { name: "b", count: 3193 }] }, "Invalid value: 8193: at most 8192 nodes in all"],
  ])("%s", (_, doc, expected) => {
    const parsed = parseNodePool(typeof doc === "string" ? doc : JSON.stringify(doc));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(expected);
  });

  it("reports every error, and overlapping pools once", () => {
    const parsed = parseNodePool(
      JSON.stringify({ pools: [{ name: "a", count: 50, namePrefix: "n-" }, { name: "b", count: 50, namePrefix: "n-" }] }),
    );
    expect(parsed.ok ? [] : parsed.errors).toHaveLength(1);
    const many = parseNodePool(JSON.stringify({ pools: [{ name: "A", count: -1 }], nodes: [{}] }));
    expect(many.ok ? [] : many.errors.map((e) => e.field)).toEqual(["pools[0].name", "pools[0].count", "nodes[0].name"]);
  });
});
