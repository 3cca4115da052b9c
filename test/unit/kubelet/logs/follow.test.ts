import { describe, expect, it } from "vitest";
import { followLogStream, type FollowSource } from "../../../../worker/kubelet/logs/follow";
import type { LogLine } from "../../../../worker/kubelet/logs/types";

const line = (seq: number, text: string, ts = seq): LogLine => ({ seq, ts, stream: "stdout", text });

/** A file that grows by one scripted batch per poll (the injected sleep), running until `stopAfter` polls. */
function scripted(batches: LogLine[][], stopAfter = batches.length) {
  const file: LogLine[] = [];
  let polls = 0;
  const source: FollowSource = { read: (after) => file.filter((l) => l.seq > after), running: () => polls < stopAfter };
  const sleep = async () => {
    file.push(...(batches[polls++] ?? []));
  };
  return { source, sleep };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("followLogStream", () => {
  it("sends the initial lines, then new ones, and ends when the instance stops", async () => {
    const { source, sleep } = scripted([[line(3, "c")], [], [line(4, "d"), line(5, "e")]]);
    const text = await readAll(followLogStream(source, { initial: [line(1, "a"), line(2, "b")], afterSeq: 2, timestamps: false, sleep }));
    expect(text).toBe("a\nb\nc\nd\ne\n");
  });

  it("reads once more after the stop, so the last lines are not lost", async () => {
    const file: LogLine[] = [];
    let running = true;
    const src: FollowSource = {
      read: (after) => file.filter((l) => l.seq > after),
      running: () => {
        if (!running) return false;
        file.push(line(1, "last words"));
        running = false;
        return true;
      },
    };
    const text = await readAll(followLogStream(src, { initial: [], afterSeq: 0, timestamps: false, sleep: async () => {} }));
    expect(text).toBe("last words\n");
  });

  it("new lines are those after afterSeq, even when the initial selection is empty (tailLines=0)", async () => {
    const file = [line(1, "old"), line(2, "older")];
    const src: FollowSource = { read: (after) => file.filter((l) => l.seq > after), running: () => false };
    expect(await readAll(followLogStream(src, { initial: [], afterSeq: 2, timestamps: false }))).toBe("");
  });

  it("stops at limitBytes across the initial and the followed lines", async () => {
    const { source, sleep } = scripted([[line(2, "bbbb")], [line(3, "cccc")]], 100);
    const text = await readAll(followLogStream(source, { initial: [line(1, "aa")], afterSeq: 1, timestamps: false, limitBytes: 6, sleep }));
    expect(text).toBe("aa\nbbb");
  });

  it("prefixes timestamps", async () => {
    const src: FollowSource = { read: () => [], running: () => false };
    const text = await readAll(followLogStream(src, { initial: [line(1, "x", Date.parse("2024-01-01T00:00:00.5Z"))], afterSeq: 1, timestamps: true }));
    expect(text).toBe("2024-01-01T00:00:00.500000000Z x\n");
  });

  it("stops polling when the client cancels", async () => {
    let polls = 0;
    const src: FollowSource = { read: () => [], running: () => true };
    const stream = followLogStream(src, {
      initial: [line(1, "x")],
      afterSeq: 1,
      timestamps: false,
      sleep: async () => {
        polls++;
        await new Promise((r) => setTimeout(r, 1));
      },
    });
    const reader = stream.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("x\n");
    const pending = reader.read();
    await new Promise((r) => setTimeout(r, 20));
    await reader.cancel();
    await pending.catch(() => undefined);
    const seen = polls;
    await new Promise((r) => setTimeout(r, 20));
    expect(polls).toBeLessThanOrEqual(seen + 1);
  });
});
