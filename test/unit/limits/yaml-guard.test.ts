/** The linear pre-scan that keeps hostile YAML away from the parser, and the JSON fast path. */
import { describe, expect, it } from "vitest";
import { MAX_YAML_ALIASES, parseIfJson, scanYaml, yamlRefusal } from "../../../worker/limits/yaml-guard";

describe("scanYaml", () => {
  it.each([
    ["[[[", 3, 0],
    ["a: [1, [2, {b: 3}]]", 3, 0],
    ['{"a":[[1]],"b":{"c":[]}}', 3, 0],
    ["a: b[0]\nc: d{e}", 0, 0],
    ['a: "[[[ *x"', 0, 0],
    ["a: '[[[ *x'", 0, 0],
    ["a: 'it''s [[['\nb: [1]", 1, 0],
    ['a: "esc \\" [[["\nb: [1]', 1, 0],
    ["a: don't [care]", 1, 0],
    ["# [[[ *x\na: 1 # [[[ *y", 0, 0],
    ["a: &x 1\nb: *x\nc: [*x, *x]", 1, 3],
    ["a: 3 * 4\nb: x*y", 0, 0],
    // Block scalars are not tracked: a glob counts as an alias (an over-approximation).
    ["s: |\n  ls *.tmp", 0, 1],
    ["[a, [b]], [c, [d, [e]]]", 3, 0],
  ])("%j → flow depth %d, %d aliases", (text, depth, aliases) => {
    expect(scanYaml(text)).toEqual({ flowDepth: depth, aliases });
  });

  it("stops as soon as a limit is exceeded", () => {
    expect(scanYaml("[".repeat(100), { flowDepth: 10, aliases: 10 }).flowDepth).toBe(11);
    expect(scanYaml("[*a, ".repeat(100), { flowDepth: 1000, aliases: 5 }).aliases).toBe(6);
  });

  it("is linear: 3 MiB of hostile text scans in well under a second", () => {
    const M = 3 * 1024 * 1024;
    for (const text of ["[".repeat(M), "{a: ".repeat(M / 4), `a: &a x\nb: [${"*a,".repeat(M / 3)}]`, "'".repeat(M), '"\\'.repeat(M / 2)]) {
      const t = performance.now();
      scanYaml(text);
      expect(performance.now() - t).toBeLessThan(1000);
    }
  });
});

describe("yamlRefusal", () => {
  it.each([
    ["[".repeat(1001), "yaml: exceeded max depth of 1000"],
    [`a: &a x\nb: [${"*a, ".repeat(MAX_YAML_ALIASES + 1)}]`, "error converting YAML to JSON: yaml: document contains excessive aliasing"],
  ])("refuses %#", (text, message) => {
    expect(yamlRefusal(text, 1000)).toBe(message);
  });

  it.each([
    "[".repeat(1000) + "]".repeat(1000),
    `a: &a x\nb: [${"*a, ".repeat(MAX_YAML_ALIASES)}]`,
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  script: |\n    rm -rf *.tmp [a-z]*\n",
  ])("lets %# through", (text) => {
    expect(yamlRefusal(text, 1000)).toBeUndefined();
  });
});

describe("parseIfJson", () => {
  it.each([
    ['{"a":1}', { value: { a: 1 } }],
    ['  \n[1,"x"]', { value: [1, "x"] }],
    ['{"a":1,"a":2}', { value: { a: 2 } }],
    ["{a: 1}", undefined],
    ["a: 1", undefined],
    ['"str"', undefined],
    ["[1,", undefined],
  ])("%j → %j", (text, want) => {
    expect(parseIfJson(text)).toEqual(want);
  });
});
