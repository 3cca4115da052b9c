/**
 * Group commit: the first call runs at once; calls made while a batch runs share the next batch, which starts
 * only after the running one ended (so after every one of its callers asked); a failed batch fails its own
 * callers only. groupCommitEach answers each caller of a batch on its own.
 */
import { describe, expect, it } from "vitest";
import { groupCommit, groupCommitEach } from "../../../worker/group-commit";

/** A batch runner whose batches the test ends by hand. */
function manual() {
  const batches: { items: number[]; end: (r: string) => void; fail: (e: Error) => void }[] = [];
  const run = (items: number[]) =>
    new Promise<string>((end, fail) => batches.push({ items: [...items], end, fail: (e) => fail(e) }));
  return { batches, call: groupCommit(run) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("groupCommit", () => {
  it("runs a lone call at once, alone", async () => {
    const { batches, call } = manual();
    const a = call(1);
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    batches[0].end("first");
    await expect(a).resolves.toBe("first");
  });

  it("gathers the calls made while a batch runs into one next batch, started when the first ends", async () => {
    const { batches, call } = manual();
    const a = call(1);
    const [b, c, d] = [call(2), call(3), call(4)];
    expect(batches).toHaveLength(1);
    batches[0].end("one");
    await tick();
    expect(batches.map((x) => x.items)).toEqual([[1], [2, 3, 4]]);
    const e = call(5);
    batches[1].end("two");
    await tick();
    expect(batches.map((x) => x.items)).toEqual([[1], [2, 3, 4], [5]]);
    batches[2].end("three");
    expect(await Promise.all([a, b, c, d, e])).toEqual(["one", "two", "two", "two", "three"]);
  });

  it("never answers a call with a batch that began before it", async () => {
    const { batches, call } = manual();
    call(1);
    const late = call(2);
    batches[0].end("stale");
    await tick();
    batches[1].end("fresh");
    await expect(late).resolves.toBe("fresh");
  });

  it("fails only the callers of the batch that failed, and goes on", async () => {
    const { batches, call } = manual();
    const a = call(1);
    const b = call(2);
    batches[0].fail(new Error("boom"));
    await expect(a).rejects.toThrow("boom");
    await tick();
    batches[1].end("ok");
    await expect(b).resolves.toBe("ok");
    const c = call(3);
    expect(batches).toHaveLength(3);
    batches[2].end("again");
    await expect(c).resolves.toBe("again");
  });

  it("starts afresh once idle", async () => {
    const { batches, call } = manual();
    const a = call(1);
    batches[0].end("x");
    await a;
    await tick();
    call(2);
    expect(batches.map((x) => x.items)).toEqual([[1], [2]]);
  });
});

describe("groupCommitEach", () => {
  it("answers each caller of a shared batch with its own result, in the batch's order", async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const call = groupCommitEach(async (items: number[]) => {
      batches.push([...items]);
      await gate;
      return items.map((i) => `r${i}`);
    });
    const first = call(1);
    const rest = [call(2), call(3), call(4)];
    release();
    expect(await first).toBe("r1");
    expect(await Promise.all(rest)).toEqual(["r2", "r3", "r4"]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("gives a caller that passed an equal item its own answer, not another's", async () => {
    let n = 0;
    const call = groupCommitEach(async (items: string[]) => items.map(() => n++));
    const answers = await Promise.all([call("same"), call("same"), call("same")]);
    expect(new Set(answers).size).toBe(3);
  });

  it("fails every caller of a failed batch, and only them", async () => {
    let fail = true;
    const call = groupCommitEach(async (items: number[]) => {
      if (fail) {
        fail = false;
        throw new Error("store reset");
      }
      return items.map((i) => i * 10);
    });
    await expect(call(1)).rejects.toThrow("store reset");
    await expect(call(2)).resolves.toBe(20);
  });
});
