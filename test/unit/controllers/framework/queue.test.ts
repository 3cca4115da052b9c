/** The work queue's pure decisions: failure back-off, requeue, bounded concurrency, wake routing. */
import { describe, expect, it } from "vitest";
import { afterSync, backoffMs, mapLimit, MAX_BACKOFF_MS, type QueueRow } from "../../../../worker/controllers/framework/queue";
import { wakesOf } from "../../../../worker/controllers/framework/wake";
import { controllerRefOf, keyOf, splitKey, type ControllerLoop } from "../../../../worker/controllers/framework/loop";
import { prng, Faults } from "../../../../worker/controllers/framework/faults";

const row: QueueRow = { loop: "l", key: "ns/a", due: 0, failures: 0 };

describe("backoffMs", () => {
  it.each([
    [0, 5],
    [1, 10],
    [4, 80],
    [13, 40_960],
    [14, MAX_BACKOFF_MS],
    [100, MAX_BACKOFF_MS],
  ])("after %i failures waits %i ms", (failures, ms) => expect(backoffMs(failures)).toBe(ms));
});

describe("afterSync", () => {
  it("a success without requeue leaves nothing queued (converged)", () => {
    expect(afterSync(row, { ok: true }, 1000)).toBeUndefined();
  });
  it("a success with requeueAfter queues the key then and clears failures", () => {
    expect(afterSync({ ...row, failures: 3 }, { ok: true, requeueAfterMs: 250.2 }, 1000)).toEqual({ ...row, failures: 0, due: 1251 });
  });
  it("a negative requeue means now", () => {
    expect(afterSync(row, { ok: true, requeueAfterMs: -5 }, 1000)?.due).toBe(1000);
  });
  it("a failure backs off exponentially from the row's failures", () => {
    expect(afterSync(row, { ok: false, error: new Error("x") }, 1000)).toEqual({ ...row, failures: 1, due: 1005 });
    expect(afterSync({ ...row, failures: 3 }, { ok: false, error: 0 }, 1000)).toEqual({ ...row, failures: 4, due: 1040 });
  });
});

describe("mapLimit", () => {
  it("keeps order and never exceeds the limit", async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, (7 - n) * 2));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
  });
  it("handles nothing to do", async () => expect(await mapLimit([], 4, async () => 1)).toEqual([]));
});

describe("wakesOf", () => {
  const loop = (name: string, wakes: ControllerLoop["wakes"]): ControllerLoop => ({
    name,
    user: { username: name, groups: [] },
    component: name,
    wakes,
    resyncKeys: async () => [],
  });
  const pods = loop("pods", (c) => (c.resource === "/pods" ? [keyOf(c.object), keyOf(c.object)] : []));
  const none = loop("none", () => []);
  it("routes a change to the loops that want it, keys deduplicated", () => {
    const change = { type: "ADDED" as const, resource: "/pods", object: { metadata: { namespace: "ns", name: "p" } } };
    expect([...wakesOf([pods, none], change)]).toEqual([["pods", ["ns/p"]]]);
  });
  it("a change nobody follows wakes nothing", () => {
    expect(wakesOf([pods, none], { type: "MODIFIED", resource: "/configmaps", object: {} }).size).toBe(0);
  });
});

describe("keys and controller references", () => {
  it.each([
    [{ metadata: { namespace: "ns", name: "a" } }, "ns/a", { namespace: "ns", name: "a" }],
    [{ metadata: { name: "node-1" } }, "node-1", { name: "node-1" }],
  ])("keyOf/splitKey %j", (obj, key, parts) => {
    expect(keyOf(obj)).toBe(key);
    expect(splitKey(key)).toEqual(parts);
  });
  const owned = {
    metadata: {
      ownerReferences: [
        { apiVersion: "v1", kind: "ReplicaSet", name: "not-controller", uid: "0" },
        { apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "1", controller: true },
      ],
    },
  };
  it("finds the controller reference by kind and group", () => {
    expect(controllerRefOf(owned, "ReplicaSet", "apps")).toEqual({ name: "rs", uid: "1" });
    expect(controllerRefOf(owned, "ReplicaSet", "")).toBeUndefined();
    expect(controllerRefOf(owned, "StatefulSet")).toBeUndefined();
    expect(controllerRefOf({}, "ReplicaSet")).toBeUndefined();
  });
});

describe("faults", () => {
  it("the same seed gives the same schedule", () => {
    const a = prng(42);
    const b = prng(42);
    const xs = Array.from({ length: 20 }, () => a());
    expect(Array.from({ length: 20 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(20);
  });
  it("no plan injects nothing; probability 1 always injects", () => {
    const off = new Faults();
    const on = new Faults({ seed: 1, dropPoke: 1, failAlarm: 1 });
    expect([off.dropPoke(), off.duplicatePoke(), off.failAlarm()]).toEqual([false, false, false]);
    expect([on.dropPoke(), on.duplicatePoke(), on.failAlarm()]).toEqual([true, false, true]);
  });
});
