/**
 * The shape of daemon pods (pkg/controller/daemon/util): the added tolerations, the template's revision label,
 * the node pin, the target node of a pod, and NodeShouldRunDaemonPod's table.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  addOrUpdateToleration,
  daemonPodFor,
  daemonPodTemplate,
  nodeShouldRunDaemonPod,
  nodeToDaemonPods,
  pinToNode,
  targetNodeName,
  withDaemonTolerations,
} from "../../../../worker/controllers/daemonset";
import { daemonSet, node, pod } from "./fixtures";

const keys = (spec: KubeObject): string[] => spec.tolerations.map((t: KubeObject) => `${t.key}:${t.effect}`);

describe("daemon tolerations (AddOrUpdateDaemonPodTolerations)", () => {
  it("adds the six node-problem tolerations, and network-unavailable only for hostNetwork", () => {
    expect(keys(withDaemonTolerations({}))).toEqual([
      "node.kubernetes.io/not-ready:NoExecute",
      "node.kubernetes.io/unreachable:NoExecute",
      "node.kubernetes.io/disk-pressure:NoSchedule",
      "node.kubernetes.io/memory-pressure:NoSchedule",
      "node.kubernetes.io/pid-pressure:NoSchedule",
      "node.kubernetes.io/unschedulable:NoSchedule",
    ]);
    expect(keys(withDaemonTolerations({ hostNetwork: true }))).toContain("node.kubernetes.io/network-unavailable:NoSchedule");
  });

  it.each([
    ["appends a new one", [{ key: "a", operator: "Exists" }], { key: "b", operator: "Exists", effect: "NoSchedule" }, [{ key: "a", operator: "Exists" }, { key: "b", operator: "Exists", effect: "NoSchedule" }]],
    [
      "replaces a matching one with a deadline",
      [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 }],
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
      [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" }],
    ],
    ["keeps an equal one", [{ key: "k", operator: "Exists", effect: "NoSchedule" }], { key: "k", operator: "Exists", effect: "NoSchedule" }, [{ key: "k", operator: "Exists", effect: "NoSchedule" }]],
  ])("%s", (_name, existing, added, want) => {
    expect(addOrUpdateToleration(existing, added)).toEqual(want);
  });
});

describe("daemon pods", () => {
  it("labels the template with the revision hash and pins each pod to its node", () => {
    const ds = daemonSet();
    const template = daemonPodTemplate(ds, "h1");
    expect(template.metadata.labels).toEqual({ app: "ds", "controller-revision-hash": "h1" });
    const p = daemonPodFor(ds, template, "node-1");
    expect(p.metadata).toMatchObject({ generateName: "ds-", ownerReferences: [{ kind: "DaemonSet", name: "ds", uid: "ds-uid", controller: true, blockOwnerDeletion: true }] });
    expect(p.spec.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["node-1"] }] }] } },
    });
    expect(targetNodeName(p)).toBe("node-1");
    // The DaemonSet's own template is untouched.
    expect(ds.spec.template.metadata.labels).toEqual({ app: "ds" });
  });

  it("replaces only the required terms of an existing affinity", () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: {} }],
      },
      podAntiAffinity: {},
    };
    const pinned = pinToNode(affinity, "n");
    expect(pinned.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n"] }] }]);
    expect(pinned.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(pinned.podAntiAffinity).toEqual({});
    expect(affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]).toHaveProperty("matchExpressions");
  });

  it.each([
    ["bound", { spec: { nodeName: "n1" } }, "n1"],
    ["pinned", pod("p", "n2", { bound: false }), "n2"],
    ["two values", { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["a", "b"] }] }] } } } } }, undefined],
    ["no affinity", { spec: {} }, undefined],
  ])("target node: %s", (_name, p, want) => {
    expect(targetNodeName(p)).toBe(want);
  });

  it("groups pods by target node, leaving deleted terminal pods out unless asked", () => {
    const gone = pod("gone", "n1", { phase: "Succeeded", deleting: true });
    const pods = [pod("a", "n1"), pod("b", "n2", { bound: false }), gone, { metadata: { name: "stray" }, spec: {} }];
    expect([...nodeToDaemonPods(pods)].map(([n, ps]) => [n, ps.map((p) => p.metadata.name)])).toEqual([
      ["n1", ["a"]],
      ["n2", ["b"]],
    ]);
    expect(nodeToDaemonPods(pods, true).get("n1")?.map((p) => p.metadata.name)).toEqual(["a", "gone"]);
  });
});

describe("NodeShouldRunDaemonPod", () => {
  const noSchedule = { key: "dedicated", value: "x", effect: "NoSchedule" };
  const noExecute = { key: "dedicated", value: "x", effect: "NoExecute" };
  it.each([
    ["a plain node", node("n"), daemonSet(), true, true],
    ["nodeSelector matches", node("n", { labels: { pool: "a" } }), daemonSet({ podSpec: { nodeSelector: { pool: "a" } } }), true, true],
    ["nodeSelector does not match", node("n", { labels: { pool: "b" } }), daemonSet({ podSpec: { nodeSelector: { pool: "a" } } }), false, false],
    [
      "required affinity does not match",
      node("n"),
      daemonSet({ podSpec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "gpu", operator: "Exists" }] }] } } } } }),
      false,
      false,
    ],
    ["template nodeName elsewhere", node("n"), daemonSet({ podSpec: { nodeName: "other" } }), false, false],
    ["template nodeName here", node("n"), daemonSet({ podSpec: { nodeName: "n" } }), true, true],
    ["untolerated NoSchedule: keep running ones", node("n", { taints: [noSchedule] }), daemonSet(), false, true],
    ["untolerated NoExecute: evict", node("n", { taints: [noExecute] }), daemonSet(), false, false],
    ["tolerated taint", node("n", { taints: [noSchedule] }), daemonSet({ podSpec: { tolerations: [{ key: "dedicated", operator: "Exists" }] } }), true, true],
    ["PreferNoSchedule is ignored", node("n", { taints: [{ key: "k", effect: "PreferNoSchedule" }] }), daemonSet(), true, true],
    ["cordoned node: tolerated by default", node("n", { taints: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }] }), daemonSet(), true, true],
    ["not-ready NoExecute: tolerated", node("n", { taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoExecute" }] }), daemonSet(), true, true],
    ["not-ready NoSchedule: not tolerated, keeps running", node("n", { taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }] }), daemonSet(), false, true],
    ["network-unavailable without hostNetwork", node("n", { taints: [{ key: "node.kubernetes.io/network-unavailable", effect: "NoSchedule" }] }), daemonSet(), false, true],
    ["network-unavailable with hostNetwork", node("n", { taints: [{ key: "node.kubernetes.io/network-unavailable", effect: "NoSchedule" }] }), daemonSet({ podSpec: { hostNetwork: true } }), true, true],
  ])("%s", (_name, n, ds, shouldRun, shouldContinueRunning) => {
    expect(nodeShouldRunDaemonPod(n, ds)).toEqual({ shouldRun, shouldContinueRunning });
  });
});
