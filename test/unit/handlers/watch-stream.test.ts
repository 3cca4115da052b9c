/**
 * A watch response's body: everything the store delivered while the client's connection was busy goes out in
 * one chunk (not one event per write); the end of the store's stream ends it after what waits is sent; past the
 * pending limit the store is no longer read until the client takes what waits; cancel and the lifetime stop it.
 */
import { describe, expect, it } from "vitest";
import { coalescingStream } from "../../../worker/handlers/watch-stream";

const enc = new TextEncoder();
const dec = new TextDecoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A store stream that hands over one event per read (as the call between objects does) and counts its reads. */
function source(events: string[], { end = true } = {}) {
  let reads = 0;
  let cancelled = false;
  let i = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reads++;
        if (i < events.length) controller.enqueue(enc.encode(events[i++]));
        else if (end) controller.close();
        else await new Promise(() => {});
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { reader: stream.getReader(), reads: () => reads, cancelled: () => cancelled };
}

const render = (chunk: Uint8Array) => dec.decode(chunk);
const lines = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `e${from + i}\n`);

async function readAll(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const chunks: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(dec.decode(value));
  }
}

describe("coalescingStream", () => {
  it("sends what arrived while the client was not reading in one chunk", async () => {
    const src = source(lines(50), { end: false });
    const reader = coalescingStream(src.reader, render, { lifetimeMs: 60_000 }).getReader();
    await sleep(20);
    const { value } = await reader.read();
    expect(dec.decode(value)).toBe(lines(50).join(""));
    await reader.cancel();
    expect(src.cancelled()).toBe(true);
  });

  it("sends the initial chunks first, then the events, and ends after the store's stream ends", async () => {
    const src = source(lines(3));
    const chunks = await readAll(coalescingStream(src.reader, render, { initial: [enc.encode("init\n")], lifetimeMs: 60_000 }));
    expect(chunks[0]).toBe("init\n");
    expect(chunks.slice(1).join("")).toBe(lines(3).join(""));
  });

  it("skips store reads that render to nothing (events the client does not see)", async () => {
    const src = source(["hidden\n", "e1\n"]);
    const chunks = await readAll(coalescingStream(src.reader, (c) => (dec.decode(c) === "hidden\n" ? "" : dec.decode(c)), { lifetimeMs: 60_000 }));
    expect(chunks).toEqual(["e1\n"]);
  });

  it("stops reading the store past the pending limit and reads on once the client took what waits", async () => {
    const src = source(lines(100), { end: false });
    const reader = coalescingStream(src.reader, render, { lifetimeMs: 60_000, maxPendingChars: 30 }).getReader();
    await sleep(20);
    // "eN\n" is 3 characters: ten events reach the limit, and no more is read while the client does not read.
    expect(src.reads()).toBe(10);
    const { value } = await reader.read();
    expect(dec.decode(value)).toBe(lines(10).join(""));
    await sleep(20);
    expect(src.reads()).toBeGreaterThan(10);
    await reader.cancel();
  });

  it("ends when its lifetime is over", async () => {
    const src = source([], { end: false });
    const chunks = await readAll(coalescingStream(src.reader, render, { lifetimeMs: 30 }));
    expect(chunks).toEqual([]);
    expect(src.cancelled()).toBe(true);
  });
});
