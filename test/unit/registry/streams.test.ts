/** Bounded-memory stream helpers: parts of a fixed size, a limited read, concatenation, streamed sha256. */
import { describe, expect, it } from "vitest";
import { concatStreams, partsOf, readLimited, sha256Hex, sha256HexOfStreams } from "../../../worker/registry/streams";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(enc(chunk));
      c.close();
    },
  });
}

async function* fromArray<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield i;
}

describe("partsOf", () => {
  it.each([
    [["abcdefg"], 3, ["abc", "def", "g"]],
    [["ab", "cd", "ef"], 3, ["abc", "def"]],
    [["a", "", "b"], 1, ["a", "b"]],
    [[], 3, []],
    [["abc"], 10, ["abc"]],
  ])("%j in parts of %d → %j", async (chunks, size, want) => {
    const got: string[] = [];
    for await (const p of partsOf(streamOf(...chunks), size)) got.push(dec(p));
    expect(got).toEqual(want);
  });
});

describe("readLimited", () => {
  it.each([
    [["ab", "cd"], 4, "abcd"],
    [["ab", "cde"], 4, undefined],
    [[], 0, ""],
  ])("%j within %d → %j", async (chunks, limit, want) => {
    const got = await readLimited(streamOf(...chunks), limit);
    expect(got === undefined ? undefined : dec(got)).toBe(want);
  });
});

describe("concatStreams and sha256HexOfStreams", () => {
  it("joins streams in order", async () => {
    const joined = concatStreams(fromArray([streamOf("ab", "c"), streamOf(), streamOf("de")]));
    expect(await new Response(joined).text()).toBe("abcde");
  });

  it("hashes several streams as one", async () => {
    const whole = await sha256Hex(enc("hello world"));
    expect(whole).toBe("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
    expect(await sha256HexOfStreams(fromArray([streamOf("hello"), streamOf(" ", "world")]))).toBe(whole);
    expect(await sha256HexOfStreams(fromArray([]))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
