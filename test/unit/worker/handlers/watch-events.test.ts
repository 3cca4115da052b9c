/**
 * What one watcher sees of a store change (apiserver cacher: an object that stops matching the watcher's
 * selector is DELETED for it, one that starts matching is ADDED), and the store stream's line framing.
 */
import { describe, expect, it } from "vitest";
import type { StoreEvent } from "../../../../durable-objects/store/types";
import { LineDecoder, visibleEvent } from "../../../../worker/handlers/watch-events";
import { parseObjectFilter, type ObjectFilter } from "../../../../worker/selectors";

const filter = (labelSelector: string, fieldSelector = ""): ObjectFilter => {
  const r = parseObjectFilter({ labelSelector, fieldSelector }, ["spec.nodeName"]);
  if (!r.ok) throw new Error(r.message);
  return r.filter;
};
const pod = (app: string | undefined, nodeName = "") => ({
  metadata: { name: "p", namespace: "ns", ...(app ? { labels: { app } } : {}) },
  spec: { nodeName },
});
const WEB = filter("app=web");
const ON_N1 = filter("", "spec.nodeName=n1");
const EVERYTHING = filter("");

describe("visibleEvent", () => {
  it.each<[string, StoreEvent, ObjectFilter, string | undefined]>([
    ["ADDED, no selector", { type: "ADDED", revision: 1, object: pod(undefined) }, EVERYTHING, "ADDED"],
    ["ADDED, matching", { type: "ADDED", revision: 1, object: pod("web") }, WEB, "ADDED"],
    ["ADDED, not matching", { type: "ADDED", revision: 1, object: pod("db") }, WEB, undefined],
    ["DELETED, matching", { type: "DELETED", revision: 2, object: pod("web") }, WEB, "DELETED"],
    ["DELETED, not matching", { type: "DELETED", revision: 2, object: pod("db") }, WEB, undefined],
    ["MODIFIED, no selector", { type: "MODIFIED", revision: 2, object: pod("db"), prev: pod("web") }, EVERYTHING, "MODIFIED"],
    ["MODIFIED, staying in", { type: "MODIFIED", revision: 2, object: pod("web"), prev: pod("web") }, WEB, "MODIFIED"],
    ["MODIFIED, entering", { type: "MODIFIED", revision: 2, object: pod("web"), prev: pod("db") }, WEB, "ADDED"],
    ["MODIFIED, leaving", { type: "MODIFIED", revision: 2, object: pod("db"), prev: pod("web") }, WEB, "DELETED"],
    ["MODIFIED, never matching", { type: "MODIFIED", revision: 2, object: pod("db"), prev: pod("api") }, WEB, undefined],
    ["MODIFIED without prev, matching", { type: "MODIFIED", revision: 2, object: pod("web"), prev: null }, WEB, "ADDED"],
    ["MODIFIED without prev, not matching", { type: "MODIFIED", revision: 2, object: pod("db") }, WEB, undefined],
    ["MODIFIED, entering by field", { type: "MODIFIED", revision: 2, object: pod(undefined, "n1"), prev: pod(undefined, "") }, ON_N1, "ADDED"],
    ["MODIFIED, leaving by field", { type: "MODIFIED", revision: 2, object: pod(undefined, "n2"), prev: pod(undefined, "n1") }, ON_N1, "DELETED"],
    ["PROGRESS", { type: "PROGRESS", revision: 3 }, EVERYTHING, undefined],
  ])("%s", (_, ev, f, want) => {
    const got = visibleEvent(ev, f);
    expect(got?.type).toBe(want);
    // A watcher always gets the object's new state, even in the DELETED it sees when the object leaves.
    if (got) expect(got.object).toBe(ev.object);
  });
});

describe("LineDecoder", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  const split = (b: Uint8Array, at: number[]) => {
    const cuts = [0, ...at, b.length];
    return cuts.slice(1).map((end, i) => b.subarray(cuts[i], end));
  };
  const decodeAll = (chunks: Uint8Array[]) => {
    const d = new LineDecoder();
    return chunks.map((c) => d.push(c));
  };
  const stream = '{"type":"ADDED","object":{"name":"é✓"}}\n\n{"type":"PROGRESS","revision":9}\n';

  it.each<[string, number[], unknown[][]]>([
    ["one chunk", [], [[{ type: "ADDED", object: { name: "é✓" } }, { type: "PROGRESS", revision: 9 }]]],
    ["split mid-line", [10], [[], [{ type: "ADDED", object: { name: "é✓" } }, { type: "PROGRESS", revision: 9 }]]],
    // "é" is bytes 34–35 of the stream: cut between them
    ["split inside a UTF-8 character", [35], [[], [{ type: "ADDED", object: { name: "é✓" } }, { type: "PROGRESS", revision: 9 }]]],
    // "✓" is three bytes (36–38): cut after its first and second
    ["split twice inside one character", [37, 38], [[], [], [{ type: "ADDED", object: { name: "é✓" } }, { type: "PROGRESS", revision: 9 }]]],
    ["split right after a newline", [43], [[{ type: "ADDED", object: { name: "é✓" } }], [{ type: "PROGRESS", revision: 9 }]]],
    ["one byte at a time", Array.from({ length: bytes(stream).length - 1 }, (_, i) => i + 1), []],
  ])("%s", (_, at, want) => {
    const b = bytes(stream);
    const out = decodeAll(split(b, at));
    if (want.length) expect(out).toEqual(want);
    expect(out.flat()).toEqual([{ type: "ADDED", object: { name: "é✓" } }, { type: "PROGRESS", revision: 9 }]);
  });

  it("holds an unterminated last line", () => {
    const d = new LineDecoder();
    expect(d.push(bytes('{"a":1}\n{"b":'))).toEqual([{ a: 1 }]);
    expect(d.push(bytes("2}"))).toEqual([]);
    expect(d.push(bytes("\n"))).toEqual([{ b: 2 }]);
  });
});
