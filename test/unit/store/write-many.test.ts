/**
 * StoreDO.writeMany and getMany: a batch of writes is applied in order exactly as the same calls one by one —
 * each its own compare-and-swap, revision and watch event, failures answered in place without stopping the
 * rest — and a batch of reads answers each key as `get` does.
 */
import { describe, expect, it } from "vitest";
import type { StoreWrite } from "../../../durable-objects/store/types";
import { cm, encodeForStore, freshStore, readEvents } from "./helpers";

const key = (n: string) => `/core/configmaps/default/${n}`;

describe("writeMany", () => {
  it("applies creates, updates and deletes in order, each with its own revision and outcome", async () => {
    const s = freshStore();
    const a = await s.create(key("a"), cm("a"));
    if (!a.ok) throw new Error("create failed");
    const writes: StoreWrite[] = [
      { op: "create", key: key("b"), obj: cm("b") },
      { op: "create", key: key("a"), obj: cm("a") },
      { op: "update", key: key("a"), obj: cm("a", { v: "2" }), expectedRevision: a.revision },
      { op: "update", key: key("a"), obj: cm("a", { v: "3" }), expectedRevision: a.revision },
      { op: "delete", key: key("b") },
      { op: "delete", key: key("nope") },
    ];
    const results = await s.writeMany(writes);
    expect(results.map((r) => (r.ok ? "ok" : r.reason))).toEqual(["ok", "exists", "ok", "conflict", "ok", "not_found"]);
    const revisions = results.flatMap((r) => (r.ok ? [r.revision] : []));
    expect(revisions).toEqual([a.revision + 1, a.revision + 2, a.revision + 3]);
    const got = await s.get(key("a"));
    expect(got.ok && JSON.parse(got.value).data).toEqual({ v: "2" });
    expect((await s.get(key("b"))).ok).toBe(false);
  });

  it("publishes one watch event per applied write, in revision order", async () => {
    const s = freshStore();
    const start = await s.revision();
    const watch = await s.watch("/core/configmaps/", start);
    if (!watch.ok) throw new Error("watch failed");
    await s.writeMany([
      { op: "create", key: key("x"), obj: cm("x") },
      { op: "create", key: key("x"), obj: cm("x") },
      { op: "create", key: key("y"), obj: cm("y") },
    ]);
    const events = await readEvents(watch.stream, 2);
    expect(events.map((e) => [e.type, e.object?.metadata?.name, e.revision])).toEqual([
      ["ADDED", "x", start + 1],
      ["ADDED", "y", start + 2],
    ]);
  });

  it("answers a write that throws in place and still applies the others", async () => {
    const s = freshStore();
    const broken = { json: `{"metadata":{"name":"bad"}}`, placeholder: "never-in-the-text" };
    const results = await s.writeMany([
      { op: "create", key: key("ok1"), obj: cm("ok1") },
      { op: "create", key: key("bad"), obj: broken },
      { op: "create", key: key("ok2"), obj: cm("ok2") },
    ]);
    expect(results.map((r) => (r.ok ? "ok" : r.reason))).toEqual(["ok", "thrown", "ok"]);
    expect((await s.get(key("ok2"))).ok).toBe(true);
    expect((await s.get(key("bad"))).ok).toBe(false);
  });
});

describe("getMany", () => {
  it("answers each key as get does", async () => {
    const s = freshStore();
    await s.create(key("a"), cm("a"));
    await s.create(key("b"), encodeForStore({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "b", namespace: "default" } }));
    const many = await s.getMany([key("b"), key("missing"), key("a")]);
    expect(many).toEqual([await s.get(key("b")), { ok: false, reason: "not_found" }, await s.get(key("a"))]);
  });
});
