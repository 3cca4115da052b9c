/**
 * The taint eviction loop against the real Worker: pods not tolerating a node's NoExecute taint are evicted at
 * once (TaintManagerEviction, DisruptionTarget), pods tolerating it for a while after their tolerationSeconds,
 * pods tolerating it forever stay; and a silent kubelet's pods go after their unreachable toleration.
 */
import { afterAll, describe, expect, it } from "vitest";
import { freshNamespace, patch } from "../../api/client";
import { eventually, eventsFor, MERGE, reportPod, type Obj } from "../kwok";
import { boundPod, dropZone, expectEvicted, nodeIn, podOf, settleControllers, silence, zoneWithCompanion } from "./helpers";

const WAIT = { timeout: 15_000, interval: 100 };
const drainTaint = (timeAdded: string) => ({ key: "example.com/drain", value: "now", effect: "NoExecute", timeAdded });

function expectTaintManagerCondition(pod: Obj | undefined): void {
  if (!pod) return;
  expect(pod.status.conditions.find((c: Obj) => c.type === "DisruptionTarget")).toMatchObject({
    status: "True",
    reason: "DeletionByTaintManager",
    message: "Taint manager: deleting due to NoExecute taint",
  });
}

describe("taint eviction", () => {
  afterAll(() => settleControllers(), 20_000);

  it("a NoExecute taint evicts the pods not tolerating it now, the others after tolerationSeconds, never those tolerating forever", async () => {
    const zone = await zoneWithCompanion();
    const node = await nodeIn(zone, "drain");
    const ns = await freshNamespace("te");
    await boundPod(ns, "untolerated", node);
    await boundPod(ns, "brief", node, [{ key: "example.com/drain", operator: "Exists", effect: "NoExecute", tolerationSeconds: 3 }]);
    await boundPod(ns, "forever", node, [{ key: "example.com/drain", operator: "Equal", value: "now", effect: "NoExecute" }]);
    for (const p of ["untolerated", "brief", "forever"]) await reportPod(ns, p, "Ready");

    const taintedAt = Date.now();
    const added = new Date(taintedAt).toISOString().replace(/\.\d{3}Z$/, "Z");
    expect((await patch(`/api/v1/nodes/${node}`, { spec: { taints: [drainTaint(added)] } }, MERGE)).status).toBe(200);

    expectTaintManagerCondition(await eventually(() => expectEvicted(ns, "untolerated"), WAIT));
    await eventually(async () => {
      const events = await eventsFor(ns, "untolerated");
      expect(events.map((e) => [e.reason, e.message, e.source?.component])).toContainEqual([
        "TaintManagerEviction",
        `Marking for deletion Pod ${ns}/untolerated`,
        "taint-eviction-controller",
      ]);
    });

    expectTaintManagerCondition(await eventually(() => expectEvicted(ns, "brief"), WAIT));
    // Not before its three seconds (timeAdded is at second precision: allow for the truncation).
    const brief = (await podOf(ns, "brief")).body;
    if (brief?.metadata?.deletionTimestamp) {
      const evicted = brief.status.conditions.find((c: Obj) => c.type === "DisruptionTarget");
      expect(Date.parse(evicted.lastTransitionTime)).toBeGreaterThanOrEqual(Date.parse(added) + 3000);
    }

    const forever = (await podOf(ns, "forever")).body;
    expect(forever.metadata.deletionTimestamp).toBeUndefined();
    expect(forever.status.conditions.some((c: Obj) => c.type === "DisruptionTarget")).toBe(false);
    await dropZone(zone);
  }, 30_000);

  it("a silent kubelet's pods go after their unreachable tolerationSeconds", async () => {
    const zone = await zoneWithCompanion();
    const node = await nodeIn(zone, "lost");
    const ns = await freshNamespace("te");
    await boundPod(ns, "short", node, [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 2 }]);
    // Without its own toleration the pod gets DefaultTolerationSeconds' 300 s: it stays for this test.
    await boundPod(ns, "default", node);
    await reportPod(ns, "short", "Ready");
    await reportPod(ns, "default", "Ready");
    const defaulted = (await podOf(ns, "default")).body;
    expect(defaulted.spec.tolerations).toContainEqual({ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 });

    await silence(node, 120);
    expectTaintManagerCondition(await eventually(() => expectEvicted(ns, "short"), WAIT));
    expect((await podOf(ns, "default")).body.metadata.deletionTimestamp).toBeUndefined();
    await dropZone(zone);
  }, 30_000);
});
