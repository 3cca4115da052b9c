import { describe, expect, it } from "vitest";
import { encodeLogLines, formatLogLine, rfc3339NanoFixed, selectLogLines, storedLineBytes } from "../../../../worker/kubelet/logs/format";
import { toLogLines } from "../../../../worker/kubelet/logs/lines";
import type { LogLine } from "../../../../worker/kubelet/logs/types";

const T0 = Date.parse("2024-03-01T12:00:00.123Z");
const line = (seq: number, text: string, dtMs = seq * 1000, stream: LogLine["stream"] = "stdout"): LogLine => ({ seq, ts: T0 + dtMs, stream, text });
const lines = [line(1, "one"), line(2, "two", 2000, "stderr"), line(3, "three"), line(4, "four")];
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

describe("rfc3339NanoFixed", () => {
  it.each([
    [T0, "2024-03-01T12:00:00.123000000Z"],
    [Date.parse("2024-03-01T12:00:00Z"), "2024-03-01T12:00:00.000000000Z"],
    [0, "1970-01-01T00:00:00.000000000Z"],
  ])("%d → %s", (ms, text) => expect(rfc3339NanoFixed(ms)).toBe(text));
});

describe("selectLogLines (tail first, then since)", () => {
  it.each([
    ["everything", {}, [1, 2, 3, 4]],
    ["tail 2", { tailLines: 2 }, [3, 4]],
    ["tail 0", { tailLines: 0 }, []],
    ["tail beyond the file", { tailLines: 10 }, [1, 2, 3, 4]],
    ["since the third (inclusive)", { sinceMs: T0 + 3000 }, [3, 4]],
    ["tail 3 then since: the tail is taken from the whole file", { tailLines: 3, sinceMs: T0 + 1500 }, [2, 3, 4]],
    ["tail 1 of lines all older than since", { tailLines: 1, sinceMs: T0 + 9000 }, []],
  ])("%s", (_name, sel, seqs) => {
    expect(selectLogLines(lines, sel).map((l) => l.seq)).toEqual(seqs);
  });
});

describe("formatting", () => {
  it.each([
    [false, "two\n"],
    [true, "2024-03-01T12:00:02.123000000Z two\n"],
  ])("timestamps=%s", (ts, text) => expect(formatLogLine(lines[1], ts)).toBe(text));

  it.each([
    ["no limit", undefined, "one\ntwo\n", undefined],
    ["cut mid-line", 6, "one\ntw", 0],
    ["exactly the size", 8, "one\ntwo\n", 0],
    ["more than enough", 100, "one\ntwo\n", 92],
  ])("limitBytes: %s", (_name, limit, text, remaining) => {
    const enc = encodeLogLines(lines.slice(0, 2), false, limit);
    expect(decode(enc.bytes)).toBe(text);
    expect(enc.remaining).toBe(remaining);
  });

  it("counts bytes, not characters", () => {
    expect(storedLineBytes("héllo")).toBe(7);
    expect(encodeLogLines([line(1, "é")], false, 1).bytes.length).toBe(1);
  });
});

describe("toLogLines", () => {
  it.each([
    ["hello", ["hello"]],
    ["hello\n", ["hello"]],
    ["a\nb\n", ["a", "b"]],
    ["a\n\nb", ["a", "", "b"]],
    ["", [""]],
  ])("%j", (text, out) => {
    expect(toLogLines("stderr", 5, text)).toEqual(out.map((t) => ({ ts: 5, stream: "stderr", text: t })));
  });
});
