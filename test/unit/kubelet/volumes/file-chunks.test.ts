/** File contents as chunks under the Durable Object SQLite value limit. */
import { describe, expect, it } from "vitest";
import { appendChunks, CHUNK_BYTES, fileBytes, joinChunks, splitChunks } from "../../../../worker/kubelet/volumes/file-chunks";

const bytes = (...values: number[]) => new Uint8Array(values);
const arrays = (chunks: Uint8Array[]) => chunks.map((c) => [...c]);

describe("splitChunks and appendChunks", () => {
  it.each([
    [[], 3, []],
    [[1], 3, [[1]]],
    [[1, 2, 3], 3, [[1, 2, 3]]],
    [[1, 2, 3, 4, 5, 6, 7], 3, [[1, 2, 3], [4, 5, 6], [7]]],
  ])("split %j by %i", (data, size, chunks) => expect(arrays(splitChunks(bytes(...data), size))).toEqual(chunks));

  it.each([
    ["no last chunk", null, [1, 2], [[1, 2]]],
    ["an empty last chunk", [], [1], [[1]]],
    ["topping up", [1], [2, 3], [[1, 2, 3]]],
    ["spilling over", [1, 2], [3, 4, 5, 6], [[1, 2, 3], [4, 5, 6]]],
    ["a full last chunk", [1, 2, 3], [4], [[1, 2, 3], [4]]],
    ["nothing to append", [1], [], [[1]]],
  ])("append with %s", (_, last, data, chunks) => expect(arrays(appendChunks(last === null ? null : bytes(...last), bytes(...data), 3))).toEqual(chunks));

  it("joins back what it split", () => {
    const data = crypto.getRandomValues(new Uint8Array(40_005));
    expect(joinChunks(splitChunks(data, 1000))).toEqual(data);
    expect(CHUNK_BYTES).toBeLessThan(2_000_000);
  });
});

describe("fileBytes", () => {
  it.each([
    ["text as UTF-8", "é1", [0xc3, 0xa9, 0x31]],
    ["a Uint8Array", bytes(1, 2), [1, 2]],
    ["an ArrayBuffer", bytes(3, 4).buffer, [3, 4]],
    ["a view's own bytes only", new DataView(bytes(9, 5, 6, 9).buffer, 1, 2), [5, 6]],
    ["a number", 42, null],
    ["an object", { data: "x" }, null],
  ])("%s", (_, data, expected) => {
    const out = fileBytes(data);
    expect(out === null ? null : [...out]).toEqual(expected);
  });
});
