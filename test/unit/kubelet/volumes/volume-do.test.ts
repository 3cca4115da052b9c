/**
 * The VolumeDO file store against real Durable Objects (env.VOLUMES): files and implied directories, chunked
 * large files, the errno refusals, usage and the ENOSPC limit, and destroy.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../../worker/env";
import { CHUNK_BYTES } from "../../../../worker/kubelet/volumes/file-chunks";

const E = env as unknown as Env;
const volume = () => E.VOLUMES.getByName(`test/${crypto.randomUUID()}`);
const text = (out: { ok: boolean; value?: unknown }) => (out.ok ? new TextDecoder().decode(out.value as Uint8Array) : out);

describe("VolumeDO files", () => {
  it("writes, reads, overwrites and appends, text as UTF-8 and bytes as they are", async () => {
    const v = volume();
    expect(await v.write("/count", "1")).toMatchObject({ ok: true, value: { dir: false, size: 1 } });
    expect(text(await v.read("count"))).toBe("1");
    await v.write("count", "42");
    expect(text(await v.read("/count"))).toBe("42");
    expect(await v.append("log/app.log", "a\n")).toMatchObject({ ok: true, value: { size: 2 } });
    await v.append("log/app.log", new TextEncoder().encode("é\n"));
    expect(text(await v.read("log/app.log"))).toBe("a\né\n");
    await v.write("bin", new Uint8Array([0, 255, 7]));
    expect(await v.read("bin")).toEqual({ ok: true, value: new Uint8Array([0, 255, 7]) });
    await v.write("empty", "");
    expect(await v.read("empty")).toEqual({ ok: true, value: new Uint8Array() });
    expect(await v.usage()).toEqual({ bytes: 2 + 5 + 3 + 0, files: 4, limit: null });
  });

  it("stores files past the SQLite value limit in chunks, appends included", async () => {
    const v = volume();
    const big = new Uint8Array(2 * CHUNK_BYTES + 10).map((_, i) => i % 251);
    await v.write("big", big);
    await v.append("big", new Uint8Array(CHUNK_BYTES).fill(9));
    const read = await v.read("big");
    const got = read.ok ? read.value : new Uint8Array();
    expect(got.length).toBe(3 * CHUNK_BYTES + 10);
    expect(got.findIndex((b, i) => b !== (i < big.length ? big[i] : 9))).toBe(-1);
    const rows = await runInDurableObject(v, (_, state) => state.storage.sql.exec<{ seq: number; n: number }>(`SELECT seq, length(data) AS n FROM chunks WHERE path = 'big' ORDER BY seq`).toArray());
    expect(rows).toEqual([
      { seq: 0, n: CHUNK_BYTES },
      { seq: 1, n: CHUNK_BYTES },
      { seq: 2, n: CHUNK_BYTES },
      { seq: 3, n: 10 },
    ]);
    await v.write("big", "small");
    expect(await runInDurableObject(v, (_, state) => state.storage.sql.exec(`SELECT seq FROM chunks WHERE path = 'big'`).toArray().length)).toBe(1);
    expect(await v.usage()).toMatchObject({ bytes: 5, files: 1 });
  });

  it("lists and stats directories implied by their files", async () => {
    const v = volume();
    await v.write("a.txt", "abc");
    await v.write("logs/1.log", "12345");
    await v.write("logs/old/0.log", "1234567");
    const names = async (dir: string) => {
      const out = await v.list(dir);
      return out.ok ? out.value.map((e) => `${e.name}${e.dir ? "/" : ""}:${e.size}`) : out.code;
    };
    expect(await names("")).toEqual(["a.txt:3", "logs/:12"]);
    expect(await names("/")).toEqual(["a.txt:3", "logs/:12"]);
    expect(await names("logs")).toEqual(["1.log:5", "old/:7"]);
    expect(await names("a.txt")).toBe("ENOTDIR");
    expect(await names("nope")).toBe("ENOENT");
    expect(await v.stat("logs")).toMatchObject({ ok: true, value: { dir: true, size: 12 } });
    expect(await v.stat("a.txt")).toMatchObject({ ok: true, value: { dir: false, size: 3 } });
    expect(await v.stat("")).toMatchObject({ ok: true, value: { dir: true, size: 15 } });
    expect(await v.delete("logs/old/0.log")).toEqual({ ok: true, value: null });
    expect(await names("logs")).toEqual(["1.log:5"]);
    expect(await v.stat("logs/old")).toMatchObject({ ok: false, code: "ENOENT" });
    expect(await v.usage()).toEqual({ bytes: 8, files: 2, limit: null });
  });

  it.each([
    ["read a directory", (v: Vol) => v.read("d"), "EISDIR"],
    ["read the root", (v: Vol) => v.read("/"), "EISDIR"],
    ["read a missing file", (v: Vol) => v.read("nope"), "ENOENT"],
    ["read below a file", (v: Vol) => v.read("f/x"), "ENOTDIR"],
    ["write over a directory", (v: Vol) => v.write("d", "x"), "EISDIR"],
    ["write below a file", (v: Vol) => v.write("f/x/y", "x"), "ENOTDIR"],
    ["append to a directory", (v: Vol) => v.append("d", "x"), "EISDIR"],
    ["delete a directory", (v: Vol) => v.delete("d"), "EISDIR"],
    ["delete a missing file", (v: Vol) => v.delete("nope"), "ENOENT"],
    ["escape with ..", (v: Vol) => v.write("../other/x", "x"), "EINVAL"],
    ["write data that is not text or bytes", (v: Vol) => v.write("g", 42 as unknown as string), "EINVAL"],
  ])("refuses to %s", async (_, call, code) => {
    const v = volume();
    await v.write("d/inner", "1");
    await v.write("f", "2");
    expect(await call(v)).toMatchObject({ ok: false, code });
    expect(await v.usage()).toEqual({ bytes: 2, files: 2, limit: null });
  });
});

type Vol = ReturnType<typeof volume>;

describe("VolumeDO capacity", () => {
  it("answers ENOSPC past its limit and leaves the file as it was", async () => {
    const v = volume();
    expect(await v.setLimit(10)).toEqual({ ok: true, value: { bytes: 0, files: 0, limit: 10 } });
    expect(await v.write("a", "12345678")).toMatchObject({ ok: true });
    expect(await v.append("a", "9ab")).toMatchObject({ ok: false, code: "ENOSPC" });
    expect(await v.write("b", "xyz")).toMatchObject({ ok: false, code: "ENOSPC" });
    expect(text(await v.read("a"))).toBe("12345678");
    expect(await v.append("a", "90")).toMatchObject({ ok: true, value: { size: 10 } });
    expect(await v.setLimit(4)).toMatchObject({ ok: true, value: { bytes: 10, limit: 4 } });
    expect(await v.write("a", "123")).toMatchObject({ ok: true });
    expect(await v.setLimit(-1)).toMatchObject({ ok: false, code: "EINVAL" });
    await v.setLimit(null);
    expect(await v.write("b", "a lot more than four bytes")).toMatchObject({ ok: true });
    expect(await v.usage()).toEqual({ bytes: 3 + 26, files: 2, limit: null });
  });

  it("forgets everything on destroy and works afterwards", async () => {
    const v = volume();
    await v.setLimit(100);
    await v.write("x/y", "data");
    await v.destroy();
    expect(await v.usage()).toEqual({ bytes: 0, files: 0, limit: null });
    expect(await v.read("x/y")).toMatchObject({ ok: false, code: "ENOENT" });
    expect(await v.list("")).toEqual({ ok: true, value: [] });
    await v.write("x/z", "again");
    expect(text(await v.read("x/z"))).toBe("again");
  });
});
