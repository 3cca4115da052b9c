/** Layers applied in order: whiteouts, opaque directories, replacements, links, confinement to the root. */
import { describe, expect, it } from "vitest";
import { applyLayer, normalizeLayerPath, resolveInRoot, rootFsFiles, type RootFs } from "../../../worker/images/rootfs";
import type { TarEntry } from "../../../worker/images/tar";
import { dec, enc } from "./helpers";

const file = (name: string, text = name): TarEntry => ({ name, type: "file", mode: 0o644, linkname: "", data: enc(text) });
const dir = (name: string): TarEntry => ({ name, type: "dir", mode: 0o755, linkname: "", data: new Uint8Array() });
const symlink = (name: string, target: string): TarEntry => ({ name, type: "symlink", mode: 0o777, linkname: target, data: new Uint8Array() });
const hardlink = (name: string, target: string): TarEntry => ({ name, type: "hardlink", mode: 0o644, linkname: target, data: new Uint8Array() });

/** Applies layers bottom first and lists the resulting files with their text. */
function unpack(...layers: TarEntry[][]): Record<string, string> | string {
  let fs: RootFs = new Map();
  for (const layer of layers) {
    const r = applyLayer(fs, layer);
    if (!r.ok) return r.reason;
    fs = r.value;
  }
  return Object.fromEntries([...rootFsFiles(fs)].map(([p, b]) => [p, dec(b)!]));
}

describe("normalizeLayerPath", () => {
  it.each([
    ["a/b.js", "a/b.js"],
    ["./a/b.js", "a/b.js"],
    ["a//./b/", "a/b"],
    ["./", ""],
    [".", ""],
  ])("%j → %j", (name, want) => {
    expect(normalizeLayerPath(name)).toEqual({ ok: true, value: want });
  });

  it.each([["/etc/passwd"], ["../x"], ["a/../../x"], ["a/../b"], ["a\0b"]])("refuses %j", (name) => {
    expect(normalizeLayerPath(name).ok).toBe(false);
  });
});

describe("resolveInRoot", () => {
  it.each([
    ["", "index.js", "index.js"],
    ["app", "./main.js", "app/main.js"],
    ["app/lib", "../x.js", "app/x.js"],
    ["app", "/abs.js", "abs.js"],
    ["app", "../../../../x.js", "x.js"],
  ])("from %j, %j → %j", (from, target, want) => {
    expect(resolveInRoot(from, target)).toBe(want);
  });
});

describe("applyLayer", () => {
  it.each<[string, TarEntry[][], Record<string, string>]>([
    ["nothing to do: no layers", [], {}],
    ["nothing to do: an empty layer", [[]], {}],
    ["one layer's files, directories implied", [[dir("./"), file("./a.js"), file("lib/b.js")]], { "a.js": "./a.js", "lib/b.js": "lib/b.js" }],
    ["a later layer replaces a file", [[file("a.js", "old")], [file("a.js", "new")]], { "a.js": "new" }],
    ["a whiteout hides a lower file", [[file("a.js"), file("b.js")], [file(".wh.a.js")]], { "b.js": "b.js" }],
    ["a whiteout hides a lower directory tree", [[file("lib/x.js"), file("lib/y/z.js"), file("libx.js")], [file(".wh.lib")]], { "libx.js": "libx.js" }],
    ["a whiteout of something absent does nothing", [[file("a.js")], [file("gone/.wh.nothing")]], { "a.js": "a.js" }],
    ["a whiteout does not hide its own layer's file", [[file("a.js", "lower")], [file("a.js", "same layer"), file(".wh.a.js")]], { "a.js": "same layer" }],
    [
      "an opaque directory hides only lower layers' children",
      [[file("lib/old.js"), file("lib/sub/deep.js"), file("keep.js")], [file("lib/new.js"), file("lib/.wh..wh..opq")]],
      { "keep.js": "keep.js", "lib/new.js": "lib/new.js" },
    ],
    ["an opaque root hides everything below", [[file("a.js"), file("b/c.js")], [file(".wh..wh..opq"), file("d.js")]], { "d.js": "d.js" }],
    ["a file replaces a lower directory", [[file("lib/x.js")], [file("lib", "now a file")]], { lib: "now a file" }],
    ["a directory replaces a lower file", [[file("lib", "a file")], [dir("lib/"), file("lib/x.js")]], { "lib/x.js": "lib/x.js" }],
    ["a directory entry keeps a lower directory's files", [[file("lib/x.js")], [dir("lib")]], { "lib/x.js": "lib/x.js" }],
    ["a hard link copies an earlier member", [[file("a.js", "A"), hardlink("b.js", "./a.js")]], { "a.js": "A", "b.js": "A" }],
    ["a hard link to a lower layer's file", [[file("a.js", "A")], [hardlink("b.js", "a.js")]], { "a.js": "A", "b.js": "A" }],
    ["a symlink to a file shows the file", [[file("lib/real.js", "R"), symlink("main.js", "lib/real.js")]], { "lib/real.js": "R", "main.js": "R" }],
    ["an absolute symlink starts at the image root", [[file("lib/real.js", "R"), symlink("lib/alias.js", "/lib/real.js")]], { "lib/alias.js": "R", "lib/real.js": "R" }],
    ["a symlink escaping the root stops there", [[file("x.js", "X"), symlink("a/b/up.js", "../../../../x.js")]], { "a/b/up.js": "X", "x.js": "X" }],
    ["a symlinked directory exposes its files", [[file("pkg/index.js", "P"), symlink("node_modules/pkg", "../pkg")]], { "node_modules/pkg/index.js": "P", "pkg/index.js": "P" }],
    ["a path through a symlinked directory resolves", [[file("real/x.js", "X"), symlink("alias", "real"), symlink("x.js", "alias/x.js")]], { "real/x.js": "X", "x.js": "X", "alias/x.js": "X" }],
    ["dangling and looping symlinks are left out", [[symlink("dangling.js", "nope.js"), symlink("a", "b"), symlink("b", "a")]], {}],
    ["devices and FIFOs are ignored", [[{ ...file("dev/null"), type: "other" }, file("a.js")]], { "a.js": "a.js" }],
  ])("%s", (_, layers, want) => {
    expect(unpack(...layers)).toEqual(want);
  });

  it.each<[string, TarEntry[], RegExp]>([
    ["an absolute path", [file("/etc/passwd")], /absolute/],
    ["a `..` path", [file("lib/../../escape.js")], /escapes/],
    ["a whiteout with `..`", [file("../.wh.x")], /escapes/],
    ["a hard link to nothing", [hardlink("b.js", "a.js")], /hard link/],
    ["a hard link out of the root", [hardlink("b.js", "../a.js")], /escapes/],
  ])("refuses a layer with %s", (_, layer, reason) => {
    expect(unpack([file("ok.js")], layer)).toMatch(reason);
  });

  it("does not change the lower filesystem", () => {
    const lower = applyLayer(new Map(), [file("a.js")]);
    if (!lower.ok) throw new Error(lower.reason);
    const upper = applyLayer(lower.value, [file(".wh.a.js")]);
    expect(upper.ok && [...upper.value.keys()]).toEqual([]);
    expect([...lower.value.keys()]).toEqual(["a.js"]);
  });
});
