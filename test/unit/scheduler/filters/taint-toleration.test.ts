import { describe, expect, it } from "vitest";
import {
  taintTolerationFilter,
  type FilterResult,
  type Taint,
  type Toleration,
} from "../../../../worker/scheduler/filters";
import { info, node, pod } from "./helpers";

describe("TaintToleration filter", () => {
  const untolerated = (key: string, value = ""): FilterResult => ({
    ok: false,
    reasons: [`node(s) had untolerated taint {${key}: ${value}}`],
    unresolvable: true,
  });
  it.each<[string, Taint[] | undefined, Toleration[] | undefined, FilterResult]>([
    ["no taints", undefined, undefined, { ok: true }],
    ["not-ready taint, no tolerations", [{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }], undefined, untolerated("node.kubernetes.io/not-ready")],
    ["NoExecute taint counts", [{ key: "dedicated", value: "gpu", effect: "NoExecute" }], [], untolerated("dedicated", "gpu")],
    ["PreferNoSchedule ignored", [{ key: "dedicated", value: "gpu", effect: "PreferNoSchedule" }], [], { ok: true }],
    [
      "tolerated taint",
      [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }],
      [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }],
      { ok: true },
    ],
    [
      "first untolerated taint in node order is reported",
      [
        { key: "a", value: "1", effect: "NoSchedule" },
        { key: "b", value: "2", effect: "NoSchedule" },
        { key: "c", value: "3", effect: "NoExecute" },
      ],
      [{ key: "a", operator: "Exists" }],
      untolerated("b", "2"),
    ],
    [
      "control-plane taint",
      [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }],
      [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 }],
      untolerated("node-role.kubernetes.io/control-plane"),
    ],
    ["tolerate-everything", [{ key: "a", value: "1", effect: "NoExecute" }], [{ operator: "Exists" }], { ok: true }],
  ])("%s", (_name, taints, tolerations, want) => {
    const p = pod(tolerations ? { tolerations } : {});
    expect(taintTolerationFilter(p, info(node("n1", { spec: taints ? { taints } : {} })))).toEqual(want);
  });
});
