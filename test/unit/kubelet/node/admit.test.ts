import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { admitPod, rejectedPodStatus, type PodAdmitResult } from "../../../../worker/kubelet/node/admit";

const node = (over: KubeObject = {}): KubeObject => ({
  metadata: { name: "edge-0", labels: { "kubernetes.io/os": "linux", tier: "edge" }, ...over.metadata },
  spec: { ...over.spec },
  status: { allocatable: { cpu: "4", memory: "8Gi", pods: "3", "ephemeral-storage": "10Gi", ...over.allocatable } },
});

let uid = 0;
const pod = (requests: Record<string, string> = {}, spec: KubeObject = {}, metadata: KubeObject = {}): KubeObject => ({
  metadata: { name: `p${++uid}`, uid: `u${uid}`, ...metadata },
  spec: { nodeName: "edge-0", containers: [{ name: "c", resources: { requests } }], ...spec },
});

const ADMIT: PodAdmitResult = { admit: true };
const no = (reason: string, message: string): PodAdmitResult => ({ admit: false, reason, message });
const predicate = (name: string, desc: string) => no(name, `Predicate ${name} failed: ${desc}`);

describe("admitPod", () => {
  it.each<[string, KubeObject, KubeObject[], KubeObject | undefined, PodAdmitResult]>([
    ["fits an empty node", pod({ cpu: "1" }), [], node(), ADMIT],
    ["no requests at all", pod(), [pod(), pod()], node(), ADMIT],
    [
      "cpu short",
      pod({ cpu: "500m" }),
      [pod({ cpu: "3800m" })],
      node(),
      no("OutOfcpu", "Node didn't have enough resource: cpu, requested: 500, used: 3800, capacity: 4000"),
    ],
    [
      "memory short",
      pod({ memory: "1Gi" }),
      [pod({ memory: "7.5Gi" })],
      node(),
      no("OutOfmemory", "Node didn't have enough resource: memory, requested: 1073741824, used: 8053063680, capacity: 8589934592"),
    ],
    [
      "ephemeral-storage short",
      pod({ "ephemeral-storage": "11Gi" }),
      [],
      node(),
      no("OutOfephemeral-storage", "Node didn't have enough resource: ephemeral-storage, requested: 11811160064, used: 0, capacity: 10737418240"),
    ],
    ["pod count full", pod(), [pod(), pod(), pod()], node(), no("OutOfpods", "Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3")],
    [
      "pods reported before cpu",
      pod({ cpu: "5" }),
      [pod(), pod(), pod()],
      node(),
      no("OutOfpods", "Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3"),
    ],
    [
      "an extended resource the node has, short",
      pod({ "example.com/gpu": "2" }),
      [],
      node({ allocatable: { "example.com/gpu": "1" } }),
      no("OutOfexample.com/gpu", "Node didn't have enough resource: example.com/gpu, requested: 2, used: 0, capacity: 1"),
    ],
    ["an extended resource the node does not know is ignored", pod({ "example.com/gpu": "2" }), [], node(), ADMIT],
    [
      "nodeSelector mismatch",
      pod({}, { nodeSelector: { tier: "core" } }),
      [],
      node(),
      predicate("NodeAffinity", "node(s) didn't match Pod's node affinity/selector"),
    ],
    ["nodeSelector match", pod({}, { nodeSelector: { tier: "edge", "kubernetes.io/os": "linux" } }), [], node(), ADMIT],
    [
      "required node affinity mismatch",
      pod({}, {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["edge"] }] }],
            },
          },
        },
      }),
      [],
      node(),
      predicate("NodeAffinity", "node(s) didn't match Pod's node affinity/selector"),
    ],
    ["resources before affinity", pod({ cpu: "9" }, { nodeSelector: { tier: "core" } }), [], node(), no("OutOfcpu", "Node didn't have enough resource: cpu, requested: 9000, used: 0, capacity: 4000")],
    ["bound to another node", pod({}, { nodeName: "edge-1" }), [], node(), predicate("NodeName", "node(s) didn't match the requested node name")],
    [
      "host port taken",
      pod({}, { containers: [{ name: "c", ports: [{ containerPort: 80, hostPort: 8080 }] }] }),
      [pod({}, { containers: [{ name: "c", ports: [{ containerPort: 80, hostPort: 8080 }] }] })],
      node(),
      predicate("NodePorts", "node(s) didn't have free ports for the requested pod ports"),
    ],
    [
      "NoExecute taint not tolerated",
      pod(),
      [],
      node({ spec: { taints: [{ key: "k", value: "v", effect: "NoExecute" }] } }),
      predicate("TaintToleration", "node(s) had taints that the pod didn't tolerate"),
    ],
    ["NoSchedule taint is the scheduler's business", pod(), [], node({ spec: { taints: [{ key: "k", effect: "NoSchedule" }] } }), ADMIT],
    [
      "NoExecute taint tolerated",
      pod({}, { tolerations: [{ key: "k", operator: "Exists", effect: "NoExecute" }] }),
      [],
      node({ spec: { taints: [{ key: "k", value: "v", effect: "NoExecute" }] } }),
      ADMIT,
    ],
    [
      "a static pod ignores taints",
      pod({}, {}, { annotations: { "kubernetes.io/config.source": "file" } }),
      [],
      node({ spec: { taints: [{ key: "k", effect: "NoExecute" }] } }),
      ADMIT,
    ],
    [
      "an os label other than the node's",
      pod({}, {}, { labels: { "kubernetes.io/os": "windows" } }),
      [],
      node(),
      no("PodOSSelectorNodeLabelDoesNotMatch", "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label"),
    ],
    [
      "the node's os label does not matter, its OS does",
      pod({}, {}, { labels: { "kubernetes.io/os": "linux" } }),
      [],
      node({ metadata: { labels: { "kubernetes.io/os": "windows" } } }),
      ADMIT,
    ],
    ["spec.os windows", pod({}, { os: { name: "windows" } }), [], node(), no("PodOSNotSupported", "Failed to admit pod as the OS field doesn't match node OS")],
    ["spec.os linux", pod({}, { os: { name: "linux" } }), [], node(), ADMIT],
    ["no node", pod(), [], undefined, no("InvalidNodeInfo", "Kubelet cannot get node info.")],
  ])("%s", (_, p, others, n, expected) => expect(admitPod(p, others, n)).toEqual(expected));

  it("the pod itself among the node's pods is not counted", () => {
    const p = pod({ cpu: "3" });
    expect(admitPod(p, [p], node())).toEqual(ADMIT);
  });

  it("init containers count at their peak", () => {
    const p = pod({ cpu: "1" }, { initContainers: [{ name: "i", resources: { requests: { cpu: "3500m" } } }] });
    expect(admitPod(p, [pod({ cpu: "1" })], node())).toEqual(
      no("OutOfcpu", "Node didn't have enough resource: cpu, requested: 3500, used: 1000, capacity: 4000"),
    );
  });
});

describe("rejectedPodStatus", () => {
  it("Failed, with the reason and the prefixed message", () => {
    const p = pod({ cpu: "9" });
    const result = admitPod(p, [], node());
    if (result.admit) throw new Error("admitted");
    expect(rejectedPodStatus(p, result)).toEqual({
      phase: "Failed",
      reason: "OutOfcpu",
      message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 9000, used: 0, capacity: 4000",
      qosClass: "Burstable",
    });
  });
});
