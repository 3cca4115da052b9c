/** Node health from the Lease and the Ready heartbeat: staleness, Unknown conditions, when to look again. */
import { describe, expect, it } from "vitest";
import {
  NODE_MONITOR_GRACE_PERIOD_MS,
  nodeHealth,
  recheckAfterMs,
  type NodeCondition,
} from "../../../../worker/controllers/node-lifecycle/health";
import type { KubeObject } from "../../../../schema/types";

const T0 = Date.parse("2025-01-01T00:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
const micro = (s: number) => new Date(T0 + s * 1000).toISOString().replace(/Z$/, "000Z");

const cond = (type: string, status: string, heartbeat = at(0)): NodeCondition => ({
  type,
  status,
  reason: "Kubelet",
  message: "m",
  lastHeartbeatTime: heartbeat,
  lastTransitionTime: at(0),
});

const node = (conditions: NodeCondition[] | undefined, created = at(-3600)): KubeObject => ({
  metadata: { name: "n1", creationTimestamp: created },
  status: conditions ? { conditions } : {},
});
const lease = (renew: number): KubeObject => ({ spec: { renewTime: micro(renew) } });

const healthy = [cond("Ready", "True"), cond("MemoryPressure", "False"), cond("DiskPressure", "False"), cond("PIDPressure", "False")];

describe("nodeHealth", () => {
  it.each([
    ["fresh lease and heartbeat", node(healthy), lease(0), 10],
    ["old heartbeat, fresh lease (the lease is the heartbeat)", node(healthy), lease(40), 60],
    ["fresh heartbeat, no lease", node(healthy), undefined, 49],
    ["exactly at the grace period", node(healthy), lease(0), 50],
  ])("%s: healthy, nothing to write (converged)", (_name, n, l, nowS) => {
    const h = nodeHealth(n, l, T0 + nowS * 1000);
    expect(h.conditions).toBeUndefined();
    expect(h.ready).toBe("True");
    expect(h.observedReady).toBe("True");
  });

  it("a silent kubelet: Ready, MemoryPressure, DiskPressure, PIDPressure become Unknown, heartbeats kept", () => {
    const n = node([...healthy, cond("NetworkUnavailable", "False")]);
    const h = nodeHealth(n, lease(5), T0 + 56_000);
    expect(h.ready).toBe("Unknown");
    expect(h.observedReady).toBe("True");
    const byType = Object.fromEntries(h.conditions!.map((c) => [c.type, c]));
    for (const type of ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]) {
      expect(byType[type]).toEqual({
        type,
        status: "Unknown",
        reason: "NodeStatusUnknown",
        message: "Kubelet stopped posting node status.",
        lastHeartbeatTime: at(0),
        lastTransitionTime: at(56),
      });
    }
    // The network plugin's condition is left alone.
    expect(byType.NetworkUnavailable.status).toBe("False");
    expect(n.status.conditions[0].status).toBe("True");
  });

  it("conditions the kubelet never posted are added as NodeStatusNeverUpdated", () => {
    const h = nodeHealth(node([cond("Ready", "True")]), undefined, T0 + 120_000);
    const mem = h.conditions!.find((c) => c.type === "MemoryPressure");
    expect(mem).toEqual({
      type: "MemoryPressure",
      status: "Unknown",
      reason: "NodeStatusNeverUpdated",
      message: "Kubelet never posted node status.",
      lastHeartbeatTime: at(-3600),
      lastTransitionTime: at(120),
    });
  });

  it("an already Unknown Ready condition is not written again (converged)", () => {
    const unknown = healthy.map((c) => ({ ...c, status: "Unknown", reason: "NodeStatusUnknown" }));
    const h = nodeHealth(node(unknown), lease(0), T0 + 300_000);
    expect(h.conditions).toBeUndefined();
    expect(h.ready).toBe("Unknown");
  });

  it("a node that never posted Ready has the startup grace period (60 s) from its creation", () => {
    expect(nodeHealth(node(undefined, at(0)), undefined, T0 + 55_000).conditions).toBeUndefined();
    const h = nodeHealth(node(undefined, at(0)), undefined, T0 + 61_000);
    expect(h.ready).toBe("Unknown");
    expect(h.conditions!.map((c) => [c.type, c.reason])).toEqual([
      ["Ready", "NodeStatusNeverUpdated"],
      ["MemoryPressure", "NodeStatusNeverUpdated"],
      ["DiskPressure", "NodeStatusNeverUpdated"],
      ["PIDPressure", "NodeStatusNeverUpdated"],
    ]);
  });

  it("a kubelet-reported NotReady node stays as reported while heard from", () => {
    const h = nodeHealth(node([cond("Ready", "False")]), lease(0), T0 + 1000);
    expect(h).toMatchObject({ ready: "False", observedReady: "False" });
    expect(h.conditions).toBeUndefined();
  });
});

describe("recheckAfterMs", () => {
  it.each([
    ["heard from 10 s ago: no timer (healthy clusters set no alarms)", 0, 10, undefined],
    ["heard from 19.9 s ago: no timer", 0, 19.9, undefined],
    ["heard from 30 s ago: a timer for when it turns stale", 0, 30, NODE_MONITOR_GRACE_PERIOD_MS - 30_000 + 1],
    ["already stale: no timer (it is marked now)", 0, 51, undefined],
  ])("%s", (_name, renew, nowS, expected) => {
    const now = T0 + nowS * 1000;
    expect(recheckAfterMs(nodeHealth(node(healthy.map((c) => ({ ...c, lastHeartbeatTime: at(renew) }))), lease(renew), now), now)).toBe(expected);
  });

  it.each([
    ["the cron's pass: a node heard from 10 s ago gets a timer for its grace period's end", 0, 10, 40_001],
    ["the cron's pass: heard from just now", 0, 0.25, 49_751],
    ["the cron's pass: already stale, no timer", 0, 51, undefined],
  ])("%s", (_name, renew, nowS, expected) => {
    const now = T0 + nowS * 1000;
    expect(recheckAfterMs(nodeHealth(node(healthy.map((c) => ({ ...c, lastHeartbeatTime: at(renew) }))), lease(renew), now), now, true)).toBe(expected);
  });
});
