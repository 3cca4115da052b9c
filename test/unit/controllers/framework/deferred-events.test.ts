/**
 * A loop's Events are written after its work (worker/controllers/framework/deferred-events.ts): queued by the
 * pass, written right after a small round, else once the drain has been idle for LINGER_MS, or at once when
 * FLUSH_AT wait; a write's failure never reaches the pass. Through the real scheduler: the bindings land, their
 * `Scheduled` events follow, for one pod and for a burst.
 */
import { describe, expect, it } from "vitest";
import { DeferredEvents, FLUSH_AT, idleStep, INLINE_ROUND, writeAfterRound } from "../../../../worker/controllers/framework/deferred-events";
import { freshNamespace, get, post } from "../../api/client";
import { unique } from "../../security/helpers";
import { eventually, registerNode } from "../kwok";

describe("when the Events go out", () => {
  it.each<[string, { waiting: number; lingered: boolean; paused: boolean; full: boolean }, string]>([
    ["nothing waits: the drain stops", { waiting: 0, lingered: false, paused: false, full: false }, "stop"],
    ["nothing waits after a linger: stop", { waiting: 0, lingered: true, paused: false, full: false }, "stop"],
    ["Events wait, first idle moment: linger for new keys", { waiting: 3, lingered: false, paused: false, full: false }, "linger"],
    ["lingered once and still idle: write", { waiting: 3, lingered: true, paused: false, full: false }, "write"],
    ["paused: no keys will come, write at once", { waiting: 3, lingered: false, paused: true, full: false }, "write"],
    ["FLUSH_AT wait: write at once", { waiting: FLUSH_AT, lingered: false, paused: false, full: true }, "write"],
  ])("%s", (_, state, step) => expect(idleStep(state)).toBe(step));

  it("writes after a small round, not after a large one", () => {
    expect(writeAfterRound(1)).toBe(true);
    expect(writeAfterRound(INLINE_ROUND - 1)).toBe(true);
    expect(writeAfterRound(INLINE_ROUND)).toBe(false);
    expect(writeAfterRound(512)).toBe(false);
  });
});

describe("DeferredEvents", () => {
  it("holds writes until flushed, then runs each once, including those queued while flushing", async () => {
    const events = new DeferredEvents();
    const written: string[] = [];
    events.add(async () => {
      written.push("a");
      events.add(async () => void written.push("c"));
    });
    events.add(async () => void written.push("b"));
    expect(written).toEqual([]);
    expect(events.size).toBe(2);
    await events.flush();
    expect(written.sort()).toEqual(["a", "b", "c"]);
    expect(events.size).toBe(0);
  });

  it("logs a failing write and goes on with the others", async () => {
    const events = new DeferredEvents();
    let ran = 0;
    events.add(async () => {
      throw new Error("store down");
    });
    events.add(async () => void ran++);
    await expect(events.flush()).resolves.toBeUndefined();
    expect(ran).toBe(1);
  });

  it("is full at FLUSH_AT writes", () => {
    const events = new DeferredEvents();
    for (let i = 0; i < FLUSH_AT - 1; i++) events.add(async () => {});
    expect(events.full).toBe(false);
    events.add(async () => {});
    expect(events.full).toBe(true);
  });

  it("lingers the whole time unless interrupted", async () => {
    const events = new DeferredEvents();
    expect(await events.linger(5)).toBe(true);
    const cut = events.linger(60_000);
    events.interrupt();
    expect(await cut).toBe(false);
    events.interrupt(); // no linger running: nothing happens
  });
});

describe("a pass's Events through the real scheduler", () => {
  const podOn = (node: string, name: string) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { nodeSelector: { "kubernetes.io/hostname": node }, containers: [{ name: "c", image: "nginx" }] },
  });
  const scheduledMessages = async (ns: string): Promise<string[]> =>
    (await get(`/api/v1/namespaces/${ns}/events?fieldSelector=reason%3DScheduled`)).body.items
      .filter((e: { source: { component: string } }) => e.source.component === "default-scheduler")
      .map((e: { message: string }) => e.message)
      .sort();

  it("binds one pod and then records its Scheduled event", async () => {
    const node = unique("deferred-node");
    await registerNode(node);
    const ns = await freshNamespace("deferred");
    expect((await post(`/api/v1/namespaces/${ns}/pods`, podOn(node, "p"))).status).toBe(201);
    await eventually(async () => expect((await get(`/api/v1/namespaces/${ns}/pods/p`)).body.spec.nodeName).toBe(node));
    await eventually(async () => expect(await scheduledMessages(ns)).toEqual([`Successfully assigned ${ns}/p to ${node}`]));
  });

  it("binds a burst queued while paused in one large round, then records every Scheduled event once", async () => {
    const node = unique("deferred-burst");
    await registerNode(node);
    const ns = await freshNamespace("deferred-burst");
    const names = Array.from({ length: INLINE_ROUND + 6 }, (_, i) => `b-${i}`);
    expect((await post("/admin/controllers/scheduler/pause", {})).status).toBe(200);
    try {
      for (const name of names) expect((await post(`/api/v1/namespaces/${ns}/pods`, podOn(node, name))).status).toBe(201);
    } finally {
      expect((await post("/admin/controllers/scheduler/resume", {})).status).toBe(200);
    }
    await eventually(async () => {
      const pods = (await get(`/api/v1/namespaces/${ns}/pods`)).body.items;
      expect(pods.filter((p: { spec: { nodeName?: string } }) => p.spec.nodeName === node)).toHaveLength(names.length);
    });
    await eventually(async () => expect(await scheduledMessages(ns)).toEqual(names.map((n) => `Successfully assigned ${ns}/${n} to ${node}`).sort()));
  });
});
