/** Unpacked files as Worker Loader modules: kinds by extension and content, the main module. */
import { describe, expect, it } from "vitest";
import { moduleKind, workerModules } from "../../../worker/images/modules";
import { enc } from "./helpers";

describe("moduleKind", () => {
  it.each([
    ["index.js", "export {}", "js"],
    ["lib/a.mjs", "export {}", "js"],
    ["legacy.cjs", "module.exports = 1", "cjs"],
    ["data.json", "{}", "json"],
    ["UPPER.JSON", "{}", "json"],
    ["add.wasm", "\0asm", "wasm"],
    ["README.md", "# hi", "text"],
    ["notes.txt", "plain", "text"],
    ["Makefile", "all:", "text"],
    [".js", "dotfile, no extension", "text"],
  ])("%s is %s", (path, content, want) => {
    expect(moduleKind(path, enc(content))).toBe(want);
  });

  it("a file that is not UTF-8 is data", () => {
    expect(moduleKind("logo.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]))).toBe("data");
  });
});

describe("workerModules", () => {
  const wasm = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  const files = new Map<string, Uint8Array>([
    ["index.js", enc("import c from './config.json'; export default {}")],
    ["config.json", enc('{"port": 8080}')],
    ["lib/old.cjs", enc("module.exports = 1")],
    ["add.wasm", wasm],
    ["hello.txt", enc("hello")],
    ["bin.dat", new Uint8Array([0xff, 0x00, 0xfe])],
  ]);

  it("maps every file to its module kind under its path, with the entry as main module", () => {
    const r = workerModules(files, "index.js");
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.mainModule).toBe("index.js");
    expect(Object.keys(r.value.modules)).toEqual([...files.keys()]);
    expect(r.value.modules["index.js"]).toEqual({ js: "import c from './config.json'; export default {}" });
    expect(r.value.modules["config.json"]).toEqual({ json: { port: 8080 } });
    expect(r.value.modules["lib/old.cjs"]).toEqual({ cjs: "module.exports = 1" });
    expect(r.value.modules["add.wasm"]).toEqual({ wasm });
    expect(r.value.modules["hello.txt"]).toEqual({ text: "hello" });
    expect(new Uint8Array(r.value.modules["bin.dat"].data!)).toEqual(new Uint8Array([0xff, 0x00, 0xfe]));
  });

  it("a CommonJS entry is allowed", () => {
    const r = workerModules(files, "lib/old.cjs");
    expect(r.ok && r.value.mainModule).toBe("lib/old.cjs");
  });

  it.each([
    ["a missing entry", files, "main.js", /not in the image/],
    ["an entry that is not JavaScript", files, "hello.txt", /not JavaScript/],
    ["a broken JSON file", new Map([...files, ["bad.json", enc("{nope")]]), "index.js", /bad\.json is not valid JSON/],
  ])("refuses %s", (_, fs, entry, reason) => {
    const r = workerModules(fs, entry);
    expect(!r.ok && r.reason).toMatch(reason);
  });
});
