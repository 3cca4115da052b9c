/**
 * ListOptions from the query (apimachinery internalversion/validation ValidateListOptions, apiserver
 * handlers/get.go ListResource) and continue tokens (apiserver storage.EncodeContinue / DecodeContinue).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../worker/errors";
import { decodeContinue, encodeContinue, parseListQuery, type ListQuery } from "../../../worker/list-options";

const q = (s: string) => new URLSearchParams(s);
const token = encodeContinue({ rv: 42, start: "default/b\u0000" });

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("parseListQuery: accepted", () => {
  const base: ListQuery = { limit: 0, labelSelector: "", fieldSelector: "", allowWatchBookmarks: false };
  it.each<[string, boolean, Partial<ListQuery>]>([
    ["", false, {}],
    ["limit=500", false, { limit: 500 }],
    ["limit=", false, {}],
    ["limit=0", false, {}],
    ["resourceVersion=0", false, { resourceVersion: "0" }],
    ["resourceVersion=", false, {}],
    ["resourceVersion=17&resourceVersionMatch=Exact", false, { resourceVersion: "17", resourceVersionMatch: "Exact" }],
    ["resourceVersion=0&resourceVersionMatch=NotOlderThan", false, { resourceVersion: "0", resourceVersionMatch: "NotOlderThan" }],
    ["resourceVersionMatch=", false, {}],
    ["labelSelector=app%3Dweb&fieldSelector=metadata.name%3Dx", false, { labelSelector: "app=web", fieldSelector: "metadata.name=x" }],
    ["allowWatchBookmarks=true", true, { allowWatchBookmarks: true }],
    ["allowWatchBookmarks=", true, { allowWatchBookmarks: true }],
    ["allowWatchBookmarks=false", true, {}],
    ["timeoutSeconds=30", true, { timeoutSeconds: 30 }],
    ["timeoutSeconds=0", true, { timeoutSeconds: 0 }],
    ["timeoutSeconds=", true, {}],
    [
      "sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
      true,
      { sendInitialEvents: true, resourceVersionMatch: "NotOlderThan", allowWatchBookmarks: true },
    ],
    [
      "sendInitialEvents=false&resourceVersionMatch=NotOlderThan&resourceVersion=5&allowWatchBookmarks=1",
      true,
      { sendInitialEvents: false, resourceVersionMatch: "NotOlderThan", resourceVersion: "5", allowWatchBookmarks: true },
    ],
    ["limit=-1", false, {}],
    [`continue=${token}`, false, { continueToken: { rv: 42, start: "default/b\u0000" } }],
    [`continue=${token}&resourceVersion=0`, false, { continueToken: { rv: 42, start: "default/b\u0000" }, resourceVersion: "0" }],
    [`continue=${token}&limit=2`, false, { continueToken: { rv: 42, start: "default/b\u0000" }, limit: 2 }],
  ])("?%s (watch=%s)", (query, watch, want) => {
    expect(parseListQuery(q(query), watch)).toEqual({ ...base, ...want });
  });
});

describe("parseListQuery: rejected with 400", () => {
  it.each<[string, boolean, string]>([
    ["limit=abc", false, "invalid limit: abc"],
    ["limit=1.5", false, "invalid limit: 1.5"],
    ["resourceVersion=abc", false, "invalid resource version: abc"],
    ["resourceVersion=-1", false, "invalid resource version: -1"],
    ["timeoutSeconds=abc", true, "invalid timeoutSeconds: abc"],
    ["timeoutSeconds=-1", true, "invalid timeoutSeconds: -1"],
    [`continue=${token}&resourceVersion=7`, false, "specifying resource version is not allowed when using continue"],
    ["continue=not-a-token", false, "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)"],
  ])("?%s (watch=%s) → %s", (query, watch, message) => {
    const e = errorOf(() => parseListQuery(q(query), watch));
    expect(e.code).toBe(400);
    expect(e.reason).toBe("BadRequest");
    expect(e.message).toContain(message);
  });
});

// handlers/get.go ListResource: ValidateListOptions errors are errors.NewInvalid(ListOptions.meta.k8s.io, "", errs).
describe("parseListQuery: rejected with 422 Invalid ListOptions", () => {
  it.each<[string, boolean, string]>([
    ["resourceVersionMatch=Newest&resourceVersion=1", false, 'resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan"'],
    ["resourceVersionMatch=exact&resourceVersion=1", false, 'resourceVersionMatch: Unsupported value: "exact": supported values: "Exact", "NotOlderThan"'],
    ["resourceVersionMatch=NotOlderThan", false, "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided"],
    ["resourceVersionMatch=Exact&resourceVersion=0", false, 'resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"'],
    [`resourceVersionMatch=NotOlderThan&resourceVersion=0&continue=${token}`, false, "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided"],
    ["sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=1", false, "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list"],
    ["sendInitialEvents=true&allowWatchBookmarks=true", true, "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"],
    ["sendInitialEvents=true&resourceVersionMatch=NotOlderThan", true, "allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true"],
    ["sendInitialEvents=false&resourceVersionMatch=Exact&resourceVersion=3&allowWatchBookmarks=true", true, "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"],
  ])("?%s (watch=%s) → %s", (query, watch, message) => {
    const e = errorOf(() => parseListQuery(q(query), watch));
    expect(e.code).toBe(422);
    expect(e.reason).toBe("Invalid");
    expect(e.message).toContain('ListOptions.meta.k8s.io "" is invalid: ');
    expect(e.message).toContain(message);
  });

  // validateWatchOptions: "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided".
  it("a watch with resourceVersionMatch but no sendInitialEvents is refused", () => {
    expect(() => parseListQuery(q("resourceVersionMatch=NotOlderThan&resourceVersion=1"), true)).toThrow(
      "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
    );
  });

  // handlers/get.go ListResource: ValidateListOptions errors are errors.NewInvalid(ListOptions.meta.k8s.io, "", errs).
  it("ListOptions validation failures are 422 Invalid ListOptions.meta.k8s.io", () => {
    const e = errorOf(() => parseListQuery(q("resourceVersionMatch=NotOlderThan"), false));
    expect(e.code).toBe(422);
    expect(e.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
  });

  // etcd3 store: `if pred.Limit > 0` — a negative limit is no limit, not an error.
  it("a negative limit means no limit", () => {
    expect(parseListQuery(q("limit=-1"), false).limit).toBeLessThanOrEqual(0);
  });
});

describe("continue tokens", () => {
  const latin1 = fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)) });
  it("round-trips any revision and Latin-1 start key", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), latin1, (rv, start) => {
        const text = encodeContinue({ rv, start });
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeContinue(text)).toEqual({ rv, start });
      }),
    );
  });

  // Object keys can hold any Unicode: RBAC names (path.IsValidPathSegmentName) allow it, so a paged list of
  // ClusterRoles named "é…" must still get a token. Here btoa throws on non-Latin-1 text (a 500).
  it("round-trips start keys outside Latin-1", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.string({ unit: "binary" }), (rv, start) => {
        expect(decodeContinue(encodeContinue({ rv, start }))).toEqual({ rv, start });
      }),
    );
  });

  it("is the upstream JSON shape, base64url without padding", () => {
    const text = encodeContinue({ rv: 5, start: "a" });
    expect(JSON.parse(atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4)))).toEqual({
      v: "meta.k8s.io/v1",
      rv: 5,
      start: "a",
    });
  });

  const b64 = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, "");
  it.each<[string, string]>([
    ["empty", ""],
    ["not base64", "!!!"],
    ["base64 of non-JSON", btoa("hello")],
    ["JSON but not an object", b64(7)],
    ["wrong version", b64({ v: "meta.k8s.io/v2", rv: 1, start: "a" })],
    ["missing rv", b64({ v: "meta.k8s.io/v1", start: "a" })],
    ["zero rv", b64({ v: "meta.k8s.io/v1", rv: 0, start: "a" })],
    ["negative rv", b64({ v: "meta.k8s.io/v1", rv: -3, start: "a" })],
    ["fractional rv", b64({ v: "meta.k8s.io/v1", rv: 1.5, start: "a" })],
    ["string rv", b64({ v: "meta.k8s.io/v1", rv: "1", start: "a" })],
    ["missing start", b64({ v: "meta.k8s.io/v1", rv: 1 })],
    ["numeric start", b64({ v: "meta.k8s.io/v1", rv: 1, start: 3 })],
  ])("rejects %s as 400", (_, text) => {
    const e = errorOf(() => decodeContinue(text));
    expect(e.code).toBe(400);
    expect(e.message).toMatch(/^continue key is not valid/);
  });
});
