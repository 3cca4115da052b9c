import { describe, expect, it } from "vitest";
import { applyMergePatch, createMergePatch } from "../../../worker/patch/merge-patch";
import type { JsonValue } from "../../../worker/patch/json";

describe("applyMergePatch", () => {
  // RFC 7386 Appendix A.
  it.each<[JsonValue, JsonValue, JsonValue]>([
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
    [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [["a", "b"], ["c", "d"], ["c", "d"]],
    [{ a: "b" }, ["c"], ["c"]],
    [{ a: "foo" }, null, null],
    [{ a: "foo" }, "bar", "bar"],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: "b", c: null }, { a: "b" }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])("RFC 7386: %j + %j = %j", (doc, patch, expected) => {
    const before = structuredClone(doc);
    expect(applyMergePatch(doc, patch)).toEqual(expected);
    expect(doc).toEqual(before);
  });

  it.each<[string, JsonValue | undefined, JsonValue, JsonValue]>([
    [
      "kubectl label",
      { metadata: { name: "web-1", labels: { app: "web" } } },
      { metadata: { labels: { tier: "fe" } } },
      { metadata: { name: "web-1", labels: { app: "web", tier: "fe" } } },
    ],
    ["kubectl label tier-", { metadata: { labels: { app: "web", tier: "fe" } } }, { metadata: { labels: { tier: null } } }, { metadata: { labels: { app: "web" } } }],
    ["kubectl scale", { spec: { replicas: 1 }, status: { replicas: 1 } }, { spec: { replicas: 4 } }, { spec: { replicas: 4 }, status: { replicas: 1 } }],
    ["lists are replaced whole", { spec: { containers: [{ name: "a" }, { name: "b" }] } }, { spec: { containers: [{ name: "c" }] } }, { spec: { containers: [{ name: "c" }] } }],
    // evanphx/json-patch prunes nulls inside objects that arrive whole, also inside arrays.
    ["nulls in new objects inside arrays are pruned (upstream)", {}, { a: [{ b: null, c: 1 }, null] }, { a: [{ c: 1 }, null] }],
    ["a missing target is an empty object", undefined, { a: { b: null, c: 1 } }, { a: { c: 1 } }],
  ])("%s", (_name, doc, patch, expected) => {
    expect(applyMergePatch(doc, patch)).toEqual(expected);
  });
});

describe("createMergePatch", () => {
  it.each<[JsonValue, JsonValue, JsonValue]>([
    [{ a: 1 }, { a: 1 }, {}],
    [{ a: 1 }, { a: 2 }, { a: 2 }],
    [{ a: 1, b: 2 }, { b: 2 }, { a: null }],
    [{ a: { b: 1, c: 2 } }, { a: { b: 1 } }, { a: { c: null } }],
    [{ a: [1, 2] }, { a: [1] }, { a: [1] }],
    [{ a: 1 }, [1], [1]],
  ])("%j → %j is %j", (from, to, patch) => {
    expect(createMergePatch(from, to)).toEqual(patch);
    expect(applyMergePatch(from, patch)).toEqual(to);
  });
});
