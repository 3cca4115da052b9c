/** Names, tags, digests and references as the distribution spec defines them. */
import { describe, expect, it } from "vitest";
import { isRepositoryName, isTag, isUploadId, parseDigest, parseReference } from "../../../worker/registry/names";

const HEX = "0123456789abcdef".repeat(4);

describe("isRepositoryName", () => {
  it.each([
    ["app", true],
    ["team/app", true],
    ["a/b/c/d", true],
    ["my-app", true],
    ["my--app", true],
    ["my.app", true],
    ["my_app", true],
    ["my__app", true],
    ["my___app", false],
    ["my._app", false],
    ["0app9", true],
    ["App", false],
    ["-app", false],
    ["app-", false],
    ["app/", false],
    ["/app", false],
    ["a//b", false],
    ["team/_layers", false],
    ["", false],
    ["a".repeat(255), true],
    ["a".repeat(256), false],
  ])("%j → %s", (name, want) => {
    expect(isRepositoryName(name)).toBe(want);
  });
});

describe("isTag", () => {
  it.each([
    ["latest", true],
    ["v1.0.0-rc_1", true],
    ["_x", true],
    ["X", true],
    [".x", false],
    ["-x", false],
    ["a:b", false],
    ["a/b", false],
    ["", false],
    ["a".repeat(128), true],
    ["a".repeat(129), false],
  ])("%j → %s", (tag, want) => {
    expect(isTag(tag)).toBe(want);
  });
});

describe("parseDigest", () => {
  it("accepts sha256 with 64 lower-case hex digits", () => {
    expect(parseDigest(`sha256:${HEX}`)).toEqual({ ok: true, value: { digest: `sha256:${HEX}`, hex: HEX } });
  });
  it.each([
    [`sha256:${HEX.toUpperCase()}`, "invalid sha256"],
    [`sha256:${HEX.slice(1)}`, "invalid sha256"],
    [`sha512:${HEX}${HEX}`, "unsupported digest algorithm"],
    [`SHA256:${HEX}`, "invalid digest"],
    [HEX, "invalid digest"],
    ["sha256:", "invalid digest"],
    [`sha256:${HEX}/x`, "invalid digest"],
  ])("%j is rejected (%s)", (s, reason) => {
    const d = parseDigest(s);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason).toContain(reason);
  });
});

describe("parseReference", () => {
  it.each([
    ["latest", { kind: "tag", tag: "latest" }],
    [`sha256:${HEX}`, { kind: "digest", digest: { digest: `sha256:${HEX}`, hex: HEX } }],
    ["sha256:abc", { kind: "invalid", code: "DIGEST_INVALID" }],
    ["-bad", { kind: "invalid", code: "TAG_INVALID" }],
  ])("%j", (ref, want) => {
    expect(parseReference(ref)).toMatchObject(want);
  });
});

describe("isUploadId", () => {
  it.each([
    ["0f8fad5b-d9cb-469f-a165-70867728950e", true],
    ["0F8FAD5B-D9CB-469F-A165-70867728950E", false],
    ["../x", false],
    ["", false],
  ])("%j → %s", (id, want) => {
    expect(isUploadId(id)).toBe(want);
  });
});
