/**
 * ControllerRevision hashing against upstream's own golden data: pkg/controller/statefulset/testdata/
 * compatibility_revision_1.33.0.json names the revision of its template `test-c77f6d978`.
 */
import { describe, expect, it } from "vitest";
import { controllerRevisionName, fnv1_32, goJson, hashControllerRevision, safeEncodeString } from "../../../../worker/controllers/history";
import { UPSTREAM_DATA } from "./upstream-data";

describe("fnv1_32 (Go hash/fnv New32: FNV-1, not FNV-1a)", () => {
  it.each([
    ["", 0x811c9dc5],
    ["a", 0x050c5d7e],
    ["foobar", 0x31f0b262],
  ])("%j → %i", (input, want) => {
    expect(fnv1_32(input)).toBe(want);
  });

  it("hashes chunks as one stream", () => {
    expect(fnv1_32("foo", "bar")).toBe(fnv1_32("foobar"));
  });
});

describe("safeEncodeString", () => {
  it.each([
    ["", ""],
    ["0", "4"], // '0' = 48, 48 % 27 = 21 → alphabet[21]
    ["123", "567"],
    ["4294967295", "86f8fbc6f9"],
  ])("%j → %j", (input, want) => {
    expect(safeEncodeString(input)).toBe(want);
  });
});

describe("goJson (Go's json.Marshal of a decoded map)", () => {
  it.each([
    [{ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}'],
    [{ $patch: "replace", metadata: {} }, '{"$patch":"replace","metadata":{}}'],
    [{ cmd: "a<b && c>d" }, '{"cmd":"a\\u003cb \\u0026\\u0026 c\\u003ed"}'],
    [{ s: "line\u2028sep" }, '{"s":"line\\u2028sep"}'],
    [{ dropped: undefined, kept: 0 }, '{"kept":0}'],
  ])("%j", (value, want) => {
    expect(goJson(value)).toBe(want);
  });
});

describe("hashControllerRevision / controllerRevisionName", () => {
  it("matches upstream's golden revision name", () => {
    const hash = hashControllerRevision(goJson(UPSTREAM_DATA), 0);
    expect(hash).toBe("c77f6d978");
    expect(controllerRevisionName("test", hash)).toBe("test-c77f6d978");
  });

  it("a collision count changes the hash; no count differs from count 0", () => {
    const raw = goJson(UPSTREAM_DATA);
    const hashes = new Set([hashControllerRevision(raw), hashControllerRevision(raw, 0), hashControllerRevision(raw, 1), hashControllerRevision(raw, 2)]);
    expect(hashes.size).toBe(4);
  });

  it("cuts long prefixes to 223 characters", () => {
    expect(controllerRevisionName("x".repeat(300), "abc")).toBe(`${"x".repeat(223)}-abc`);
  });
});
