import { describe, expect, it } from "vitest";
import type { NodeSpecConfig } from "../../../../worker/kubelet/node/expand-pool";
import { kubeletOwnedLabels, nodeObject } from "../../../../worker/kubelet/node/node-object";
import { VERSION_INFO } from "../../../../worker/version";
import { validateNode } from "../../../../schema/core-v1/node";

const T0 = Date.parse("2026-03-01T10:00:00.700Z");
const AT = "2026-03-01T10:00:00Z";

const cfg = (over: Partial<NodeSpecConfig> = {}): NodeSpecConfig => ({
  name: "edge-0",
  pool: "edge",
  ordinal: 0,
  capacity: { cpu: "4", memory: "8Gi", pods: "110", "ephemeral-storage": "10Gi" },
  labels: {},
  taints: [],
  ...over,
});

describe("kubeletOwnedLabels", () => {
  it.each<[string, Partial<NodeSpecConfig>, Record<string, string>]>([
    [
      "a pool node",
      {},
      {
        "kubernetes.io/hostname": "edge-0",
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "beta.kubernetes.io/arch": "amd64",
        "kube-edge.dev/node-pool": "edge",
      },
    ],
    [
      "a single node with topology and instance type",
      { name: "solo", pool: undefined, region: "weur", zone: "weur-1", instanceType: "small" },
      {
        "kubernetes.io/hostname": "solo",
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "beta.kubernetes.io/arch": "amd64",
        "topology.kubernetes.io/region": "weur",
        "topology.kubernetes.io/zone": "weur-1",
        "node.kubernetes.io/instance-type": "small",
        "kube-edge.dev/node-pool": "",
      },
    ],
  ])("%s", (_, over, labels) => expect(kubeletOwnedLabels(cfg(over))).toEqual(labels));
});

describe("nodeObject", () => {
  const node = nodeObject(cfg({ labels: { tier: "edge", "kubernetes.io/hostname": "spoofed" }, taints: [{ key: "k", value: "v", effect: "NoSchedule" }] }), {
    index: 3,
    nowMs: T0,
    runtimeVersion: "2026-08-01",
  });

  it("metadata: configured labels under the kubelet's own, the attach-detach annotation", () =>
    expect(node.metadata).toEqual({
      name: "edge-0",
      labels: { tier: "edge", ...kubeletOwnedLabels(cfg()) },
      annotations: { "volumes.kubernetes.io/controller-managed-attach-detach": "true" },
    }));

  it("spec: the index's pod CIDR and the configured taints", () =>
    expect(node.spec).toEqual({ podCIDR: "10.244.3.0/24", podCIDRs: ["10.244.3.0/24"], taints: [{ key: "k", value: "v", effect: "NoSchedule" }] }));

  it("status: capacity = allocatable, addresses, endpoint, images", () => {
    expect(node.status.capacity).toEqual(cfg().capacity);
    expect(node.status.allocatable).toEqual(cfg().capacity);
    expect(node.status.addresses).toEqual([
      { type: "InternalIP", address: "172.16.0.4" },
      { type: "Hostname", address: "edge-0" },
    ]);
    expect(node.status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(node.status.images).toEqual([]);
  });

  it.each<[string, string, string, string]>([
    ["MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
    ["DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"],
    ["PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"],
    ["Ready", "True", "KubeletReady", "kubelet is posting ready status"],
  ])("condition %s is %s (%s)", (type, status, reason, message) => {
    expect(node.status.conditions.find((c: { type: string }) => c.type === type)).toEqual({
      type,
      status,
      reason,
      message,
      lastHeartbeatTime: AT,
      lastTransitionTime: AT,
    });
  });

  it("conditions in the setters' order", () =>
    expect(node.status.conditions.map((c: { type: string }) => c.type)).toEqual(["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]));

  it("nodeInfo: versions, platform, deterministic ids", () => {
    const info = node.status.nodeInfo;
    expect(info).toMatchObject({
      containerRuntimeVersion: "isolate://2026-08-01",
      kubeletVersion: VERSION_INFO.gitVersion,
      kubeProxyVersion: VERSION_INFO.gitVersion,
      operatingSystem: "linux",
      architecture: "amd64",
      osImage: "workerd (V8 isolates)",
    });
    expect(info.machineID).toMatch(/^[0-9a-f]{32}$/);
    expect(info.systemUUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(info.bootID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const again = nodeObject(cfg(), { index: 9, nowMs: T0 + 1000, runtimeVersion: "x" }).status.nodeInfo;
    expect([again.machineID, again.systemUUID, again.bootID]).toEqual([info.machineID, info.systemUUID, info.bootID]);
    const other = nodeObject(cfg({ name: "edge-1" }), { index: 3, nowMs: T0, runtimeVersion: "x" }).status.nodeInfo;
    expect(new Set([info.machineID, other.machineID, info.systemUUID.replaceAll("-", "")]).size).toBe(3);
  });

  it("a simulated node says so", () => {
    const info = nodeObject(cfg(), { index: 0, nowMs: T0, runtimeVersion: "1", runtime: "simulated" }).status.nodeInfo;
    expect(info.containerRuntimeVersion).toBe("simulated://1");
  });

  it("no taints, no taints field; the object passes ValidateNode", () => {
    const plain = nodeObject(cfg(), { index: 0, nowMs: T0, runtimeVersion: "1" });
    expect(plain.spec).toEqual({ podCIDR: "10.244.0.0/24", podCIDRs: ["10.244.0.0/24"] });
    expect(validateNode(node)).toEqual([]);
  });
});
