/** Store conformance: revision log semantics, CAS, snapshot lists, watch replay/live, compaction, restarts. */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { cm, encodeForStore, freshStore, readEvents } from "./helpers";

const key = (n: string) => `/core/configmaps/default/${n}`;

describe("revision log", () => {
  it("create assigns increasing revisions and sets resourceVersion", async () => {
    const s = freshStore();
    const a = await s.create(key("a"), cm("a"));
    const b = await s.create(key("b"), cm("b"));
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(b.revision).toBe(a.revision + 1);
    expect(JSON.parse(a.value).metadata.resourceVersion).toBe(String(a.revision));
    const got = await s.get(key("a"));
    expect(got).toEqual({ ok: true, revision: a.revision, value: a.value });
  });

  it("create of an existing key is refused with the current value", async () => {
    const s = freshStore();
    await s.create(key("a"), cm("a"));
    const again = await s.create(key("a"), cm("a", { x: "1" }));
    expect(again.ok).toBe(false);
    expect(!again.ok && again.reason).toBe("exists");
  });

  it("update is compare-and-swap on the previous revision", async () => {
    const s = freshStore();
    const a = await s.create(key("a"), cm("a"));
    if (!a.ok) throw new Error("create failed");
    const stale = await s.update(key("a"), cm("a", { v: "2" }), a.revision + 100);
    expect(!stale.ok && stale.reason).toBe("conflict");
    const ok = await s.update(key("a"), cm("a", { v: "2" }), a.revision);
    expect(ok.ok).toBe(true);
    const again = await s.update(key("a"), cm("a", { v: "3" }), a.revision);
    expect(!again.ok && again.reason).toBe("conflict");
    const missing = await s.update(key("nope"), cm("nope"), 1);
    expect(!missing.ok && missing.reason).toBe("not_found");
  });

  it("concurrent CAS writers: exactly one wins", async () => {
    const s = freshStore();
    const a = await s.create(key("a"), cm("a"));
    if (!a.ok) throw new Error("create failed");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => s.update(key("a"), cm("a", { writer: String(i) }), a.revision)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === "conflict")).toHaveLength(19);
  });

  it("delete leaves a tombstone event and frees the key", async () => {
    const s = freshStore();
    const a = await s.create(key("a"), cm("a"));
    if (!a.ok) throw new Error();
    const stale = await s.delete(key("a"), a.revision + 5);
    expect(!stale.ok && stale.reason).toBe("conflict");
    const d = await s.delete(key("a"));
    expect(d.ok).toBe(true);
    expect((await s.get(key("a"))).ok).toBe(false);
    const w = await s.watch("/core/configmaps/", a.revision);
    if (!w.ok) throw new Error();
    const [ev] = await readEvents(w.stream, 1);
    expect(ev.type).toBe("DELETED");
    expect(ev.object?.metadata.name).toBe("a");
    expect(ev.revision).toBe(a.revision + 1);
    const re = await s.create(key("a"), cm("a"));
    expect(re.ok).toBe(true);
  });
});

describe("lists", () => {
  it("stops a page before maxBytes (one item at least) and says it was cut for size", async () => {
    const s = freshStore();
    for (const n of ["a", "b", "c"]) await s.create(key(n), cm(n));
    const one = (await s.list("/core/configmaps/default/")) as { items: string[] };
    const size = one.items[0].length;
    const page = await s.list("/core/configmaps/default/", { maxBytes: size * 2 + 1 });
    if (!page.ok) throw new Error();
    expect(page.items.map((t) => JSON.parse(t).metadata.name)).toEqual(["a", "b"]);
    expect(page.cutBySize).toBe(true);
    expect(page.lastKey).toBe(key("b"));
    const tiny = await s.list("/core/configmaps/default/", { maxBytes: 1 });
    if (!tiny.ok) throw new Error();
    expect(tiny.items).toHaveLength(1);
    const byLimit = await s.list("/core/configmaps/default/", { limit: 1, maxBytes: size * 10 });
    if (!byLimit.ok) throw new Error();
    expect(byLimit.cutBySize).toBeUndefined();
  });

  it("is a consistent snapshot paged with limit/startAfter at one revision", async () => {
    const s = freshStore();
    for (const n of ["a", "b", "c", "d", "e"]) await s.create(key(n), cm(n));
    const first = await s.list("/core/configmaps/default/", { limit: 2 });
    if (!first.ok) throw new Error();
    expect(first.items.map((t) => JSON.parse(t).metadata.name)).toEqual(["a", "b"]);
    expect(first.remaining).toBe(3);
    // Changes after the first page do not show up in later pages of the same snapshot.
    await s.delete(key("c"));
    await s.create(key("bb"), cm("bb"));
    const second = await s.list("/core/configmaps/default/", { limit: 2, revision: first.revision, startAfter: first.lastKey });
    if (!second.ok) throw new Error();
    expect(second.items.map((t) => JSON.parse(t).metadata.name)).toEqual(["c", "d"]);
    const third = await s.list("/core/configmaps/default/", { limit: 2, revision: first.revision, startAfter: second.lastKey });
    if (!third.ok) throw new Error();
    expect(third.items.map((t) => JSON.parse(t).metadata.name)).toEqual(["e"]);
    expect(third.lastKey).toBeUndefined();
    const now = await s.list("/core/configmaps/default/");
    if (!now.ok) throw new Error();
    expect(now.items.map((t) => JSON.parse(t).metadata.name)).toEqual(["a", "b", "bb", "d", "e"]);
  });

  it("applies the filter in the store and pages over matches only", async () => {
    const s = freshStore();
    for (let i = 0; i < 10; i++) await s.create(key(`o${i}`), cm(`o${i}`, {}, { parity: i % 2 ? "odd" : "even" }));
    const res = await s.list("/core/configmaps/", {
      limit: 3,
      filter: { labels: [{ key: "parity", operator: "=", values: ["odd"] }] },
    });
    if (!res.ok) throw new Error();
    expect(res.items.map((t) => JSON.parse(t).metadata.name)).toEqual(["o1", "o3", "o5"]);
    expect(res.lastKey).toBe(key("o5"));
  });

  it("refuses revisions newer than the store's", async () => {
    const s = freshStore();
    await s.create(key("a"), cm("a"));
    const res = await s.list("/core/configmaps/", { revision: 1000 });
    expect(!res.ok && res.reason).toBe("too_large_revision");
  });

  it("does not leak keys outside the prefix through startAfter", async () => {
    const s = freshStore();
    await s.create("/core/secrets/default/s", encodeForStore({ metadata: { name: "s" } }));
    await s.create(key("a"), cm("a"));
    const res = await s.list("/core/configmaps/", { startAfter: "/core/" });
    if (!res.ok) throw new Error();
    expect(res.items.map((t) => JSON.parse(t).metadata.name)).toEqual(["a"]);
  });
});

describe("watch", () => {
  it("replays history then delivers live events with no gaps or duplicates", async () => {
    const s = freshStore();
    const a = await s.create(key("a"), cm("a"));
    if (!a.ok) throw new Error();
    await s.update(key("a"), cm("a", { v: "2" }), a.revision);
    const w = await s.watch("/core/configmaps/", a.revision - 1);
    if (!w.ok) throw new Error();
    const writes = (async () => {
      await s.create(key("b"), cm("b"));
      await s.delete(key("a"));
    })();
    const events = await readEvents(w.stream, 4);
    await writes;
    expect(events.map((e) => [e.type, e.object?.metadata.name])).toEqual([
      ["ADDED", "a"],
      ["MODIFIED", "a"],
      ["ADDED", "b"],
      ["DELETED", "a"],
    ]);
    const revs = events.map((e) => e.revision);
    expect(revs).toEqual([...revs].sort((x, y) => x - y));
    expect(new Set(revs).size).toBe(revs.length);
    expect(events[1].prev?.data).toEqual({});
  });

  it("a watch resumed from the last seen revision sees every later change exactly once", async () => {
    const s = freshStore();
    const w1 = await s.watch("/core/configmaps/", 0);
    if (!w1.ok) throw new Error();
    for (let i = 0; i < 5; i++) await s.create(key(`x${i}`), cm(`x${i}`));
    const seen = await readEvents(w1.stream, 3);
    const last = seen[seen.length - 1].revision;
    const w2 = await s.watch("/core/configmaps/", last);
    if (!w2.ok) throw new Error();
    const rest = await readEvents(w2.stream, 2);
    expect([...seen, ...rest].map((e) => e.object?.metadata.name)).toEqual(["x0", "x1", "x2", "x3", "x4"]);
  });

  it("only sees keys under its prefix", async () => {
    const s = freshStore();
    const w = await s.watch("/core/configmaps/ns1/", 0);
    if (!w.ok) throw new Error();
    await s.create("/core/configmaps/ns2/a", cm("a"));
    await s.create("/core/configmaps/ns1/b", cm("b"));
    const events = await readEvents(w.stream, 1);
    expect(events.map((e) => e.object?.metadata.name)).toEqual(["b"]);
  });

  it("sends PROGRESS lines carrying the current revision", async () => {
    const s = freshStore();
    const a = await s.create(key("a"), cm("a"));
    if (!a.ok) throw new Error();
    const w = await s.watch("/core/configmaps/", a.revision, { progressMs: 20 });
    if (!w.ok) throw new Error();
    const reader = w.stream.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    expect(JSON.parse(new TextDecoder().decode(value))).toEqual({ type: "PROGRESS", revision: a.revision });
  });
});

describe("compaction", () => {
  it("keeps current values, drops superseded history, and answers compacted for old start points", async () => {
    const s = freshStore();
    const a = await s.create(key("a"), cm("a"));
    if (!a.ok) throw new Error();
    let rev = a.revision;
    for (let i = 0; i < 10; i++) {
      const u = await s.update(key("a"), cm("a", { v: String(i) }), rev);
      if (!u.ok) throw new Error();
      rev = u.revision;
    }
    await s.create(key("b"), cm("b"));
    const d = await s.delete(key("b"));
    if (!d.ok) throw new Error();
    const { compactRevision } = await s.compact({ minRevisions: 3, minAgeMs: -1000 });
    expect(compactRevision).toBe(d.revision - 3);
    const w = await s.watch("/core/configmaps/", compactRevision - 1);
    expect(!w.ok && w.reason).toBe("compacted");
    const old = await s.list("/core/configmaps/", { revision: compactRevision - 1 });
    expect(!old.ok && old.reason).toBe("compacted");
    const cur = await s.get(key("a"));
    expect(cur.ok && JSON.parse(cur.value).data).toEqual({ v: "9" });
    const ok = await s.watch("/core/configmaps/", compactRevision);
    expect(ok.ok).toBe(true);
    if (ok.ok) await ok.stream.cancel();
  });

  it("respects the time window: nothing recent is compacted", async () => {
    const s = freshStore();
    for (let i = 0; i < 5; i++) await s.create(key(`n${i}`), cm(`n${i}`));
    const { compactRevision } = await s.compact({ minRevisions: 0, minAgeMs: 60_000 });
    expect(compactRevision).toBe(0);
  });
});

describe("durability", () => {
  it("data and revisions survive a Durable Object restart", async () => {
    const s = freshStore();
    const a = await s.create(key("a"), cm("a"));
    if (!a.ok) throw new Error();
    await evictDurableObject(s);
    const got = await s.get(key("a"));
    expect(got.ok && got.revision).toBe(a.revision);
    const b = await s.create(key("b"), cm("b"));
    expect(b.ok && b.revision).toBe(a.revision + 1);
    const rev = await runInDurableObject(s, (inst) => inst.revision());
    expect(rev).toBe(a.revision + 1);
  });
});
