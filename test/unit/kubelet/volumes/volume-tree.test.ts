/** The file tree rules shared by the VolumeDO store and the data volumes: paths, kinds, refusals, listings. */
import { describe, expect, it } from "vitest";
import { childrenOf, descendantRange, dirStat, parentDirs, pathKind, refusal, volumePath, type PathKind, type VolumeFile, type VolumeOp } from "../../../../worker/kubelet/volumes/volume-tree";

describe("volumePath", () => {
  it.each([
    ["a.txt", "a.txt"],
    ["/a.txt", "a.txt"],
    ["//a//b/./c/", "a/b/c"],
    ["/", ""],
    ["", ""],
    ["./", ""],
  ])("%j → %j", (path, clean) => expect(volumePath(path)).toEqual({ ok: true, value: clean }));

  it.each([["../x"], ["a/../../x"], ["a/../b"], ["/.."], ["a\0b"]])("refuses %j (EINVAL)", (path) => {
    expect(volumePath(path)).toMatchObject({ ok: false, code: "EINVAL" });
  });

  it("refuses what is not a string", () => expect(volumePath(42)).toMatchObject({ ok: false, code: "EINVAL", reason: expect.stringContaining("number") }));
});

describe("parentDirs and descendantRange", () => {
  it.each([
    ["a", []],
    ["a/b", ["a"]],
    ["a/b/c", ["a", "a/b"]],
  ])("parentDirs(%j)", (path, parents) => expect(parentDirs(path)).toEqual(parents));

  it.each([
    ["", { lower: "", upper: null }],
    ["logs", { lower: "logs/", upper: "logs0" }],
  ])("descendantRange(%j)", (dir, range) => expect(descendantRange(dir)).toEqual(range));

  it("keeps siblings sharing a prefix out of the range", () => {
    const { lower, upper } = descendantRange("logs");
    const inRange = (p: string) => p >= lower && p < upper!;
    expect(["logs/a", "logs/z/y", "logs", "logs-old/a", "logs.txt", "logsa", "log"].filter(inRange)).toEqual(["logs/a", "logs/z/y"]);
  });
});

const files: VolumeFile[] = [
  { path: "a.txt", size: 3, mtime: 10 },
  { path: "logs/1.log", size: 5, mtime: 20 },
  { path: "logs/old/0.log", size: 7, mtime: 15 },
  { path: "logs-old/x", size: 1, mtime: 30 },
];

describe("pathKind", () => {
  it.each([
    ["", "dir"],
    ["a.txt", "file"],
    ["logs", "dir"],
    ["logs/old", "dir"],
    ["logs/1.log", "file"],
    ["nope", "missing"],
    ["log", "missing"],
    ["logs/new", "missing"],
    ["a.txt/inner", "under-file"],
    ["logs/1.log/x/y", "under-file"],
  ])("%j is %s", (path, kind) => expect(pathKind(files, path)).toBe(kind));
});

describe("refusal", () => {
  it.each<[VolumeOp, PathKind, string | null]>([
    ["read", "file", null],
    ["read", "dir", "EISDIR"],
    ["read", "missing", "ENOENT"],
    ["read", "under-file", "ENOTDIR"],
    ["write", "file", null],
    ["write", "missing", null],
    ["write", "dir", "EISDIR"],
    ["write", "under-file", "ENOTDIR"],
    ["append", "missing", null],
    ["append", "dir", "EISDIR"],
    ["list", "dir", null],
    ["list", "file", "ENOTDIR"],
    ["list", "missing", "ENOENT"],
    ["delete", "file", null],
    ["delete", "dir", "EISDIR"],
    ["delete", "missing", "ENOENT"],
    ["stat", "file", null],
    ["stat", "dir", null],
    ["stat", "missing", "ENOENT"],
    ["stat", "under-file", "ENOTDIR"],
  ])("%s on a %s path → %s", (op, kind, code) => {
    const out = refusal(op, kind, "p");
    expect(out === null ? null : out.ok ? "ok" : out.code).toBe(code);
  });

  it("names the path and why", () => expect(refusal("read", "dir", "logs")).toEqual({ ok: false, code: "EISDIR", reason: 'read "/logs": the path is a directory' }));
});

describe("childrenOf and dirStat", () => {
  it.each([
    [
      "",
      [
        { name: "a.txt", size: 3, mtime: 10, dir: false },
        { name: "logs", size: 12, mtime: 20, dir: true },
        { name: "logs-old", size: 1, mtime: 30, dir: true },
      ],
    ],
    [
      "logs",
      [
        { name: "1.log", size: 5, mtime: 20, dir: false },
        { name: "old", size: 7, mtime: 15, dir: true },
      ],
    ],
    ["logs/old", [{ name: "0.log", size: 7, mtime: 15, dir: false }]],
    ["empty", []],
  ])("children of %j", (dir, entries) => expect(childrenOf(dir, files)).toEqual(entries));

  it.each([
    [[], { dir: true, size: 0, mtime: 0 }],
    [files, { dir: true, size: 16, mtime: 30 }],
  ])("dirStat %#", (under, stat) => expect(dirStat(under)).toEqual(stat));
});
