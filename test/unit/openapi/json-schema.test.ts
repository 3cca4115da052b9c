import { z } from "zod";
import { describe, expect, it } from "vitest";
import { normalizeSchema, schemaId, zodComponents } from "../../../worker/openapi";
import { int32, int64, obj, opt, str, topLevel } from "../../../schema/meta";

const REF = (id: string) => ({ $ref: `#/components/schemas/${id}` });

describe("normalizeSchema", () => {
  it.each<[string, unknown, unknown]>([
    ["drops nullable", { type: "string", nullable: true }, { type: "string" }],
    ["rewrites $defs refs", { $ref: "#/$defs/a.B" }, REF("a.B")],
    ["rewrites definitions refs", { $ref: "#/definitions/a.B" }, REF("a.B")],
    ["decodes JSON pointer escapes", { $ref: "#/definitions/a~1b~0c" }, REF("a/b~c")],
    ["wraps a $ref with siblings in allOf", { $ref: "#/definitions/a.B", description: "d" }, { description: "d", allOf: [REF("a.B")] }],
    ["unwraps a lone allOf", { nullable: true, allOf: [{ $ref: "#/definitions/a.B" }] }, REF("a.B")],
    [
      "flattens anyOf [X, null] to X",
      { anyOf: [{ type: "string", minLength: 1 }, { type: "string", nullable: true, enum: [null] }], description: "d" },
      { type: "string", minLength: 1, description: "d" },
    ],
    [
      "flattens anyOf [$ref, null] to allOf [$ref] with the annotations",
      { anyOf: [{ $ref: "#/definitions/a.B" }, { type: "null" }], description: "d" },
      { description: "d", allOf: [REF("a.B")] },
    ],
    [
      "keeps real unions, minus null",
      { anyOf: [{ type: "string" }, { type: "number" }, { type: "null" }] },
      { anyOf: [{ type: "string" }, { type: "number" }] },
    ],
    ["type arrays lose null", { type: ["string", "null"] }, { type: "string" }],
    ["int32 bounds become a format", { type: "integer", minimum: -2147483648, maximum: 2147483647 }, { type: "integer", format: "int32" }],
    [
      "int64 bounds become a format",
      { type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 },
      { type: "integer", format: "int64" },
    ],
    ["a real minimum stays", { type: "integer", minimum: 0, maximum: 2147483647 }, { type: "integer", minimum: 0, format: "int32" }],
    ["drops additionalProperties: false", { type: "object", additionalProperties: false }, { type: "object" }],
    [
      "required skips fields that accept anything",
      { type: "object", properties: { a: {}, b: { type: "string" } }, required: ["a", "b"] },
      { type: "object", properties: { a: {}, b: { type: "string" } }, required: ["b"] },
    ],
    ["required disappears when empty", { type: "object", properties: { a: {} }, required: ["a"] }, { type: "object", properties: { a: {} } }],
    [
      "recurses into items, additionalProperties and allOf",
      { type: "array", items: { type: "object", additionalProperties: { type: "string", nullable: true } } },
      { type: "array", items: { type: "object", additionalProperties: { type: "string" } } },
    ],
    [
      "keeps extensions",
      { type: "array", nullable: true, "x-kubernetes-patch-merge-key": "name", items: { $ref: "#/definitions/x" } },
      { type: "array", "x-kubernetes-patch-merge-key": "name", items: REF("x") },
    ],
  ])("%s", (_name, input, want) => {
    expect(normalizeSchema(input)).toEqual(want);
  });
});

describe("zodComponents / schemaId", () => {
  const Inner = obj({ n: opt(int32) }).meta({ id: "test.js.Inner", description: "inner type" });
  const Kind = topLevel("test.js.Kind", { spec: opt(Inner).describe("the spec"), count: int64 }).describe("a kind");

  it("finds the id through described clones", () => {
    expect(schemaId(Kind)).toBe("test.js.Kind");
    expect(schemaId(Inner.describe("x"))).toBe("test.js.Inner");
    expect(schemaId(z.string())).toBeUndefined();
  });

  it("publishes every named type once, with the clone's description on the kind", () => {
    const c = zodComponents({ "test.js.Kind": Kind, "test.js.Plain": obj({ a: str }) });
    expect(Object.keys(c).sort()).toEqual([
      "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry",
      "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
      "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
      "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
      "test.js.Inner",
      "test.js.Kind",
      "test.js.Plain",
    ]);
    expect(c["test.js.Kind"].description).toBe("a kind");
    expect(c["test.js.Kind"].required).toEqual(["count"]);
    expect(c["test.js.Kind"].properties.spec).toEqual({ description: "the spec", allOf: [REF("test.js.Inner")] });
    expect(c["test.js.Kind"].properties.metadata).toEqual(REF("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    expect(c["test.js.Inner"]).toEqual({ type: "object", description: "inner type", properties: { n: { type: "integer", format: "int32" } } });
    expect(c["test.js.Plain"]).toEqual({ type: "object", properties: { a: { type: "string" } }, required: ["a"] });
    expect(c["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]).toEqual({ type: "string", format: "date-time" });
  });
});
