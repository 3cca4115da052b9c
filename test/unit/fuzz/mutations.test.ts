/** The manifest mutations and their encodings (mutations.ts): pure, so plain table tests. */
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { applyMutations, deepNesting, encodeDocument, pathsOf, sameTypeValue, type Mutation } from "./mutations";

const doc = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", labels: { x: "y" } }, data: { k: "v" }, list: [1, { z: true }] };

describe("pathsOf", () => {
  it("lists every node below the root, parents first", () => {
    expect(pathsOf({ a: { b: 1 }, c: [2] })).toEqual([["a"], ["a", "b"], ["c"], ["c", 0]]);
  });
});

describe("applyMutations", () => {
  it.each<[string, Mutation[], (d: Record<string, unknown>) => unknown, unknown]>([
    ["replace picks paths modulo their count", [{ op: "replace", at: 0, value: 7 }], (d) => d.apiVersion, 7],
    ["remove deletes an object member", [{ op: "remove", at: 1 }], (d) => "kind" in d, false],
    ["remove splices an array element", [{ op: "remove", at: 9 }], (d) => d.list, [{ z: true }]],
    ["addField at -1 adds to the root", [{ op: "addField", at: -1, key: "fuzzX", value: 1 }], (d) => d.fuzzX, 1],
    ["addField on a leaf adds to its parent", [{ op: "addField", at: 3, key: "fuzzY", value: null }], (d) => (d.metadata as Record<string, unknown>).fuzzY, null],
    ["setName", [{ op: "setName", value: "Bad_Name" }], (d) => (d.metadata as Record<string, unknown>).name, "Bad_Name"],
    ["setLabel", [{ op: "setLabel", key: "a/b/c", value: "" }], (d) => (d.metadata as { labels: Record<string, string> }).labels["a/b/c"], ""],
    ["setAnnotation creates the map", [{ op: "setAnnotation", key: "k", value: "v" }], (d) => (d.metadata as { annotations: unknown }).annotations, { k: "v" }],
    ["perturb keeps the JSON type", [{ op: "perturb", at: 0, pick: 1 }], (d) => typeof d.apiVersion, "string"],
  ])("%s", (_name, muts, read, expected) => {
    const before = structuredClone(doc);
    expect(read(applyMutations(doc, muts))).toEqual(expected);
    expect(doc).toEqual(before);
  });
});

describe("sameTypeValue", () => {
  it.each<[unknown, number, unknown]>([
    ["s", 1, "x"],
    [5, 0, 0],
    [true, 0, false],
    [[1, 2], 0, []],
    [[1, 2], 1, [1, 2, 1, 2]],
    [{ a: 1 }, 0, {}],
  ])("sameTypeValue(%j, %d) = %j", (value, pick, expected) => {
    expect(sameTypeValue(value, pick)).toEqual(expected);
  });
});

describe("encodeDocument", () => {
  const withRaw = { a: { raw: "18446744073709551616" }, b: [deepNesting(3, "array")], c: "RAW" };

  it("splices raw JSON into JSON text", () => {
    expect(encodeDocument(withRaw, "json")).toBe('{"a":18446744073709551616,"b":[[[[1]]]],"c":"RAW"}');
  });

  it("splices raw JSON into YAML as flow values", () => {
    const yaml = encodeDocument(withRaw, "yaml");
    expect(parseYaml(yaml)).toEqual({ a: 18446744073709551616, b: [[[[1]]]], c: "RAW" });
  });

  it("keeps duplicate members that a JS object cannot hold", () => {
    expect(encodeDocument({ m: { raw: '{"a":1,"a":2}' } }, "json")).toBe('{"m":{"a":1,"a":2}}');
  });
});
