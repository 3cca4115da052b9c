import { describe, expect, it } from "vitest";
import { KUBELET_TARGET_PREFIX, kubeletWakes, knownWithoutKubelet, rememberWithoutKubelet } from "../../../../worker/kubelet/agent/wake";
import type { WrittenChange } from "../../../../worker/controllers/framework/loop";
import { controllersAfterWrite } from "../../../../worker/controllers/framework/wake";
import type { WrittenChange as StoredChange } from "../../../../worker/handlers/after-write";
import type { ApiContext } from "../../../../worker/handlers/context";
import { LABEL_NODE_POOL, registeredByKubeletHere } from "../../../../worker/kubelet/node/node-object";
import { newSharedCalls, withSharedCalls } from "../../../../worker/shared-calls";

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

describe("pokes of a pass that saw nodes registered by another agent", () => {
  const ctx = { env: {}, entry: { group: "", resource: "pods" } } as unknown as ApiContext;
  const bound = (node: string): StoredChange => ({ type: "MODIFIED", object: pod(node), oldObject: pod() });

  it("wakes the kubelets of this cluster's nodes and skips the others", async () => {
    const poked: string[] = [];
    const calls = newSharedCalls(async (target) => void poked.push(target));
    calls.nodesWithoutKubelet = new Set(["kwok-1"]);
    await withSharedCalls(calls, async () => {
      await controllersAfterWrite(ctx, bound("kwok-1"));
      await controllersAfterWrite(ctx, bound("edge-node-0"));
    });
    expect(poked.filter((t) => t.startsWith(KUBELET_TARGET_PREFIX))).toEqual([`${KUBELET_TARGET_PREFIX}edge-node-0`]);
  });

  it.each<[string, object, boolean]>([
    ["a pool node (its kubelet keeps the pool label)", { metadata: { name: "n", labels: { [LABEL_NODE_POOL]: "" } } }, true],
    ["a node reporting this runtime", { metadata: { name: "n" }, status: { nodeInfo: { containerRuntimeVersion: "isolate://workerd" } } }, true],
    ["a KWOK node", { metadata: { name: "n", annotations: { "kwok.x-k8s.io/node": "fake" } }, status: { nodeInfo: { containerRuntimeVersion: "kwok-v0.6" } } }, false],
    ["a bare node", { metadata: { name: "n" } }, false],
  ])("registeredByKubeletHere: %s", (_n, node, want) => {
    expect(registeredByKubeletHere(node)).toBe(want);
  });
});
