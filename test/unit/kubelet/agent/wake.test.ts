import { describe, expect, it } from "vitest";
import { kubeletWakes, knownWithoutKubelet, rememberWithoutKubelet } from "../../../../worker/kubelet/agent/wake";
import type { WrittenChange } from "../../../../worker/controllers/framework/loop";

const pod = (node?: string) => ({ metadata: { namespace: "ns", name: "p" }, spec: node ? { nodeName: node } : {} });

describe("kubeletWakes", () => {
  it.each<[string, WrittenChange, [string, string[]][]]>([
    ["a pod bound to a node wakes that node's kubelet", { type: "MODIFIED", resource: "/pods", object: pod("n1"), oldObject: pod() }, [["n1", ["ns/p"]]]],
    ["an unbound pod wakes nobody", { type: "ADDED", resource: "/pods", object: pod() }, []],
    ["a deleted pod wakes the kubelet it was bound to", { type: "DELETED", resource: "/pods", object: pod("n2") }, [["n2", ["ns/p"]]]],
    ["the old binding is woken too", { type: "MODIFIED", resource: "/pods", object: pod("n1"), oldObject: pod("n2") }, [["n1", ["ns/p"]], ["n2", ["ns/p"]]]],
    ["other resources wake no kubelet", { type: "ADDED", resource: "/configmaps", object: pod("n1") }, []],
  ])("%s", (_n, change, want) => {
    expect([...kubeletWakes(change)]).toEqual(want);
  });

  it("remembers a node without a kubelet for a moment only", () => {
    rememberWithoutKubelet("ghost", 1_000);
    expect(knownWithoutKubelet("ghost", 1_500)).toBe(true);
    expect(knownWithoutKubelet("ghost", 3_001)).toBe(false);
    expect(knownWithoutKubelet("other", 1_500)).toBe(false);
  });
});
