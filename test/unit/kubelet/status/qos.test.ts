import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { computePodQOS, podQOS, type QOSClass } from "../../../../worker/kubelet/status/qos";

const ctr = (resources?: KubeObject) => ({ name: "c", image: "x", ...(resources ? { resources } : {}) });
const both = (cpu: string, memory: string) => ({ cpu, memory });

describe("computePodQOS (ComputePodQOS)", () => {
  it.each<[string, KubeObject, QOSClass]>([
    ["no resources", { containers: [ctr()] }, "BestEffort"],
    ["only non-QoS resources", { containers: [ctr({ requests: { "ephemeral-storage": "1Gi" } })] }, "BestEffort"],
    ["zero requests count as none", { containers: [ctr({ requests: both("0", "0") })] }, "BestEffort"],
    ["requests equal limits for cpu and memory", { containers: [ctr({ requests: both("1", "1Gi"), limits: both("1", "1Gi") })] }, "Guaranteed"],
    ["equal quantities written differently", { containers: [ctr({ requests: both("1000m", "1024Mi"), limits: both("1", "1Gi") })] }, "Guaranteed"],
    ["limits only: requests default to limits", { containers: [ctr({ limits: both("500m", "256Mi") })] }, "Guaranteed"],
    ["requests below limits", { containers: [ctr({ requests: both("100m", "1Gi"), limits: both("1", "1Gi") })] }, "Burstable"],
    ["a cpu limit without a memory limit", { containers: [ctr({ limits: { cpu: "1" } })] }, "Burstable"],
    ["requests only", { containers: [ctr({ requests: { memory: "64Mi" } })] }, "Burstable"],
    [
      "one guaranteed and one best-effort container",
      { containers: [ctr({ limits: both("1", "1Gi") }), ctr()] },
      "Burstable",
    ],
    [
      "an init container without limits spoils Guaranteed",
      { containers: [ctr({ limits: both("1", "1Gi") })], initContainers: [ctr({ requests: { cpu: "100m" } })] },
      "Burstable",
    ],
    [
      "guaranteed app and init containers",
      { containers: [ctr({ limits: both("1", "1Gi") })], initContainers: [ctr({ limits: both("2", "2Gi") })] },
      "Guaranteed",
    ],
    ["resources on an init container alone make the pod Burstable", { containers: [ctr()], initContainers: [ctr({ requests: { cpu: "1" } })] }, "Burstable"],
  ])("%s", (_name, spec, expected) => expect(computePodQOS(spec)).toBe(expected));

  it("does not change the spec it is given", () => {
    const spec = { containers: [ctr({ limits: both("1", "1Gi") })] };
    const before = JSON.stringify(spec);
    computePodQOS(spec);
    expect(JSON.stringify(spec)).toBe(before);
  });
});

describe("podQOS (GetPodQOS)", () => {
  it.each<[string, KubeObject, QOSClass]>([
    ["status.qosClass wins over the spec", { spec: { containers: [ctr()] }, status: { qosClass: "Burstable" } }, "Burstable"],
    ["computed when the status has none", { spec: { containers: [ctr({ limits: both("1", "1Gi") })] }, status: {} }, "Guaranteed"],
  ])("%s", (_name, pod, expected) => expect(podQOS(pod)).toBe(expected));
});
