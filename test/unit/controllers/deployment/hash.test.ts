/** pod-template-hash: FNV-32a (known vectors), SafeEncodeString, and ComputeHash over the canonical template. */
import { describe, expect, it } from "vitest";
import { canonicalJson, computeHash, fnv32a, looksLikeTemplateHash, safeEncodeString } from "../../../../worker/controllers/deployment/hash";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("fnv32a", () => {
  it.each<[string, number]>([
    ["", 0x811c9dc5],
    ["a", 0xe40c292c],
    ["foobar", 0xbf9cf968],
  ])("FNV-1a32(%j) = %d", (s, want) => {
    expect(fnv32a(bytes(s))).toBe(want);
  });

  it("continues a running hash (Write after Write)", () => {
    expect(fnv32a(bytes("bar"), fnv32a(bytes("foo")))).toBe(fnv32a(bytes("foobar")));
  });
});

describe("safeEncodeString", () => {
  it("maps each character by code point into bcdfghjklmnpqrstvwxz2456789", () => {
    // '0'..'9' are 48..57: mod 27 → 21..26, then 0..3.
    expect(safeEncodeString("0123456789")).toBe("456789bcdf");
    expect(safeEncodeString("4294967295")).toBe("86f8fbc6f9");
  });
});

describe("computeHash", () => {
  const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx:1.27" }] } };

  it("is the safe-encoded decimal FNV-32a of the canonical JSON", () => {
    const sum = fnv32a(bytes(canonicalJson(template)));
    expect(computeHash(template)).toBe(safeEncodeString(String(sum)));
    expect(looksLikeTemplateHash(computeHash(template))).toBe(true);
  });

  it("ignores key order and changes with any field", () => {
    const reordered = { spec: { containers: [{ image: "nginx:1.27", name: "app" }] }, metadata: { labels: { app: "web" } } };
    expect(computeHash(reordered)).toBe(computeHash(template));
    expect(computeHash({ ...template, spec: { containers: [{ name: "app", image: "nginx:1.28" }] } })).not.toBe(computeHash(template));
  });

  it("mixes in collisionCount as 8 little-endian bytes", () => {
    const le = new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0]);
    const sum = fnv32a(le, fnv32a(bytes(canonicalJson(template))));
    expect(computeHash(template, 2)).toBe(safeEncodeString(String(sum)));
    expect(computeHash(template, 0)).not.toBe(computeHash(template));
    expect(computeHash(template, null)).toBe(computeHash(template));
  });
});
