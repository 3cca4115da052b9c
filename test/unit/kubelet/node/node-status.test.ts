import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import type { NodeSpecConfig } from "../../../../worker/kubelet/node/expand-pool";
import { nodeObject } from "../../../../worker/kubelet/node/node-object";
import { nodeMetadataPatch, nodeStatusUpdate, podCidrPatch } from "../../../../worker/kubelet/node/node-status";

const T0 = Date.parse("2026-03-01T10:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

const cfg: NodeSpecConfig = {
  name: "edge-0",
  pool: "edge",
  capacity: { cpu: "4", memory: "8Gi", pods: "110", "ephemeral-storage": "10Gi" },
  labels: { tier: "edge" },
  taints: [],
};
const desiredAt = (ms: number, over: Partial<NodeSpecConfig> = {}) =>
  nodeObject({ ...cfg, ...over }, { index: 0, nowMs: ms, runtimeVersion: "v1" });
const stored = desiredAt(T0);
const readyOf = (status: KubeObject) => status.conditions.find((c: KubeObject) => c.type === "Ready");

describe("nodeStatusUpdate", () => {
  it.each<[string, number, boolean]>([
    ["unchanged 10 s later: write nothing", T0 + 10_000, false],
    ["unchanged just under 5 min: write nothing", T0 + 299_000, false],
    ["unchanged 5 min later: report (heartbeat)", T0 + 300_000, true],
  ])("%s", (_, now, changed) => {
    const update = nodeStatusUpdate(stored, desiredAt(now), now);
    expect(update.changed).toBe(changed);
    if (changed) {
      expect(readyOf(update.status)).toMatchObject({ lastHeartbeatTime: iso(now), lastTransitionTime: iso(T0) });
    } else {
      expect(update.status).toBe(stored.status);
    }
  });

  it("a capacity change is written at once, transition times kept, heartbeats now", () => {
    const now = T0 + 10_000;
    const update = nodeStatusUpdate(stored, desiredAt(now, { capacity: { ...cfg.capacity, cpu: "8" } }), now);
    expect(update.changed).toBe(true);
    expect(update.status.capacity.cpu).toBe("8");
    for (const c of update.status.conditions) expect([c.lastHeartbeatTime, c.lastTransitionTime]).toEqual([iso(now), iso(T0)]);
  });

  it("Ready set Unknown by the node lifecycle controller flips back with a new transition time", () => {
    const now = T0 + 60_000;
    const silent = structuredClone(stored);
    Object.assign(readyOf(silent.status), { status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." });
    const update = nodeStatusUpdate(silent, desiredAt(now), now);
    expect(update.changed).toBe(true);
    expect(readyOf(update.status)).toEqual({
      type: "Ready",
      status: "True",
      reason: "KubeletReady",
      message: "kubelet is posting ready status",
      lastHeartbeatTime: iso(now),
      lastTransitionTime: iso(now),
    });
    expect(update.status.conditions.find((c: KubeObject) => c.type === "DiskPressure").lastTransitionTime).toBe(iso(T0));
  });

  it("other owners' conditions and status fields are kept", () => {
    const now = T0 + 10_000;
    const withMore = structuredClone(stored);
    withMore.status.conditions.unshift({ type: "NetworkUnavailable", status: "False", reason: "RouteCreated" });
    withMore.status.volumesInUse = ["v"];
    const update = nodeStatusUpdate(withMore, desiredAt(now, { capacity: { ...cfg.capacity, pods: "50" } }), now);
    expect(update.status.conditions[0]).toEqual({ type: "NetworkUnavailable", status: "False", reason: "RouteCreated" });
    expect(update.status.volumesInUse).toEqual(["v"]);
    expect(update.status.conditions).toHaveLength(5);
  });

  it.each<[string, (s: KubeObject) => void]>([
    ["quantities written differently but equal", (s) => (s.status.capacity.cpu = "4000m")],
    ["conditions in another order", (s) => s.status.conditions.reverse()],
    ["images absent instead of empty", (s) => delete s.status.images],
    ["times with fractional seconds", (s) => (readyOf(s.status).lastTransitionTime = `${iso(T0).slice(0, -1)}.000Z`)],
  ])("semantically equal: %s", (_, mutate) => {
    const s = structuredClone(stored);
    mutate(s);
    expect(nodeStatusUpdate(s, desiredAt(T0 + 10_000), T0 + 10_000).changed).toBe(false);
  });

  it("a node without conditions gets all four, transition now", () => {
    const bare = { metadata: { name: "edge-0" }, status: { capacity: cfg.capacity } };
    const update = nodeStatusUpdate(bare, desiredAt(T0 + 5), T0 + 5);
    expect(update.changed).toBe(true);
    expect(update.status.conditions.map((c: KubeObject) => [c.type, c.lastTransitionTime])).toEqual([
      ["MemoryPressure", iso(T0)],
      ["DiskPressure", iso(T0)],
      ["PIDPressure", iso(T0)],
      ["Ready", iso(T0)],
    ]);
  });
});

describe("nodeMetadataPatch", () => {
  const base = stored;
  it.each<[string, (n: KubeObject) => void, KubeObject | undefined]>([
    ["as registered: nothing", () => {}, undefined],
    ["a user's label changed: not ours, nothing", (n) => (n.metadata.labels.tier = "core"), undefined],
    ["a user's extra label: nothing", (n) => (n.metadata.labels.extra = "1"), undefined],
    ["hostname changed: put back", (n) => (n.metadata.labels["kubernetes.io/hostname"] = "x"), { metadata: { labels: { "kubernetes.io/hostname": "edge-0" } } }],
    [
      "os label and pool label removed: put back",
      (n) => {
        delete n.metadata.labels["kubernetes.io/os"];
        delete n.metadata.labels["kube-edge.dev/node-pool"];
      },
      { metadata: { labels: { "kubernetes.io/os": "linux", "kube-edge.dev/node-pool": "edge" } } },
    ],
    [
      "no metadata at all",
      (n) => (n.metadata = { name: "edge-0" }),
      {
        metadata: {
          labels: {
            "kubernetes.io/hostname": "edge-0",
            "kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "beta.kubernetes.io/os": "linux",
            "beta.kubernetes.io/arch": "amd64",
            "kube-edge.dev/node-pool": "edge",
          },
          annotations: { "volumes.kubernetes.io/controller-managed-attach-detach": "true" },
        },
      },
    ],
  ])("%s", (_, mutate, patch) => {
    const n = structuredClone(base);
    mutate(n);
    expect(nodeMetadataPatch(n, cfg)).toEqual(patch);
  });

  it("a zone added to the configuration is added", () =>
    expect(nodeMetadataPatch(base, { ...cfg, zone: "z1" })).toEqual({ metadata: { labels: { "topology.kubernetes.io/zone": "z1" } } }));
});

describe("podCidrPatch", () => {
  it.each<[string, KubeObject, KubeObject | undefined]>([
    ["has one: nothing", { spec: { podCIDR: "10.1.0.0/24", podCIDRs: ["10.1.0.0/24"] } }, undefined],
    ["has podCIDRs only: nothing", { spec: { podCIDRs: ["10.1.0.0/24"] } }, undefined],
    ["has none: the index's", { spec: {} }, { spec: { podCIDR: "10.244.7.0/24", podCIDRs: ["10.244.7.0/24"] } }],
    ["no spec: the index's", {}, { spec: { podCIDR: "10.244.7.0/24", podCIDRs: ["10.244.7.0/24"] } }],
  ])("%s", (_, node, patch) => expect(podCidrPatch(node, 7)).toEqual(patch));
});
