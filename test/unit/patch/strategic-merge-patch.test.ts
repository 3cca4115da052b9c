/**
 * Strategic merge patch against upstream's own test type (strategicpatch `MergeItem`): the server-side
 * results of the cases in k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go, restated as JSON.
 */
import { describe, expect, it } from "vitest";
import { applyStrategicMergePatch } from "../../../worker/patch/strategic-merge-patch";
import type { JsonObject, JsonValue } from "../../../worker/patch/json";
import { mergeItemSchema } from "./test-schemas";

/** `items("1", {name: "2", value: "b"})` → `[{name:"1"}, {name:"2", value:"b"}]`. */
const items = (...xs: (string | JsonObject)[]): JsonObject[] => xs.map((x) => (typeof x === "string" ? { name: x } : x));
const del = (name: string): JsonObject => ({ name, $patch: "delete" });
const order = (...names: string[]) => items(...names);

type Case = [name: string, current: JsonObject, patch: JsonObject, expected: JsonObject];

const mapCases: Case[] = [
  ["add a field", { name: "1", other: "a" }, { value: "1" }, { name: "1", value: "1", other: "a" }],
  ["null deletes a field", { name: "1", value: "1", other: "a" }, { name: null, value: "1" }, { value: "1", other: "a" }],
  ["null for a missing field is ignored", { name: "a" }, { other: null, value: "1" }, { name: "a", value: "1" }],
  ["null deletes a field of a nested map", { simpleMap: { key1: "1", key2: "1", other: "a" } }, { simpleMap: { key2: null } }, { simpleMap: { key1: "1", other: "a" } }],
  ["$patch: delete empties a nested map", { simpleMap: { key1: "1", key2: "1" } }, { simpleMap: { $patch: "delete" } }, { simpleMap: {} }],
  ["$patch: replace empties the map", { name: "1", value: "1" }, { $patch: "replace" }, {}],
  ["$patch: replace with content", { name: "1", value: "1" }, { other: "a", $patch: "replace" }, { other: "a" }],
  ["$patch: merge is the default (lenient)", { name: "1" }, { $patch: "merge", value: "1" }, { name: "1", value: "1" }],
  ["a replace-strategy map is replaced", { replacingItem: { a: 1, b: 2 } }, { replacingItem: { c: 3 } }, { replacingItem: { c: 3 } }],
  ["a new value is taken without its nulls", { name: "1" }, { simpleMap: { a: "x", b: null } }, { name: "1", simpleMap: { a: "x" } }],
  ["a value of another type replaces", { simpleMap: { a: "x" } }, { simpleMap: "s" }, { simpleMap: "s" }],
];

const listCases: Case[] = [
  ["primitive merging list: set union", { mergingIntList: [1, 2] }, { mergingIntList: [2, 3] }, { mergingIntList: [1, 2, 3] }],
  ["primitive merging list: patch order wins", { mergingIntList: [1, 2, 3] }, { mergingIntList: [3, 1, 2] }, { mergingIntList: [3, 1, 2] }],
  ["primitive merging list: server-only first", { mergingIntList: [1, 2, 3] }, { mergingIntList: [3, 1] }, { mergingIntList: [2, 3, 1] }],
  ["primitive merging list: a new value comes first", { mergingIntList: [1, 2] }, { mergingIntList: [3] }, { mergingIntList: [3, 1, 2] }],
  ["non-merging primitive list is replaced", { nonMergingIntList: [1, 2] }, { nonMergingIntList: [2, 3] }, { nonMergingIntList: [2, 3] }],
  ["non-merging list of maps is replaced", { nonMergingList: items("1", "2") }, { nonMergingList: items("3") }, { nonMergingList: items("3") }],
  ["$deleteFromPrimitiveList", { mergingIntList: [1, 2, 3] }, { "$deleteFromPrimitiveList/mergingIntList": [2] }, { mergingIntList: [1, 3] }],
  ["$deleteFromPrimitiveList of a missing value", { mergingIntList: [1, 2] }, { "$deleteFromPrimitiveList/mergingIntList": [3] }, { mergingIntList: [1, 2] }],
  ["$deleteFromPrimitiveList of a missing list adds nothing", { foo: ["bar"] }, { "$deleteFromPrimitiveList/mergingIntList": [3] }, { foo: ["bar"] }],
  ["$deleteFromPrimitiveList on a non-merging list", { nonMergingIntList: [1, 2, 3] }, { "$deleteFromPrimitiveList/nonMergingIntList": [2] }, { nonMergingIntList: [1, 3] }],
  ["merging list: merge by key", { mergingList: items({ name: "1", other: "a" }, "2") }, { mergingList: items({ name: "1", value: "1" }) }, { mergingList: items({ name: "1", other: "a", value: "1" }, "2") }],
  ["merging list: null deletes a field of an item", { mergingList: items({ name: "1", value: "1", other: "a" }) }, { mergingList: items({ name: "1", value: null } as JsonObject) }, { mergingList: items({ name: "1", other: "a" }) }],
  ["merging list: patch order", { mergingList: items("1", { name: "2", value: "b" }, "3") }, { mergingList: items({ name: "3", value: "c" }, { name: "1", value: "a" }, { name: "2", other: "x" }) }, { mergingList: items({ name: "3", value: "c" }, { name: "1", value: "a" }, { name: "2", value: "b", other: "x" }) }],
  ["merging list: server-only item first", { mergingList: items("1", { name: "2", value: "b" }, "3") }, { mergingList: items({ name: "3", value: "c" }, { name: "1", value: "a" }) }, { mergingList: items({ name: "2", value: "b" }, { name: "3", value: "c" }, { name: "1", value: "a" }) }],
  ["merging list: $patch: delete removes every duplicate", { mergingList: items("1", "1", { name: "2", value: "a" }, "3", "3") }, { mergingList: [del("1"), del("3")] }, { mergingList: items({ name: "2", value: "a" }) }],
  ["merging list: $patch: replace", { mergingList: items("1", "2") }, { mergingList: [{ $patch: "replace" }] }, { mergingList: [] }],
  ["merging list: $patch: replace with items", { mergingList: items("1", "2") }, { mergingList: [{ $patch: "replace" }, { name: "3", value: null }] as JsonValue[] as JsonObject[] }, { mergingList: items("3") }],
  ["merging list: empty lists", { mergingList: [] }, { mergingList: [] }, { mergingList: [] }],
  ["merging list: a new list loses its directive items", { name: "hi" }, { mergingList: [{ name: "hello" }, del("doesntexist")] }, { name: "hi", mergingList: items("hello") }],
  ["nested non-merging list is replaced", { mergingList: [{ name: "1", other: "a", nonMergingList: items("1", { name: "2", value: "2" }) }, { name: "2" }] }, { mergingList: [{ name: "1", nonMergingList: items({ name: "1", value: "1" }) }] }, { mergingList: [{ name: "1", other: "a", nonMergingList: items({ name: "1", value: "1" }) }, { name: "2" }] }],
];

// Server-side application of kubectl-style patches with `$setElementOrder` (upstream's ThreeWay → Result).
const orderCases: Case[] = [
  ["primitive list: delete with order", { mergingIntList: [1, 2, 3, 4] }, { "$setElementOrder/mergingIntList": [1, 2], "$deleteFromPrimitiveList/mergingIntList": [3] }, { mergingIntList: [1, 2, 4] }],
  ["primitive list: delete duplicates", { mergingIntList: [1, 2, 3, 3, 4] }, { "$setElementOrder/mergingIntList": [1, 2], "$deleteFromPrimitiveList/mergingIntList": [3] }, { mergingIntList: [1, 2, 4] }],
  ["primitive list: reorder only", { mergingIntList: [1, 3] }, { "$setElementOrder/mergingIntList": [3, 2, 1] }, { mergingIntList: [3, 1] }],
  ["add items at both ends", { mergingList: items({ name: "1", other: "a" }, { name: "2", value: "2", other: "b" }) }, { "$setElementOrder/mergingList": order("4", "1", "2", "3"), mergingList: items({ name: "4", value: "4" }, { name: "3", value: "3" }) }, { mergingList: items({ name: "4", value: "4" }, { name: "1", other: "a" }, { name: "2", value: "2", other: "b" }, { name: "3", value: "3" }) }],
  ["add field with a server-only item", { mergingList: items({ name: "1", other: "a" }, { name: "3", value: "2", other: "b" }) }, { "$setElementOrder/mergingList": order("1", "2"), mergingList: items({ name: "1", value: "1" }, { name: "2", value: "2" }) }, { mergingList: items({ name: "1", other: "a", value: "1" }, { name: "2", value: "2" }, { name: "3", value: "2", other: "b" }) }],
  ["order names an item nobody has", { mergingList: items("1", "3") }, { "$setElementOrder/mergingList": order("3", "2", "1"), mergingList: items({ name: "3", value: "3" }, { name: "1", value: "1" }) }, { mergingList: items({ name: "3", value: "3" }, { name: "1", value: "1" }) }],
  ["new item before a server-only item", { name: "hi", mergingList: items("hello2") }, { "$setElementOrder/mergingList": order("hello", "doesntexist"), mergingList: items("hello") }, { name: "hi", mergingList: items("hello", "hello2") }],
  ["delete a missing item, add one", { mergingList: items({ name: "3", other: "a" }) }, { "$setElementOrder/mergingList": order("2"), mergingList: [{ name: "2" }, del("1")] }, { mergingList: items("2", { name: "3", other: "a" }) }],
  // These two depend on upstream's Go slice aliasing (smp-list.ts `mergeListFieldWithLiveView`).
  ["add and delete with a server-only item", { mergingList: items("1", { name: "2", other: "b" }, { name: "4", other: "c" }) }, { "$setElementOrder/mergingList": order("2", "3"), mergingList: [{ name: "3" }, del("1")] }, { mergingList: items({ name: "2", other: "b" }, { name: "4", other: "c" }, "3") }],
  ["add and delete, server-only item stays first", { mergingList: items({ name: "1", other: "a" }, { name: "4", other: "c" }) }, { "$setElementOrder/mergingList": order("2", "3"), mergingList: [{ name: "2" }, { name: "3" }, del("1")] }, { mergingList: items({ name: "4", other: "c" }, "2", "3") }],
  ["nested $setElementOrder", { mergingList: [{ name: "1", other: "a", mergingList: items({ name: "2", value: "2", other: "d" }) }, { name: "2", other: "b" }] }, { "$setElementOrder/mergingList": order("1", "2"), mergingList: [{ "$setElementOrder/mergingList": order("2", "1"), name: "1", mergingList: items({ name: "1", value: "1" }) }] }, { mergingList: [{ name: "1", other: "a", mergingList: items({ name: "2", value: "2", other: "d" }, { name: "1", value: "1" }) }, { name: "2", other: "b" }] }],
];

const retainKeysCases: Case[] = [
  ["retainKeys map without directive merges", { retainKeysMap: { name: "foo", value: "a" } }, { retainKeysMap: { value: "b" } }, { retainKeysMap: { name: "foo", value: "b" } }],
  ["$retainKeys clears unlisted fields", { retainKeysMap: { name: "foo", value: "a", other: "x" } }, { retainKeysMap: { $retainKeys: ["name", "value"], value: "b" } }, { retainKeysMap: { name: "foo", value: "b" } }],
  ["$retainKeys with null members", { retainKeysMap: { name: "foo", value: "a" } }, { retainKeysMap: { $retainKeys: ["other"], other: "o", name: null } }, { retainKeysMap: { other: "o" } }],
  ["$retainKeys in a merging list item", { retainKeysMergingList: items("bar", { name: "foo", value: "a", other: "x" }) }, { retainKeysMergingList: [{ name: "foo", $retainKeys: ["name", "other"], other: "y" }] }, { retainKeysMergingList: items("bar", { name: "foo", other: "y" }) }],
];

describe("applyStrategicMergePatch (upstream MergeItem cases)", () => {
  it.each([...mapCases, ...listCases, ...orderCases, ...retainKeysCases])("%s", (_name, current, patch, expected) => {
    const before = structuredClone(current);
    const patchBefore = structuredClone(patch);
    const result = applyStrategicMergePatch(current, patch, mergeItemSchema);
    expect(result).toEqual({ ok: true, value: expected });
    expect(current).toEqual(before);
    expect(patch).toEqual(patchBefore);
  });
});

describe("applyStrategicMergePatch without a schema", () => {
  it.each<Case>([
    ["maps merge", { a: { b: 1, c: 2 } }, { a: { b: 3 } }, { a: { b: 3, c: 2 } }],
    ["lists replace", { a: [{ name: "x" }, { name: "y" }] }, { a: [{ name: "z" }] }, { a: [{ name: "z" }] }],
    ["null deletes", { a: 1, b: 2 }, { a: null }, { b: 2 }],
    ["$deleteFromPrimitiveList still deletes", { f: ["a", "b"] }, { "$deleteFromPrimitiveList/f": ["a"] }, { f: ["b"] }],
    ["a replaced list loses directive items", { a: [1] }, { a: [{ name: "x", $patch: "delete" }, { name: "y" }] }, { a: [{ name: "y" }] }],
  ])("%s", (_name, current, patch, expected) => {
    expect(applyStrategicMergePatch(current, patch)).toEqual({ ok: true, value: expected });
  });
});

it("a null patch is a no-op (Go decodes it into a nil map)", () => {
  expect(applyStrategicMergePatch({ a: 1 }, null, mergeItemSchema)).toEqual({ ok: true, value: { a: 1 } });
});

describe("applyStrategicMergePatch failures", () => {
  it.each<[string, JsonValue, JsonValue, number, string]>([
    ["$setElementOrder out of order", { mergingList: items("1", "3", "2") }, { "$setElementOrder/mergingList": order("1", "2", "3"), mergingList: items({ name: "3", value: "3" }, { name: "1", value: "1" }) }, 500, "doesn't match $setElementOrder list"],
    ["$setElementOrder out of order (primitives)", { mergingIntList: [1, 3, 2] }, { "$setElementOrder/mergingIntList": [1, 2, 3], mergingIntList: [3, 1] }, 500, "doesn't match $setElementOrder list"],
    ["missing merge key", { mergingList: items({ name: "1", value: "a" }) }, { mergingList: [{ value: "b" }] }, 500, "does not contain declared merge key: name"],
    ["unknown $patch in a map", { simpleMap: { a: "b" } }, { simpleMap: { $patch: "frob" } }, 500, "unknown patch type: frob in map"],
    ["unknown $patch in a list item", { mergingList: items("1") }, { mergingList: [{ name: "1", $patch: "frob" }] }, 500, "unknown patch type: frob in map"],
    ["$retainKeys not a list", { retainKeysMap: { name: "a" } }, { retainKeysMap: { $retainKeys: "name" } }, 400, "invalid patch format of retainKeys"],
    ["patch field missing from $retainKeys", { retainKeysMap: { name: "a" } }, { retainKeysMap: { $retainKeys: ["name"], value: "v" } }, 400, "invalid patch format of retainKeys"],
    ["malformed $setElementOrder key", {}, { $setElementOrder: [1] }, 400, "invalid patch format of setElementOrder list"],
    ["malformed $deleteFromPrimitiveList key", {}, { $deleteFromPrimitiveList: [1] }, 400, "invalid patch format of primitive list"],
    ["list of lists", { mergingIntList: [] }, { mergingIntList: [[1]] }, 422, "lists of lists are not supported"],
    ["mixed element types", { mergingIntList: [1] }, { mergingIntList: ["a"] }, 500, "list element types are not identical"],
    ["a patch that is not an object", {}, [1], 400, "json: cannot unmarshal array into Go value of type map[string]interface {}"],
  ])("%s → %i", (_name, current, patch, code, text) => {
    const result = applyStrategicMergePatch(current, patch, mergeItemSchema);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.detail).toContain(text);
  });
});
