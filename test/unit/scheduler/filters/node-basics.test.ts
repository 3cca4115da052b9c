import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { nodeNameFilter, nodeUnschedulableFilter, runFilters, type FilterResult } from "../../../../worker/scheduler/filters";
import { info, node, pod } from "./helpers";

const UNSCHEDULABLE: FilterResult = { ok: false, reasons: ["node(s) were unschedulable"], unresolvable: true };

describe("NodeUnschedulable", () => {
  it.each<[string, KubeObject, KubeObject, FilterResult]>([
    ["schedulable node", {}, pod(), { ok: true }],
    ["unschedulable: false", { unschedulable: false }, pod(), { ok: true }],
    ["cordoned node", { unschedulable: true }, pod(), UNSCHEDULABLE],
    [
      "cordoned, pod tolerates the unschedulable taint",
      { unschedulable: true },
      pod({ tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }] }),
      { ok: true },
    ],
    ["cordoned, pod tolerates everything", { unschedulable: true }, pod({ tolerations: [{ operator: "Exists" }] }), { ok: true }],
    [
      "cordoned, toleration for another effect",
      { unschedulable: true },
      pod({ tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoExecute" }] }),
      UNSCHEDULABLE,
    ],
  ])("%s", (_name, spec, p, want) => {
    expect(nodeUnschedulableFilter(p, info(node("n1", { spec })))).toEqual(want);
  });
});

describe("NodeName", () => {
  it.each<[string, string | undefined, FilterResult]>([
    ["no nodeName", undefined, { ok: true }],
    ["empty nodeName", "", { ok: true }],
    ["matching nodeName", "n1", { ok: true }],
    ["other nodeName", "n2", { ok: false, reasons: ["node(s) didn't match the requested node name"], unresolvable: true }],
  ])("%s", (_name, nodeName, want) => {
    const p = pod(nodeName === undefined ? {} : { nodeName });
    expect(nodeNameFilter(p, info(node("n1")))).toEqual(want);
  });
});

describe("runFilters (default profile order)", () => {
  const cordonedTainted = node("n1", { spec: { unschedulable: true, taints: [{ key: "k", effect: "NoSchedule" }] } });
  it.each<[string, KubeObject, KubeObject, FilterResult]>([
    ["all pass", pod(), node("n1"), { ok: true }],
    ["NodeUnschedulable rejects before TaintToleration", pod(), cordonedTainted, UNSCHEDULABLE],
    [
      "TaintToleration rejects before NodeAffinity",
      pod({ nodeSelector: { a: "b" } }),
      node("n1", { spec: { taints: [{ key: "k", value: "v", effect: "NoExecute" }] } }),
      { ok: false, reasons: ["node(s) had untolerated taint {k: v}"], unresolvable: true },
    ],
    [
      "NodeResourcesFit runs last",
      pod({ containers: [{ name: "c", resources: { requests: { cpu: "8" } } }] }),
      node("n1"),
      { ok: false, reasons: ["Insufficient cpu"] },
    ],
  ])("%s", (_name, p, n, want) => {
    expect(runFilters(p, info(n))).toEqual(want);
  });
});
