import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { canonicalQuantity, type Quantity } from "../../../../schema/validation/quantity-exact";
import {
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  isScalarResourceName,
  podRequests,
  resourceAmount,
  resourceList,
} from "../../../../worker/scheduler/common";

const c = (requests: Record<string, string>, extra: KubeObject = {}) => ({ name: "c", image: "x", resources: { requests }, ...extra });
const bare = (extra: KubeObject = {}) => ({ name: "c", image: "x", ...extra });
const sidecar = (requests: Record<string, string>) => c(requests, { restartPolicy: "Always" });
const asText = (list: Map<string, Quantity>) => Object.fromEntries([...list].map(([k, q]) => [k, canonicalQuantity(q)]));

// Upstream TestPodRequests (component-helpers/resource) cases: sum of containers vs max of init steps, + overhead.
describe("PodRequests", () => {
  it.each<[string, KubeObject, Record<string, string>]>([
    ["no requests", { containers: [{ name: "c" }] }, {}],
    ["no containers", {}, {}],
    ["sum of containers", { containers: [c({ cpu: "100m", memory: "64Mi" }), c({ cpu: "200m" })] }, { cpu: "300m", memory: "64Mi" }],
    [
      "init container larger than the sum wins per resource",
      { initContainers: [c({ cpu: "1", memory: "10Mi" })], containers: [c({ cpu: "100m", memory: "64Mi" }), c({ cpu: "200m" })] },
      { cpu: "1", memory: "64Mi" },
    ],
    ["init containers are maxed, not summed", { initContainers: [c({ cpu: "500m" }), c({ cpu: "700m" })], containers: [c({ cpu: "100m" })] }, { cpu: "700m" }],
    ["sidecar adds to the containers", { initContainers: [sidecar({ cpu: "100m" })], containers: [c({ cpu: "200m" })] }, { cpu: "300m" }],
    [
      "init container after a sidecar runs beside it",
      { initContainers: [sidecar({ cpu: "100m" }), c({ cpu: "1" })], containers: [c({ cpu: "200m" })] },
      { cpu: "1100m" },
    ],
    [
      "init container before a sidecar runs alone",
      { initContainers: [c({ cpu: "1" }), sidecar({ cpu: "100m" })], containers: [c({ cpu: "200m" })] },
      { cpu: "1" },
    ],
    [
      "KEP-753 example",
      { initContainers: [sidecar({ cpu: "1" }), c({ cpu: "2" }), sidecar({ cpu: "3" }), c({ cpu: "5" })], containers: [c({ cpu: "1" })] },
      { cpu: "9" },
    ],
    ["overhead is added", { overhead: { cpu: "250m", memory: "120Mi" }, containers: [c({ cpu: "1", memory: "1Gi" })] }, { cpu: "1250m", memory: "1144Mi" }],
    ["extended resources sum", { containers: [c({ "example.com/gpu": "1" }), c({ "example.com/gpu": "2" })] }, { "example.com/gpu": "3" }],
    // Summed exactly, converted once: 3 × 0.5m = 1.5m, which MilliValue later rounds up to 2.
    ["exact sum before any rounding", { containers: [c({ cpu: "500u" }), c({ cpu: "500u" }), c({ cpu: "500u" })] }, { cpu: "1500u" }],
    ["unparsable quantities are dropped", { containers: [c({ cpu: "lots", memory: "1Gi" })] }, { memory: "1Gi" }],
  ])("%s", (_name, spec, want) => {
    expect(asText(podRequests({ spec }))).toEqual(want);
  });
});

// schedutil.GetNonzeroRequests / PodResourcesOptions.NonMissingContainerRequests: scoring only.
describe("PodRequests with the non-zero scoring defaults", () => {
  const amounts = (spec: KubeObject, nonMissing: boolean) => {
    const list = podRequests({ spec }, nonMissing);
    return [resourceAmount(list, "cpu"), resourceAmount(list, "memory")];
  };
  const MI200 = DEFAULT_MEMORY_REQUEST;
  it.each<[string, KubeObject, bigint[], bigint[]]>([
    ["one container without requests", { containers: [bare()] }, [0n, 0n], [DEFAULT_MILLI_CPU_REQUEST, MI200]],
    ["defaults per container, not per pod", { containers: [bare(), bare()] }, [0n, 0n], [200n, 2n * MI200]],
    ["only the missing key is defaulted", { containers: [c({ cpu: "500m" })] }, [500n, 0n], [500n, MI200]],
    ["an explicit 0 stays 0", { containers: [c({ cpu: "0", memory: "0" })] }, [0n, 0n], [0n, 0n]],
    ["no containers, no defaults", { containers: [] }, [0n, 0n], [0n, 0n]],
    // Sidecar defaults add to the containers; the init container's footprint (100m + 100m) does not exceed 200m.
    ["init containers and sidecars are defaulted too", { initContainers: [sidecar({}), bare()], containers: [bare()] }, [0n, 0n], [200n, 2n * MI200]],
    ["overhead is never defaulted, only added", { overhead: { cpu: "50m" }, containers: [bare()] }, [50n, 0n], [150n, MI200]],
  ])("%s", (_name, spec, plain, nonZero) => {
    expect(amounts(spec, false)).toEqual(plain);
    expect(amounts(spec, true)).toEqual(nonZero);
  });
});

describe("resourceAmount and resourceList", () => {
  it.each<[string, Record<string, string>, string, bigint]>([
    ["cpu in millicores, rounded up", { cpu: "0.0001" }, "cpu", 1n],
    ["memory in bytes, rounded up", { memory: "1500m" }, "memory", 2n],
    ["binary suffix", { memory: "1Ki" }, "memory", 1024n],
    ["absent resource", {}, "cpu", 0n],
  ])("%s", (_name, raw, name, want) => {
    expect(resourceAmount(resourceList(raw), name)).toBe(want);
  });

  it("a non-object is an empty list", () => {
    expect(resourceList("cpu").size).toBe(0);
    expect(resourceList(null).size).toBe(0);
  });
});

describe("IsScalarResourceName", () => {
  it.each<[string, boolean]>([
    ["example.com/gpu", true],
    ["nvidia.com/gpu", true],
    ["random/resource", true],
    ["hugepages-2Mi", true],
    ["attachable-volumes-aws-ebs", true],
    ["kubernetes.io/something", true],
    ["cpu", false],
    ["memory", false],
    ["ephemeral-storage", false],
    ["foo", false],
    ["requests.example.com/gpu", false],
    // Not a qualified name once prefixed with "requests.", so not an extended resource.
    ["a/b/c", false],
  ])("%s → %s", (name, want) => {
    expect(isScalarResourceName(name)).toBe(want);
  });
});
