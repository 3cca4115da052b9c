/** configMap/secret/downwardAPI volumes as read-only trees: reading, listing, stat, with the volume's refusals. */
import { describe, expect, it } from "vitest";
import { dataFiles, dataList, dataRead, dataStat } from "../../../../worker/kubelet/volumes/data-volume";

const files = { "app.conf": "port=80", "conf.d/extra.conf": "x=é", "../escape": "no", "": "no" };

describe("data volumes", () => {
  it("keeps only clean relative paths, sized in UTF-8 bytes", () => {
    expect(dataFiles(files).map((f) => [f.file.path, f.file.size])).toEqual([
      ["app.conf", 7],
      ["conf.d/extra.conf", 4],
    ]);
  });

  it.each([
    ["app.conf", { ok: true, value: "port=80" }],
    ["conf.d/extra.conf", { ok: true, value: "x=é" }],
    ["conf.d", { ok: false, code: "EISDIR" }],
    ["", { ok: false, code: "EISDIR" }],
    ["missing", { ok: false, code: "ENOENT" }],
    ["app.conf/x", { ok: false, code: "ENOTDIR" }],
  ])("read %j", (path, expected) => expect(dataRead(files, path)).toMatchObject(expected));

  it.each([
    ["", ["app.conf", "conf.d"]],
    ["conf.d", ["extra.conf"]],
  ])("list %j", (dir, names) => {
    const out = dataList(files, dir);
    expect(out.ok && out.value.map((e) => e.name)).toEqual(names);
  });

  it.each([
    ["app.conf", { ok: false, code: "ENOTDIR" }],
    ["nope", { ok: false, code: "ENOENT" }],
  ])("list %j refused", (dir, expected) => expect(dataList(files, dir)).toMatchObject(expected));

  it.each([
    ["app.conf", { ok: true, value: { dir: false, size: 7, mtime: 0 } }],
    ["conf.d", { ok: true, value: { dir: true, size: 4, mtime: 0 } }],
    ["", { ok: true, value: { dir: true, size: 11, mtime: 0 } }],
    ["nope", { ok: false, code: "ENOENT" }],
  ])("stat %j", (path, expected) => expect(dataStat(files, path)).toMatchObject(expected));
});
