import { describe, expect, it } from "vitest";
import { assignNodeIndexes, MAX_NODES, nodeIndexOfPodCidr, nodeIPFor, podCidrFor } from "../../../../worker/kubelet/node/node-index";
import { parsePodCidr } from "../../../../worker/kubelet/status/pod-cidr";

describe("assignNodeIndexes: stable per name, lowest free for new names", () => {
  it.each<[string, Record<string, number>, string[], Record<string, number>]>([
    ["fresh", {}, ["a", "b", "c"], { a: 0, b: 1, c: 2 }],
    ["adding keeps the others", { a: 0, b: 1 }, ["a", "b", "c"], { a: 0, b: 1, c: 2 }],
    ["a new name fills a hole", { a: 0, c: 2 }, ["a", "b", "c"], { a: 0, b: 1, c: 2 }],
    ["removing frees the index", { a: 0, b: 1, c: 2 }, ["a", "c", "d"], { a: 0, c: 2, d: 1 }],
    ["order of names does not move held indexes", { a: 5, b: 3 }, ["b", "x", "a"], { b: 3, x: 0, a: 5 }],
    ["duplicate names count once", {}, ["a", "a", "b"], { a: 0, b: 1 }],
    ["an index held twice goes to the first name", { a: 1, b: 1 }, ["a", "b"], { a: 1, b: 0 }],
    ["invalid held indexes are replaced", { a: -1, b: 1.5, c: MAX_NODES }, ["a", "b", "c"], { a: 0, b: 1, c: 2 }],
    ["no names", { a: 0 }, [], {}],
  ])("%s", (_, existing, names, expected) => expect(assignNodeIndexes(existing, names)).toEqual(expected));

  it("gives out every index once and leaves the rest out", () => {
    const names = Array.from({ length: MAX_NODES + 2 }, (_, i) => `n${i}`);
    const out = assignNodeIndexes({}, names);
    expect(Object.keys(out)).toHaveLength(MAX_NODES);
    expect(new Set(Object.values(out)).size).toBe(MAX_NODES);
    expect(out[`n${MAX_NODES}`]).toBeUndefined();
  });
});

describe("podCidrFor / nodeIPFor", () => {
  it.each<[number, string | undefined, string | undefined]>([
    [0, "10.244.0.0/24", "172.16.0.1"],
    [1, "10.244.1.0/24", "172.16.0.2"],
    [255, "10.244.255.0/24", "172.16.1.0"],
    [256, "10.245.0.0/24", "172.16.1.1"],
    [3071, "10.255.255.0/24", "172.16.12.0"],
    [3072, "10.224.0.0/24", "172.16.12.1"],
    [8191, "10.243.255.0/24", "172.16.32.0"],
    [8192, undefined, undefined],
    [-1, undefined, undefined],
    [1.5, undefined, undefined],
  ])("%d → %s, %s", (index, cidr, ip) => {
    expect(podCidrFor(index)).toBe(cidr);
    expect(nodeIPFor(index)).toBe(ip);
  });

  it("every index has its own usable /24 inside 10.224.0.0/11", () => {
    const seen = new Set<string>();
    for (let i = 0; i < MAX_NODES; i++) {
      const cidr = podCidrFor(i)!;
      const [a, b] = cidr.split(".").map(Number);
      expect(a === 10 && b >= 224 && b <= 255).toBe(true);
      seen.add(cidr);
    }
    expect(seen.size).toBe(MAX_NODES);
    expect(parsePodCidr(podCidrFor(4000)!).ok).toBe(true);
  });
});

describe("nodeIndexOfPodCidr", () => {
  it.each([0, 1, 3071, 3072, 8191])("inverts podCidrFor(%i)", (i) => {
    expect(nodeIndexOfPodCidr(podCidrFor(i)!)).toBe(i);
  });
  it.each(["10.244.0.0/16", "10.244.0.1/24", "192.168.0.0/24", "", "fd00::/64"])("%s is no node's", (cidr) => {
    expect(nodeIndexOfPodCidr(cidr)).toBeUndefined();
  });
});
