/**
 * The store's live watchers: what is waiting goes to the reader in one chunk per read (so a reader busy behind
 * a burst of writes catches up in one step), in order, after the replay, and a reader that stops reading is
 * cut off instead of buffered without bound.
 */
import { describe, expect, it } from "vitest";
import { cutOff, HARD_MAX_BYTES, MAX_BUFFERED_BYTES, STALLED_MS, WatchHub, type PublishedChange } from "../../../durable-objects/store/watch-hub";

const decoder = new TextDecoder();
const line = (rev: number, name = `k${rev}`, value = `{"metadata":{"name":"${name}"}}`): PublishedChange => ({ type: "ADDED", revision: rev, value, prev: null });
const revisions = (text: string) => text.trim().split("\n").map((l) => JSON.parse(l).revision as number);

describe("WatchHub", () => {
  it("hands the replay and everything published since over in one read, in order", async () => {
    const hub = new WatchHub();
    const reader = hub.open("/core/configmaps/a/", [line(1), line(2)], undefined, () => 2).getReader();
    for (const rev of [3, 4, 5]) hub.publish(`/core/configmaps/a/k${rev}`, line(rev));
    hub.publish("/core/configmaps/b/x", line(6, "x"));
    const { value } = await reader.read();
    expect(revisions(decoder.decode(value))).toEqual([1, 2, 3, 4, 5]);
    await reader.cancel();
    expect(hub.size).toBe(0);
  });

  it("a read that finds nothing waits for the next event", async () => {
    const hub = new WatchHub();
    const reader = hub.open("/core/pods/", [], undefined, () => 0).getReader();
    const pending = reader.read();
    hub.publish("/core/pods/ns/p", line(7, "p"));
    expect(revisions(decoder.decode((await pending).value))).toEqual([7]);
    hub.publish("/core/pods/ns/q", line(8, "q"));
    hub.publish("/core/pods/ns/r", line(9, "r"));
    expect(revisions(decoder.decode((await reader.read()).value))).toEqual([8, 9]);
  });

  it("splits a long backlog into reads of at most four mebibytes, losing nothing", async () => {
    const hub = new WatchHub();
    const big = JSON.stringify({ big: "x".repeat(100_000) });
    const reader = hub.open("/", [], undefined, () => 0).getReader();
    for (let rev = 1; rev <= 100; rev++) hub.publish("/k", line(rev, "k", big));
    const seen: number[] = [];
    let reads = 0;
    while (seen.length < 100) {
      const { value } = await reader.read();
      reads++;
      expect(value!.byteLength).toBeLessThanOrEqual(4 * 1024 * 1024);
      seen.push(...revisions(decoder.decode(value)));
    }
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(reads).toBeGreaterThanOrEqual(3);
  });

  it("sends `prev` only to a watcher that asked for it", async () => {
    const hub = new WatchHub();
    const withPrev = hub.open("/", [], undefined, () => 0, true).getReader();
    const without = hub.open("/", [], undefined, () => 0, false).getReader();
    hub.publish("/k", { type: "MODIFIED", revision: 2, value: `{"v":2}`, prev: `{"v":1}` });
    expect(JSON.parse(decoder.decode((await withPrev.read()).value))).toEqual({ type: "MODIFIED", revision: 2, object: { v: 2 }, prev: { v: 1 } });
    expect(JSON.parse(decoder.decode((await without.read()).value))).toEqual({ type: "MODIFIED", revision: 2, object: { v: 2 } });
  });

  it.each<[string, number, number, boolean]>([
    ["a small backlog", MAX_BUFFERED_BYTES - 1, STALLED_MS * 10, false],
    ["a large backlog whose reader read just now", MAX_BUFFERED_BYTES, 0, false],
    ["a large backlog whose reader stopped reading", MAX_BUFFERED_BYTES, STALLED_MS, true],
    ["a backlog past the hard limit, reader or not", HARD_MAX_BYTES, 0, true],
  ])("cutOff: %s", (_n, bytes, sinceRead, want) => {
    expect(cutOff(bytes, sinceRead)).toBe(want);
  });

  it("ends the stream of a reader that stopped reading once its backlog passes the limit", async () => {
    let now = 0;
    const hub = new WatchHub(() => now);
    const reader = hub.open("/", [], undefined, () => 0).getReader();
    const big = JSON.stringify({ big: "y".repeat(1024 * 1024) });
    for (let rev = 1; rev <= 16; rev++) hub.publish("/k", line(rev, "k", big));
    hub.publish("/k", line(17));
    expect(hub.size).toBe(1);
    now = STALLED_MS;
    hub.publish("/k", line(18));
    expect(hub.size).toBe(0);
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });

  it("keeps a reader that keeps reading past the limit, so a re-watch behind a burst catches up", async () => {
    let now = 0;
    const hub = new WatchHub(() => now);
    const big = JSON.stringify({ big: "z".repeat(1024 * 1024) });
    // A re-watch whose replay alone passes the limit, then live writes while it reads.
    const replay = Array.from({ length: 20 }, (_, i) => line(i + 1, "k", big));
    const reader = hub.open("/", replay, undefined, () => 20).getReader();
    let seen = 0;
    for (let rev = 21; rev <= 40; rev++) {
      now += STALLED_MS - 1;
      seen += revisions(decoder.decode((await reader.read()).value)).length;
      hub.publish("/k", line(rev, "k", big));
      expect(hub.size).toBe(1);
    }
    while (seen < 40) seen += revisions(decoder.decode((await reader.read()).value)).length;
    expect(seen).toBe(40);
  });
});
