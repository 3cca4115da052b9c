/** The layer tar reader against the image tool's writer and raw headers: names, types, PAX, GNU, damage. */
import { describe, expect, it } from "vitest";
import { parseTar } from "../../../worker/images/tar";
import { archive, dec, enc, rawEntry, tarOf, writeTar } from "./helpers";

const names = (bytes: Uint8Array) => {
  const r = parseTar(bytes);
  if (!r.ok) throw new Error(r.reason);
  return r.entries.map((e) => [e.name, e.type, dec(e.data)]);
};

describe("parseTar", () => {
  it("reads nothing from an empty archive", () => {
    expect(parseTar(new Uint8Array(1024))).toEqual({ ok: true, entries: [] });
    expect(parseTar(new Uint8Array(0))).toEqual({ ok: true, entries: [] });
  });

  it("reads the writer's files and directories, sorted, with modes", () => {
    const bytes = writeTar([
      { path: "b.js", type: "file", mode: 0o755, data: enc("export {}") },
      { path: "a", type: "dir", mode: 0o755 },
      { path: "a/x.json", type: "file", mode: 0o644, data: enc("{}") },
    ]);
    const r = parseTar(bytes);
    expect(r.ok && r.entries.map((e) => [e.name, e.type, e.mode, dec(e.data)])).toEqual([
      ["a/", "dir", 0o755, ""],
      ["a/x.json", "file", 0o644, "{}"],
      ["b.js", "file", 0o755, "export {}"],
    ]);
  });

  it.each([
    ["exactly 100 bytes (name field)", "n".repeat(100)],
    ["split into ustar prefix + name", `${"p".repeat(120)}/${"n".repeat(90)}.js`],
    ["too long for ustar: a PAX path", `${"q".repeat(160)}/${"n".repeat(150)}.js`],
    ["not ASCII: a PAX path", "grüße/ünïcode.js"],
  ])("keeps a long or unusual path: %s", (_, path) => {
    expect(names(tarOf({ [path]: "x" }))).toEqual([[path, "file", "x"]]);
  });

  it("a PAX path applies to the next entry only", () => {
    const long = `${"d".repeat(200)}.js`;
    expect(names(tarOf({ [long]: "1", "short.js": "2" }))).toEqual([
      [long, "file", "1"],
      ["short.js", "file", "2"],
    ]);
  });

  it("reads GNU long names and long link targets", () => {
    const long = `${"g".repeat(150)}/main.js`;
    const target = `${"t".repeat(130)}/lib.js`;
    const bytes = archive(
      rawEntry({ name: "././@LongLink", typeflag: "L", data: enc(`${long}\0`) }),
      rawEntry({ name: "ignored", typeflag: "0", data: enc("m") }),
      rawEntry({ name: "././@LongLink", typeflag: "K", data: enc(`${target}\0`) }),
      rawEntry({ name: "link.js", typeflag: "2", linkname: "ignored" }),
    );
    const r = parseTar(bytes);
    expect(r.ok && r.entries.map((e) => [e.name, e.type, e.linkname])).toEqual([
      [long, "file", ""],
      ["link.js", "symlink", target],
    ]);
  });

  it.each([
    ["0", "file"],
    ["\0", "file"],
    ["5", "dir"],
    ["2", "symlink"],
    ["1", "hardlink"],
    ["3", "other"],
    ["6", "other"],
  ])("typeflag %j is a %s", (typeflag, type) => {
    const r = parseTar(archive(rawEntry({ name: "e", typeflag, linkname: "t" })));
    expect(r.ok && r.entries[0].type).toBe(type);
  });

  it("stops at the end marker even with trailing garbage", () => {
    const bytes = new Uint8Array([...tarOf({ "a.js": "a" }), ...enc("junk after the end")]);
    expect(names(bytes)).toEqual([["a.js", "file", "a"]]);
  });

  it.each([
    ["a bad header checksum", archive(rawEntry({ name: "a", typeflag: "0", data: enc("x"), corruptChecksum: true })), /checksum/],
    ["a truncated entry", rawEntry({ name: "a", typeflag: "0", data: enc("x".repeat(600)) }).subarray(0, 900), /truncated/],
    ["a broken PAX record", archive(rawEntry({ name: "pax", typeflag: "x", data: enc("99 path=x\n") }), rawEntry({ name: "a", typeflag: "0" })), /PAX/],
  ])("refuses %s", (_, bytes, reason) => {
    const r = parseTar(bytes);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });
});
