import { describe, expect, it } from "vitest";
import { NODE_TABLE } from "../../../worker/tables/core-node";
import type { KubeObject } from "../../../worker/tables/types";
import { columnNames, meta, row } from "./helpers";

const ready = (status: string) => ({ type: "Ready", status });
const node = (labels: Record<string, string>, spec: KubeObject, status?: KubeObject): KubeObject => ({
  metadata: meta("worker-1", { namespace: undefined, labels }),
  spec,
  status,
});

describe("node table", () => {
  it("has upstream's columns", () => {
    expect(columnNames(NODE_TABLE)).toEqual([
      "Name", "Status", "Roles", "Age", "Version", "+Internal-IP", "+External-IP", "+OS-Image", "+Kernel-Version", "+Container-Runtime",
    ]);
  });

  it.each<[string, KubeObject, string, string]>([
    ["ready worker", node({ "kubernetes.io/hostname": "worker-1" }, {}, { conditions: [ready("True")] }), "Ready", "<none>"],
    ["not ready", node({}, {}, { conditions: [{ type: "MemoryPressure", status: "False" }, ready("False")] }), "NotReady", "<none>"],
    ["ready unknown", node({}, {}, { conditions: [ready("Unknown")] }), "NotReady", "<none>"],
    ["no conditions", node({}, {}, {}), "Unknown", "<none>"],
    ["no status", node({}, {}), "Unknown", "<none>"],
    ["cordoned", node({}, { unschedulable: true }, { conditions: [ready("True")] }), "Ready,SchedulingDisabled", "<none>"],
    ["cordoned without conditions", node({}, { unschedulable: true }), "Unknown,SchedulingDisabled", "<none>"],
    ["control plane", node({ "node-role.kubernetes.io/control-plane": "" }, {}, { conditions: [ready("True")] }), "Ready", "control-plane"],
    [
      "several roles sorted, legacy label merged",
      node({ "node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/ingress": "true", "kubernetes.io/role": "edge", "node-role.kubernetes.io/": "" }, {}, { conditions: [ready("True")] }),
      "Ready",
      "edge,ingress,worker",
    ],
    ["legacy label duplicates a role", node({ "node-role.kubernetes.io/master": "", "kubernetes.io/role": "master" }, {}, {}), "Unknown", "master"],
    ["empty legacy label ignored", node({ "kubernetes.io/role": "" }, {}, {}), "Unknown", "<none>"],
  ])("%s", (_name, n, status, roles) => {
    const r = row(NODE_TABLE, n);
    expect([r.Status, r.Roles]).toEqual([status, roles]);
  });

  it("prints version and wide cells", () => {
    const n = node({}, {}, {
      conditions: [ready("True")],
      addresses: [{ type: "Hostname", address: "worker-1" }, { type: "InternalIP", address: "10.0.0.5" }, { type: "ExternalIP", address: "203.0.113.5" }],
      nodeInfo: { kubeletVersion: "v1.32.4", osImage: "Ubuntu 24.04 LTS", kernelVersion: "6.8.0", containerRuntimeVersion: "containerd://1.7.0" },
    });
    expect(Object.values(row(NODE_TABLE, n))).toEqual([
      "worker-1", "Ready", "<none>", "5m", "v1.32.4", "10.0.0.5", "203.0.113.5", "Ubuntu 24.04 LTS", "6.8.0", "containerd://1.7.0",
    ]);
  });

  it("prints placeholders for a node that reported nothing", () => {
    expect(Object.values(row(NODE_TABLE, node({}, {})))).toEqual([
      "worker-1", "Unknown", "<none>", "5m", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>",
    ]);
  });
});
