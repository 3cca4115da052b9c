/** Equality and key-order helpers of the lifecycle module (what counts as a spec change, a no-op write). */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { canonicalKeyOrder, deepEqual, sameObject, specChanged } from "../../../../worker/admission/lifecycle";

const NOW = "2024-05-01T10:00:00Z";

describe("specChanged", () => {
  const base = { kind: "X", apiVersion: "v1", metadata: { name: "a" }, spec: { a: 1, b: [1, 2] }, status: { s: 1 } };
  it.each<[string, KubeObject, boolean]>([
    ["identical", structuredClone(base), false],
    ["metadata only", { ...base, metadata: { name: "a", labels: { x: "y" } } }, false],
    ["status only", { ...base, status: { s: 2 } }, false],
    ["apiVersion/kind only", { ...base, apiVersion: "v2", kind: "Y" }, false],
    ["spec key order", { ...base, spec: { b: [1, 2], a: 1 } }, false],
    ["spec value", { ...base, spec: { a: 2, b: [1, 2] } }, true],
    ["spec list order", { ...base, spec: { a: 1, b: [2, 1] } }, true],
    ["spec removed", { kind: "X", apiVersion: "v1", metadata: {}, status: {} }, true],
    ["another top-level field", { ...base, data: { k: "v" } }, true],
    ["an undefined top-level field", { ...base, data: undefined }, false],
  ])("%s → %s", (_, next, want) => {
    expect(specChanged(base, next)).toBe(want);
  });
});

describe("deepEqual", () => {
  it.each<[unknown, unknown, boolean]>([
    [1, 1, true],
    ["a", "a", true],
    [1, "1", false],
    [null, null, true],
    [null, {}, false],
    [{}, null, false],
    [undefined, null, false],
    [[], {}, false],
    [{}, [], false],
    [[1, 2], [1, 2], true],
    [[1, 2], [2, 1], false],
    [[1], [1, 1], false],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, true],
    [{ a: 1 }, { a: 1, b: null }, false],
    [{ a: { b: [{ c: 1 }] } }, { a: { b: [{ c: 1 }] } }, true],
    [{ a: { b: [{ c: 1 }] } }, { a: { b: [{ c: 2 }] } }, false],
    [{ a: 1 }, { b: 1 }, false],
  ])("%j vs %j → %s", (a, b, want) => {
    expect(deepEqual(a, b)).toBe(want);
    expect(deepEqual(b, a)).toBe(want);
  });
});

describe("sameObject", () => {
  const obj = (rv: string, time: string, extra: KubeObject = {}): KubeObject => ({
    kind: "ConfigMap",
    metadata: { name: "c", resourceVersion: rv, managedFields: [{ manager: "kubectl", operation: "Update", time }], ...extra },
    data: { a: "1" },
  });
  it.each<[string, KubeObject, KubeObject, boolean]>([
    ["identical", obj("1", NOW), obj("1", NOW), true],
    ["resourceVersion differs", obj("1", NOW), obj("2", NOW), true],
    ["managedFields time differs", obj("1", NOW), obj("1", "2030-01-01T00:00:00Z"), true],
    ["labels differ", obj("1", NOW), obj("1", NOW, { labels: { a: "b" } }), false],
    [
      "managedFields operation differs",
      obj("1", NOW),
      { ...obj("1", NOW), metadata: { name: "c", managedFields: [{ manager: "kubectl", operation: "Apply", time: NOW }] } },
      false,
    ],
    ["no managedFields vs none", { metadata: { name: "c" } }, { metadata: { name: "c", managedFields: [] } }, true],
    ["data differs", obj("1", NOW), { ...obj("1", NOW), data: { a: "2" } }, false],
  ])("%s → %s", (_, a, b, want) => {
    expect(sameObject(a, b)).toBe(want);
  });
});

describe("canonicalKeyOrder", () => {
  it.each<[KubeObject, string[]]>([
    [{ spec: 1, metadata: 2, kind: 3, apiVersion: 4, status: 5 }, ["kind", "apiVersion", "metadata", "spec", "status"]],
    [{ data: 1, apiVersion: 2 }, ["apiVersion", "data"]],
    [{ b: 1, a: 2 }, ["b", "a"]],
    [{}, []],
  ])("%j → %j", (obj, keys) => {
    const before = structuredClone(obj);
    canonicalKeyOrder(obj);
    expect(Object.keys(obj)).toEqual(keys);
    expect(obj).toEqual(before);
  });
});
