/**
 * The node lifecycle loop against the real Worker: a silent kubelet's node goes Unknown with the unreachable
 * taints and its pods not Ready, recovery removes them, a kubelet reporting NotReady gets the not-ready taints,
 * cordoning taints unschedulable, a lease close to stale sets a timer, and when every node looks silent the
 * controller holds back the NoExecute taint.
 */
import { env } from "cloudflare:test";
import { afterAll, describe, expect, it } from "vitest";
import { registry } from "../../../../schema/registry";
import type { Env } from "../../../../worker/env";
import { ControllerApi } from "../../../../worker/controllers/framework/api";
import { nodeLifecycleLoop } from "../../../../worker/controllers/node-lifecycle";
import { freshNamespace, get, patch } from "../../api/client";
import { paused } from "../paused";
import { eventually, eventsFor, MERGE, reportPod, type Obj } from "../kwok";
import { boundPod, dropZone, kubeletBack, kubeletNotReady, nodeIn, nodeOf, ownedTaints, podOf, settleControllers, silence, zoneWithCompanion } from "./helpers";

const ENV = env as unknown as Env;
const UNREACHABLE = ["node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"];
const readyOf = (node: Obj) => node.status.conditions.find((c: Obj) => c.type === "Ready");

describe("node lifecycle", () => {
  afterAll(() => settleControllers(), 20_000);

  it("a silent kubelet: Unknown conditions, unreachable taints, NodeNotReady, pods not Ready; recovery clears the taints", async () => {
    const zone = await zoneWithCompanion();
    const node = await nodeIn(zone, "silent");
    const ns = await freshNamespace("nl");
    await boundPod(ns, "web", node, [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" }]);
    await reportPod(ns, "web", "Ready");

    await silence(node, 120);
    const marked = await eventually(async () => {
      const n = await nodeOf(node);
      expect(ownedTaints(n)).toEqual(UNREACHABLE);
      return n;
    });
    expect(readyOf(marked)).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." });
    for (const type of ["MemoryPressure", "DiskPressure", "PIDPressure"]) {
      expect(marked.status.conditions.find((c: Obj) => c.type === type)?.status).toBe("Unknown");
    }
    for (const t of marked.spec.taints) expect(Date.parse(t.timeAdded)).toBeGreaterThan(Date.now() - 60_000);

    const pod = await eventually(async () => {
      const p = (await podOf(ns, "web")).body;
      expect(p.status.conditions.find((c: Obj) => c.type === "Ready")?.status).toBe("False");
      return p;
    });
    expect(pod.metadata.deletionTimestamp).toBeUndefined();
    await eventually(async () => {
      const events = await eventsFor(ns, "web");
      expect(events.map((e) => [e.type, e.reason, e.message, e.source?.component])).toContainEqual(["Warning", "NodeNotReady", "Node is not ready", "node-controller"]);
    });
    await eventually(async () => {
      const events = await eventsFor("default", node);
      expect(events.map((e) => [e.reason, e.message, e.involvedObject?.kind])).toContainEqual(["NodeNotReady", `Node ${node} status is now: NodeNotReady`, "Node"]);
    });

    await kubeletBack(node);
    await eventually(async () => expect(ownedTaints(await nodeOf(node))).toEqual([]));
    expect(readyOf(await nodeOf(node)).status).toBe("True");
    await dropZone(zone);
  });

  it("a kubelet reporting NotReady gets the not-ready taints, swapped away when Ready again", async () => {
    const zone = await zoneWithCompanion();
    const node = await nodeIn(zone, "notready");
    await kubeletNotReady(node);
    await eventually(async () => expect(ownedTaints(await nodeOf(node))).toEqual(["node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/not-ready:NoSchedule"]));
    await kubeletBack(node);
    await eventually(async () => expect(ownedTaints(await nodeOf(node))).toEqual([]));
    await dropZone(zone);
  });

  it("cordon (spec.unschedulable) taints node.kubernetes.io/unschedulable:NoSchedule; uncordon removes it", async () => {
    const zone = await zoneWithCompanion();
    const node = await nodeIn(zone, "cordon");
    expect((await patch(`/api/v1/nodes/${node}`, { spec: { unschedulable: true } }, MERGE)).status).toBe(200);
    const tainted = await eventually(async () => {
      const n = await nodeOf(node);
      expect(ownedTaints(n)).toEqual(["node.kubernetes.io/unschedulable:NoSchedule"]);
      return n;
    });
    expect(tainted.spec.taints[0].timeAdded).toBeTruthy();
    expect((await patch(`/api/v1/nodes/${node}`, { spec: { unschedulable: false } }, MERGE)).status).toBe(200);
    await eventually(async () => expect(ownedTaints(await nodeOf(node))).toEqual([]));
    await dropZone(zone);
  });

  it("a node last heard from 40 s ago is marked by a timer when its grace period ends, not before", async () => {
    const zone = await zoneWithCompanion();
    const node = await nodeIn(zone, "timer");
    await silence(node, 40);
    // Stale only at heartbeat + 50 s: ten seconds from now.
    expect(readyOf(await nodeOf(node)).status).toBe("True");
    await eventually(async () => expect(readyOf(await nodeOf(node)).status).toBe("Unknown"), { timeout: 25_000, interval: 200 });
    await dropZone(zone);
  }, 40_000);

  it("a healthy node: a sync changes nothing and sets no timer (converged)", async () => {
    const zone = await zoneWithCompanion();
    const node = await nodeIn(zone, "healthy");
    const before = await nodeOf(node);
    const api = new ControllerApi(ENV, registry, nodeLifecycleLoop.user, nodeLifecycleLoop.component);
    const results = await nodeLifecycleLoop.syncBatch!(api, [node]);
    expect(results.get(node)).toBeUndefined();
    expect((await nodeOf(node)).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    await dropZone(zone);
  });

  it("when every node looks silent, the NoExecute taint is held back (master disruption mode)", async () => {
    const zone = await zoneWithCompanion();
    const node = await nodeIn(zone, "partition");
    // Ten minutes on, every node of the cluster (the companion too) is past its grace period.
    const later = () => new Date(Date.now() + 600_000);
    const api = new ControllerApi(ENV, registry, nodeLifecycleLoop.user, nodeLifecycleLoop.component, later);
    // The loop's own object runs on the real clock: it would see the Unknown condition in a healthy zone and add
    // the NoExecute taint. Paused, it stays out; a pass already running may still race a write: retry it.
    const n = await paused(nodeLifecycleLoop.name, async () => {
      await eventually(() => nodeLifecycleLoop.syncBatch!(api, [node]));
      return nodeOf(node);
    });
    expect(readyOf(n).status).toBe("Unknown");
    expect(ownedTaints(n)).toEqual(["node.kubernetes.io/unreachable:NoSchedule"]);
    expect((await get(`/api/v1/nodes/${zone.nodes[0]}`)).body.spec.taints ?? []).toEqual([]);
    await dropZone(zone);
  });
});
