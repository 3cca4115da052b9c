import { describe, expect, it } from "vitest";
import { applyJsonPatch } from "../../../worker/patch/json-patch";
import type { JsonValue } from "../../../worker/patch/json";
import { INVALID_REQUEST_MESSAGE } from "../../../worker/patch/patch-error";

type Case = [name: string, doc: JsonValue, ops: unknown, expected: JsonValue];

// RFC 6902 Appendix A (A.13, a duplicate member, cannot be represented once parsed).
const rfcExamples: Case[] = [
  ["A.1 adding an object member", { foo: "bar" }, [{ op: "add", path: "/baz", value: "qux" }], { baz: "qux", foo: "bar" }],
  ["A.2 adding an array element", { foo: ["bar", "baz"] }, [{ op: "add", path: "/foo/1", value: "qux" }], { foo: ["bar", "qux", "baz"] }],
  ["A.3 removing an object member", { baz: "qux", foo: "bar" }, [{ op: "remove", path: "/baz" }], { foo: "bar" }],
  ["A.4 removing an array element", { foo: ["bar", "qux", "baz"] }, [{ op: "remove", path: "/foo/1" }], { foo: ["bar", "baz"] }],
  ["A.5 replacing a value", { baz: "qux", foo: "bar" }, [{ op: "replace", path: "/baz", value: "boo" }], { baz: "boo", foo: "bar" }],
  [
    "A.6 moving a value",
    { foo: { bar: "baz", waldo: "fred" }, qux: { corge: "grault" } },
    [{ op: "move", from: "/foo/waldo", path: "/qux/thud" }],
    { foo: { bar: "baz" }, qux: { corge: "grault", thud: "fred" } },
  ],
  [
    "A.7 moving an array element",
    { foo: ["all", "grass", "cows", "eat"] },
    [{ op: "move", from: "/foo/1", path: "/foo/3" }],
    { foo: ["all", "cows", "eat", "grass"] },
  ],
  [
    "A.8 testing a value: success",
    { baz: "qux", foo: ["a", 2, "c"] },
    [
      { op: "test", path: "/baz", value: "qux" },
      { op: "test", path: "/foo/1", value: 2 },
    ],
    { baz: "qux", foo: ["a", 2, "c"] },
  ],
  ["A.10 adding a nested member object", { foo: "bar" }, [{ op: "add", path: "/child", value: { grandchild: {} } }], { foo: "bar", child: { grandchild: {} } }],
  ["A.11 ignoring unrecognized elements", { foo: "bar" }, [{ op: "add", path: "/baz", value: "qux", xyz: 123 }], { foo: "bar", baz: "qux" }],
  ["A.14 ~ escape ordering", { "/": 9, "~1": 10 }, [{ op: "test", path: "/~01", value: 10 }], { "/": 9, "~1": 10 }],
  ["A.16 adding an array value", { foo: ["bar"] }, [{ op: "add", path: "/foo/-", value: ["abc", "def"] }], { foo: ["bar", ["abc", "def"]] }],
];

const moreCases: Case[] = [
  ["copy", { a: { b: [1] } }, [{ op: "copy", from: "/a", path: "/c" }], { a: { b: [1] }, c: { b: [1] } }],
  ["copy is deep", { a: { b: 1 } }, [{ op: "copy", from: "/a", path: "/c" }, { op: "replace", path: "/c/b", value: 2 }], { a: { b: 1 }, c: { b: 2 } }],
  ["replace the whole document", { a: 1 }, [{ op: "replace", path: "", value: { b: 2 } }], { b: 2 }],
  ["add at the end by index", { a: [1] }, [{ op: "add", path: "/a/1", value: 2 }], { a: [1, 2] }],
  ["~1 in a key", { metadata: { labels: { "app.kubernetes.io/name": "x" } } }, [{ op: "remove", path: "/metadata/labels/app.kubernetes.io~1name" }], { metadata: { labels: {} } }],
  ["test 1 equals 1.0 and objects ignore order", { a: { x: 1, y: 2 } }, [{ op: "test", path: "/a", value: { y: 2, x: 1.0 } }], { a: { x: 1, y: 2 } }],
  ["test of a missing member against null (evanphx v4)", { a: {} }, [{ op: "test", path: "/a/b", value: null }], { a: {} }],
  ["move to the same place is a no-op", { a: 1 }, [{ op: "move", from: "/a", path: "/a" }], { a: 1 }],
  [
    "kubectl patch --type=json on a Deployment",
    { spec: { replicas: 1, template: { spec: { containers: [{ name: "app", image: "nginx" }] } } } },
    [
      { op: "replace", path: "/spec/replicas", value: 3 },
      { op: "add", path: "/spec/template/spec/containers/0/args", value: ["-v"] },
    ],
    { spec: { replicas: 3, template: { spec: { containers: [{ name: "app", image: "nginx", args: ["-v"] }] } } } },
  ],
];

describe("applyJsonPatch", () => {
  it.each([...rfcExamples, ...moreCases])("%s", (_name, doc, ops, expected) => {
    const before = structuredClone(doc);
    const result = applyJsonPatch(doc, ops);
    expect(result).toEqual({ ok: true, value: expected });
    expect(doc).toEqual(before);
  });

  // Any failing operation is upstream's 422 with a generic message (patch.go: NewGenericServerResponse).
  it.each<[string, JsonValue, unknown, string]>([
    ["A.9 testing a value: error", { baz: "qux" }, [{ op: "test", path: "/baz", value: "bar" }], "testing value /baz failed: test failed"],
    ["A.12 adding to a nonexistent target", { foo: "bar" }, [{ op: "add", path: "/baz/bat", value: "qux" }], "add operation does not apply: doc is missing path: /baz/bat: missing value"],
    ["A.15 comparing strings and numbers", { "/": 9, "~1": 10 }, [{ op: "test", path: "/~01", value: "10" }], "testing value /~01 failed: test failed"],
    ["remove of a missing member", { a: 1 }, [{ op: "remove", path: "/b" }], "Unable to remove nonexistent key: b: missing value"],
    ["replace of a missing member", { a: 1 }, [{ op: "replace", path: "/b", value: 1 }], "replace operation does not apply: doc is missing key: /b: missing value"],
    ["index past the end", { a: [1] }, [{ op: "add", path: "/a/2", value: 1 }], "Unable to access invalid index: 2: invalid index referenced"],
    ["leading zero index", { a: [1, 2] }, [{ op: "remove", path: "/a/01" }], "Unable to access invalid index: 01: invalid index referenced"],
    ["unknown op", { a: 1 }, [{ op: "frobnicate", path: "/a" }], "Unexpected kind: frobnicate"],
    ["missing path", { a: 1 }, [{ op: "add", value: 1 }], "operation missing path field: missing value"],
    ["missing value", { a: 1 }, [{ op: "add", path: "/b" }], "add operation does not apply: missing value"],
    ["bad escape", { a: 1 }, [{ op: "add", path: "/~2", value: 1 }], 'invalid JSON pointer "/~2" in path'],
    ["move into its own child", { a: { b: 1 } }, [{ op: "move", from: "/a", path: "/a/b/c" }], "move operation does not apply: cannot move /a into its own child"],
    ["copy from a missing member", { a: 1 }, [{ op: "copy", from: "/x", path: "/y" }], "copy operation does not apply: doc is missing from path: /x: missing value"],
  ])("%s → 422", (_name, doc, ops, detail) => {
    const result = applyJsonPatch(doc, ops);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 422, reason: "Invalid", message: INVALID_REQUEST_MESSAGE, detail });
    expect(result.error.toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: INVALID_REQUEST_MESSAGE,
      reason: "Invalid",
      details: {},
      code: 422,
    });
  });

  it("a failed operation leaves nothing applied", () => {
    const doc = { a: 1 };
    const result = applyJsonPatch(doc, [{ op: "replace", path: "/a", value: 2 }, { op: "test", path: "/a", value: 1 }]);
    expect(result.ok).toBe(false);
    expect(doc).toEqual({ a: 1 });
  });

  it.each<[string, unknown, string]>([
    ["an object", { op: "add" }, "json: cannot unmarshal object into Go value of type jsonpatch.Patch"],
    ["a string", "x", "json: cannot unmarshal string into Go value of type jsonpatch.Patch"],
    ["an array of non-objects", [1], "json: cannot unmarshal number into Go value of type jsonpatch.Operation"],
  ])("a body that is %s → 400", (_name, ops, message) => {
    const result = applyJsonPatch({}, ops);
    expect(result).toMatchObject({ ok: false, error: { code: 400, reason: "BadRequest", message } });
  });

  it("more than 10000 operations → 413", () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: "test", path: "", value: {} }));
    const result = applyJsonPatch({}, ops);
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 413,
        reason: "RequestEntityTooLarge",
        message: "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001",
      },
    });
  });
});
