/** The node controller's taints: condition NoSchedule taints, the NoExecute not-ready/unreachable taint and its gate. */
import { describe, expect, it } from "vitest";
import { noScheduleTaintKeys, reconcileNodeTaints, type NoExecuteGate, type Taint } from "../../../../worker/controllers/node-lifecycle/taints";
import type { NodeCondition } from "../../../../worker/controllers/node-lifecycle/health";

const NOW = "2025-01-01T00:01:00Z";
const OLD = "2025-01-01T00:00:00Z";
const c = (type: string, status: string): NodeCondition => ({ type, status });
const t = (key: string, effect: string, timeAdded = OLD): Taint => ({ key, effect, timeAdded });
const NR = "node.kubernetes.io/not-ready";
const UR = "node.kubernetes.io/unreachable";
const US = "node.kubernetes.io/unschedulable";
const user = { key: "dedicated", value: "db", effect: "NoSchedule" };

interface Case {
  name: string;
  ready: string | undefined;
  taints: Taint[];
  gate?: NoExecuteGate;
  unschedulable?: boolean;
  extra?: NodeCondition[];
  want: Taint[] | undefined;
}

const cases: Case[] = [
  { name: "Ready, no taints: converged", ready: "True", taints: [], want: undefined },
  { name: "Ready with a user taint: converged", ready: "True", taints: [user as Taint], want: undefined },
  {
    name: "Unknown: unreachable NoSchedule and NoExecute, stamped",
    ready: "Unknown",
    taints: [user as Taint],
    want: [user as Taint, t(UR, "NoSchedule", NOW), t(UR, "NoExecute", NOW)],
  },
  { name: "Unknown, already tainted: converged", ready: "Unknown", taints: [t(UR, "NoSchedule"), t(UR, "NoExecute")], want: undefined },
  {
    name: "False after Unknown: the taints swap to not-ready at once",
    ready: "False",
    taints: [t(UR, "NoSchedule"), t(UR, "NoExecute")],
    want: [t(NR, "NoSchedule", NOW), t(NR, "NoExecute", NOW)],
  },
  { name: "False: not-ready taints", ready: "False", taints: [], want: [t(NR, "NoSchedule", NOW), t(NR, "NoExecute", NOW)] },
  { name: "recovered: both removed", ready: "True", taints: [t(UR, "NoSchedule"), user as Taint, t(UR, "NoExecute")], want: [user as Taint] },
  { name: "zone on hold: NoSchedule only", ready: "Unknown", taints: [], gate: "hold", want: [t(UR, "NoSchedule", NOW)] },
  {
    name: "zone on hold: an existing NoExecute taint still swaps",
    ready: "Unknown",
    taints: [t(NR, "NoSchedule"), t(NR, "NoExecute")],
    gate: "hold",
    want: [t(UR, "NoSchedule", NOW), t(UR, "NoExecute", NOW)],
  },
  { name: "zone on hold, already tainted: converged", ready: "Unknown", taints: [t(UR, "NoSchedule"), t(UR, "NoExecute")], gate: "hold", want: undefined },
  {
    name: "every zone disrupted: NoExecute removed, NoSchedule kept",
    ready: "Unknown",
    taints: [t(UR, "NoSchedule"), t(UR, "NoExecute")],
    gate: "clear",
    want: [t(UR, "NoSchedule")],
  },
  { name: "cordoned: unschedulable taint", ready: "True", taints: [], unschedulable: true, want: [t(US, "NoSchedule", NOW)] },
  { name: "cordoned and tainted: converged", ready: "True", taints: [t(US, "NoSchedule")], unschedulable: true, want: undefined },
  { name: "uncordoned: unschedulable taint removed", ready: "True", taints: [t(US, "NoSchedule")], want: [] },
  {
    name: "pressure conditions: their NoSchedule taints",
    ready: "True",
    taints: [t("node.kubernetes.io/disk-pressure", "NoSchedule")],
    extra: [c("MemoryPressure", "True"), c("DiskPressure", "False"), c("PIDPressure", "True")],
    want: [t("node.kubernetes.io/memory-pressure", "NoSchedule", NOW), t("node.kubernetes.io/pid-pressure", "NoSchedule", NOW)],
  },
  {
    name: "no Ready condition yet: NoExecute taints are left alone",
    ready: undefined,
    taints: [t(UR, "NoExecute")],
    want: undefined,
  },
  {
    name: "a user's NoExecute taint with another key is kept",
    ready: "True",
    taints: [t("example.com/drain", "NoExecute"), t(NR, "NoExecute")],
    want: [t("example.com/drain", "NoExecute")],
  },
];

describe("reconcileNodeTaints", () => {
  it.each(cases)("$name", ({ ready, taints, gate, unschedulable, extra, want }) => {
    const conditions = [...(ready ? [c("Ready", ready)] : []), ...(extra ?? [])];
    const node = { spec: { taints, ...(unschedulable ? { unschedulable: true } : {}) } };
    const before = JSON.stringify(node);
    expect(reconcileNodeTaints(node, conditions, ready, gate ?? "allow", NOW)).toEqual(want);
    expect(JSON.stringify(node)).toBe(before);
  });
});

describe("noScheduleTaintKeys", () => {
  it.each([
    [[c("Ready", "True")], false, []],
    [[c("Ready", "False")], false, [NR]],
    [[c("Ready", "Unknown")], true, [UR, US]],
    [[c("NetworkUnavailable", "True"), c("MemoryPressure", "Unknown")], false, ["node.kubernetes.io/network-unavailable"]],
  ])("%j unschedulable=%s → %j", (conditions, unschedulable, keys) => {
    expect(noScheduleTaintKeys(conditions, unschedulable)).toEqual(keys);
  });
});
