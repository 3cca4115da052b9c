import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FieldSet, type Path, pathToString } from "../../../worker/apply/field-set";

/** Paths written as `.a.b`, `.a[name=x]` (string key), `.a[=v]` (set value). */
function p(s: string): Path {
  return [...s.matchAll(/\.([^.[]+)|\[name=([^\]]+)\]|\[=([^\]]+)\]/g)].map((m) =>
    m[1] !== undefined ? { field: m[1] } : m[2] !== undefined ? { key: [{ name: "name", value: m[2] }] } : { value: m[3] },
  );
}
const set = (...paths: string[]) => FieldSet.of(...paths.map(p));
const show = (s: FieldSet) => s.paths().map(pathToString);

describe("FieldSet operations", () => {
  it.each<[string, FieldSet, FieldSet, string[]]>([
    ["union", set(".a.b", ".c"), set(".a.d", ".c"), [".c", ".a.b", ".a.d"]],
    ["intersection", set(".a.b", ".a.d", ".c"), set(".a.d", ".e"), [".a.d"]],
    ["difference keeps children of removed members", set(".a", ".a.b"), set(".a"), [".a.b"]],
    ["difference drops emptied children", set(".a.b"), set(".a.b"), []],
  ])("%s", (name, a, b, expected) => {
    const op = name.split(" ")[0] as "union" | "intersection" | "difference";
    expect(show(a[op](b))).toEqual(expected);
  });

  it.each<[FieldSet, FieldSet, string[]]>([
    [set(".a.b", ".a.c", ".d"), set(".a"), [".d"]],
    [set(".status.replicas", ".spec.replicas"), set(".status"), [".spec.replicas"]],
    [set(".a.b", ".a.c"), set(".a.b"), [".a.c"]],
  ])("recursiveDifference %#", (a, b, expected) => {
    expect(show(a.recursiveDifference(b))).toEqual(expected);
  });

  it("iterates like upstream: a level's members first, then its children, each sorted", () => {
    expect(show(set(".spec.x", ".b", ".a", ".l[name=z]", ".l[name=a]", ".l[=v]"))).toEqual([
      ".a",
      ".b",
      '.l[name="a"]',
      '.l[name="z"]',
      '.l[="v"]',
      ".spec.x",
    ]);
  });

  it("has/insert ignore the root path", () => {
    expect(new FieldSet().insert([]).isEmpty()).toBe(true);
    expect(set(".a").has([])).toBe(false);
  });

  const arbSet = fc
    .array(fc.array(fc.constantFrom("a", "b", "c"), { minLength: 1, maxLength: 3 }), { maxLength: 8 })
    .map((paths) => FieldSet.of(...paths.map((names) => names.map((field) => ({ field }))))) as fc.Arbitrary<FieldSet>;

  it("satisfies the set laws (property)", () => {
    fc.assert(
      fc.property(arbSet, arbSet, (a, b) => {
        expect(a.union(b).equals(b.union(a))).toBe(true);
        expect(a.intersection(b).equals(b.intersection(a))).toBe(true);
        expect(a.difference(b).intersection(b).isEmpty()).toBe(true);
        expect(a.difference(b).union(a.intersection(b)).equals(a)).toBe(true);
      }),
    );
  });
});
