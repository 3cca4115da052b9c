/** Layer blobs to files: compression by magic number, diff_id checks, the size cap, whiteouts across layers. */
import { describe, expect, it } from "vitest";
import { layerCompression, readLayerTar, sha256Digest, unpackLayers } from "../../../worker/images/layers";
import { dec, enc, gzip, tarOf } from "./helpers";

const text = (files: Map<string, Uint8Array>) => Object.fromEntries([...files].map(([p, b]) => [p, dec(b)]));
const streamOf = (bytes: Uint8Array, chunk = 100) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.slice(i, i + chunk));
      c.close();
    },
  });

describe("layerCompression", () => {
  it.each([
    [[0x1f, 0x8b, 8, 0], "gzip"],
    [[0x28, 0xb5, 0x2f, 0xfd], "zstd"],
    [[0x61, 0x2e, 0x6a, 0x73], "none"],
    [[], "none"],
  ])("%j is %s", (head, want) => {
    expect(layerCompression(new Uint8Array(head))).toBe(want);
  });
});

describe("readLayerTar", () => {
  it("gunzips a gzipped layer read in chunks", async () => {
    const tar = tarOf({ "a.js": "a" });
    const r = await readLayerTar(streamOf(await gzip(tar)));
    expect(r.ok && r.value).toEqual(tar);
  });

  it("passes a plain tar through", async () => {
    const tar = tarOf({ "a.js": "a" });
    expect(await readLayerTar(tar)).toEqual({ ok: true, value: tar });
  });

  it.each([
    ["zstd", new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0, 0]), /zstd/],
    ["corrupt gzip", new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), /gzip/],
  ])("refuses %s", async (_, blob, reason) => {
    const r = await readLayerTar(blob);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it("refuses a layer over the size cap, compressed or not", async () => {
    const tar = tarOf({ "big.txt": "x".repeat(5000) });
    expect((await readLayerTar(tar, 4096)).ok).toBe(false);
    const gz = await gzip(tar);
    expect(gz.length).toBeLessThan(4096);
    const r = await readLayerTar(gz, 4096);
    expect(!r.ok && r.reason).toMatch(/larger than 4096/);
  });
});

describe("unpackLayers", () => {
  it("nothing to do: no layers, no files", async () => {
    expect(await unpackLayers([])).toEqual({ ok: true, value: new Map() });
  });

  it("applies gzipped and plain layers in order, with whiteouts and an opaque directory", async () => {
    const base = tarOf({ "index.js": "v1", "lib/a.js": "a", "lib/b.js": "b", "old.js": "old" });
    const top = tarOf({ "index.js": "v2", ".wh.old.js": "", "lib/.wh..wh..opq": "", "lib/c.js": "c" });
    const r = await unpackLayers([await gzip(base), streamOf(top)]);
    expect(r.ok && text(r.value)).toEqual({ "index.js": "v2", "lib/c.js": "c" });
  });

  it("checks each uncompressed layer against its diff_id", async () => {
    const one = tarOf({ "a.js": "1" });
    const two = tarOf({ "b.js": "2" });
    const good = await unpackLayers([await gzip(one), two], { diffIds: [await sha256Digest(one), await sha256Digest(two)] });
    expect(good.ok && [...good.value.keys()]).toEqual(["a.js", "b.js"]);
    const swapped = await unpackLayers([await gzip(one), two], { diffIds: [await sha256Digest(two), await sha256Digest(one)] });
    expect(!swapped.ok && swapped.reason).toMatch(/^layer 0: uncompressed digest sha256:[0-9a-f]{64} does not match diff_id/);
    const missing = await unpackLayers([one, two], { diffIds: [await sha256Digest(one)] });
    expect(!missing.ok && missing.reason).toMatch(/2 layers but 1 diff_ids/);
  });

  it("names the layer that has a bad path", async () => {
    const evil = tarOf({ "ok.js": "ok" });
    const bad = new Uint8Array(evil);
    bad.set(enc("../evil.js\0\0\0\0\0\0"), 0); // rename the first entry and fix its checksum
    const sum = bad.subarray(0, 512).reduce((a, b, i) => a + (i >= 148 && i < 156 ? 32 : b), 0);
    bad.set(enc(`${sum.toString(8).padStart(6, "0")}\0 `), 148);
    const r = await unpackLayers([tarOf({ "a.js": "a" }), bad]);
    expect(!r.ok && r.reason).toMatch(/^layer 1: .*escapes the image root/);
  });

  it("counts the size cap over all layers together", async () => {
    const layer = tarOf({ "f.txt": "x".repeat(3000) }); // 4608 bytes with headers and end marker
    expect((await unpackLayers([layer], { maxBytes: 6000 })).ok).toBe(true);
    const r = await unpackLayers([layer, layer], { maxBytes: 6000 });
    expect(!r.ok && r.reason).toMatch(/^layer 1: image is larger/);
  });
});
