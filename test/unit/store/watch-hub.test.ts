/**
 * The store's live watchers: what is waiting goes to the reader in one chunk per read (so a reader busy behind
 * a burst of writes catches up in one step), in order, after the replay, and a reader that stops reading is
 * cut off instead of buffered without bound.
 */
import { describe, expect, it } from "vitest";
import { eventLine, WatchHub } from "../../../durable-objects/store/watch-hub";

const decoder = new TextDecoder();
const line = (rev: number, name = `k${rev}`) => eventLine("ADDED", rev, `{"metadata":{"name":"${name}"}}`, null);
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

  it("splits a long backlog into reads of about a mebibyte, losing nothing", async () => {
    const hub = new WatchHub();
    const big = "x".repeat(100_000);
    const reader = hub.open("/", [], undefined, () => 0).getReader();
    for (let rev = 1; rev <= 30; rev++) hub.publish("/k", eventLine("ADDED", rev, JSON.stringify({ big }), null));
    const seen: number[] = [];
    let reads = 0;
    while (seen.length < 30) {
      const { value } = await reader.read();
      reads++;
      expect(value!.byteLength).toBeLessThanOrEqual(1024 * 1024);
      seen.push(...revisions(decoder.decode(value)));
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(reads).toBeGreaterThanOrEqual(3);
  });

  it("ends the stream of a reader that stopped reading once its backlog passes the limit", async () => {
    const hub = new WatchHub();
    const reader = hub.open("/", [], undefined, () => 0).getReader();
    const big = JSON.stringify({ big: "y".repeat(1024 * 1024) });
    for (let rev = 1; rev <= 16; rev++) hub.publish("/k", eventLine("ADDED", rev, big, null));
    expect(hub.size).toBe(1);
    hub.publish("/k", line(17));
    expect(hub.size).toBe(0);
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });
});
