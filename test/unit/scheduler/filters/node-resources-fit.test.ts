import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import {
  insufficientResources,
  nodeResourcesFitFilter,
  type FilterResult,
} from "../../../../worker/scheduler/filters";
import { info, node, pod, requesting } from "./helpers";

const c = (requests: Record<string, string>, extra: KubeObject = {}) => ({ name: "c", image: "x", resources: { requests }, ...extra });

const CPU: FilterResult = { ok: false, reasons: ["Insufficient cpu"] };

describe("NodeResourcesFit filter", () => {
  const busy = requesting({ cpu: "3", memory: "6Gi" }, "busy");
  it.each<[string, KubeObject, KubeObject[], Record<string, string> | undefined, FilterResult]>([
    ["empty node, small pod", requesting({ cpu: "1", memory: "1Gi" }), [], undefined, { ok: true }],
    ["exact fit", requesting({ cpu: "1", memory: "2Gi" }), [busy], undefined, { ok: true }],
    ["one millicore too many", requesting({ cpu: "1001m" }), [busy], undefined, CPU],
    ["memory", requesting({ memory: "2049Mi" }), [busy], undefined, { ok: false, reasons: ["Insufficient memory"] }],
    [
      "every shortfall is a reason, in upstream order",
      requesting({ cpu: "2", memory: "3Gi", "ephemeral-storage": "20Gi", "example.com/gpu": "1" }),
      [busy],
      { cpu: "4", memory: "8Gi", pods: "110", "ephemeral-storage": "10Gi" },
      {
        ok: false,
        reasons: ["Insufficient cpu", "Insufficient memory", "Insufficient ephemeral-storage", "Insufficient example.com/gpu"],
      },
    ],
    ["request larger than allocatable is still only Unschedulable", requesting({ cpu: "5" }), [], undefined, CPU],
    [
      "extended resource available",
      requesting({ "example.com/gpu": "1" }),
      [requesting({ "example.com/gpu": "1" }, "other")],
      { cpu: "4", memory: "8Gi", pods: "110", "example.com/gpu": "2" },
      { ok: true },
    ],
    [
      "extended resource used up",
      requesting({ "example.com/gpu": "2" }),
      [requesting({ "example.com/gpu": "1" }, "other")],
      { cpu: "4", memory: "8Gi", pods: "110", "example.com/gpu": "2" },
      { ok: false, reasons: ["Insufficient example.com/gpu"] },
    ],
    ["zero extended request is skipped", requesting({ "example.com/gpu": "0" }), [], undefined, { ok: true }],
    ["non-scalar unknown resource is ignored", requesting({ foo: "5" }), [], undefined, { ok: true }],
    ["too many pods", pod(), [pod({}, "a"), pod({}, "b")], { cpu: "4", memory: "8Gi", pods: "2" }, { ok: false, reasons: ["Too many pods"] }],
    [
      "too many pods comes first",
      requesting({ cpu: "5" }),
      [pod({}, "a")],
      { cpu: "4", memory: "8Gi", pods: "1" },
      { ok: false, reasons: ["Too many pods", "Insufficient cpu"] },
    ],
    ["no pods allocatable", pod(), [], { cpu: "4", memory: "8Gi" }, { ok: false, reasons: ["Too many pods"] }],
    ["best-effort pod fits a full node", pod(), [requesting({ cpu: "4", memory: "8Gi" }, "full")], undefined, { ok: true }],
    [
      "existing pod's init container counts",
      requesting({ cpu: "2" }),
      [pod({ initContainers: [c({ cpu: "3" })], containers: [c({ cpu: "100m" })] }, "init")],
      undefined,
      CPU,
    ],
    [
      "existing pod's overhead counts",
      requesting({ cpu: "1" }),
      [pod({ overhead: { cpu: "500m" }, containers: [c({ cpu: "3" })] }, "kata")],
      undefined,
      CPU,
    ],
    [
      "incoming pod's overhead counts",
      pod({ overhead: { cpu: "1m" }, containers: [c({ cpu: "1" })] }),
      [busy],
      undefined,
      CPU,
    ],
    [
      "cpu rounds up to millicores per pod",
      requesting({ cpu: "0.0001" }),
      [requesting({ cpu: "3999m" }, "nearly")],
      undefined,
      { ok: true },
    ],
    [
      "each pod's cpu rounds up to millicores separately",
      requesting({ cpu: "0.0001" }),
      [requesting({ cpu: "3999.5m" }, "nearly")],
      undefined,
      CPU,
    ],
    [
      "memory rounds up to bytes",
      requesting({ memory: "1500m" }),
      [requesting({ memory: "8589934591" }, "nearly")],
      undefined,
      { ok: false, reasons: ["Insufficient memory"] },
    ],
  ])("%s", (_name, p, existing, allocatable, want) => {
    expect(nodeResourcesFitFilter(p, info(node("n1", allocatable ? { allocatable } : {}), existing))).toEqual(want);
  });

  it("reports the numbers behind each reason", () => {
    const got = insufficientResources(requesting({ cpu: "2" }), info(node("n1"), [requesting({ cpu: "3" }, "x")]));
    expect(got).toEqual([{ resourceName: "cpu", reason: "Insufficient cpu", requested: 2000n, used: 3000n, capacity: 4000n }]);
  });
});
