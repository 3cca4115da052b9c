/** v3 → Swagger 2.0 schema nodes and `/openapi/v2` content negotiation (pure functions). */
import { describe, expect, it } from "vitest";
import {
  OPENAPI_V2_JSON,
  OPENAPI_V2_PROTOBUF,
  OPENAPI_V2_PROTOBUF_ALT,
  mergeComponents,
  negotiateOpenApiV2,
  toSwaggerSchema,
} from "../../../worker/openapi/v2";

const META = "io.k8s.apimachinery.pkg.apis.meta.v1";

describe("toSwaggerSchema", () => {
  it.each([
    ["a $ref moves to #/definitions", { $ref: `#/components/schemas/${META}.ObjectMeta` }, { $ref: `#/definitions/${META}.ObjectMeta` }],
    [
      "allOf [$ref] + description + patch strategy → $ref beside them (upstream v2 shape)",
      { allOf: [{ $ref: "#/components/schemas/X" }], description: "d", "x-kubernetes-patch-strategy": "retainKeys" },
      { $ref: "#/definitions/X", description: "d", "x-kubernetes-patch-strategy": "retainKeys" },
    ],
    [
      "a $ref drops type and properties (kubectl: definition reference can't have a type)",
      { $ref: "#/components/schemas/X", type: "object", properties: { a: { type: "string" } } },
      { $ref: "#/definitions/X" },
    ],
    [
      "IntOrString → string/int-or-string",
      { anyOf: [{ type: "integer", format: "int32" }, { type: "string" }], "x-kubernetes-int-or-string": true },
      { type: "string", format: "int-or-string", "x-kubernetes-int-or-string": true },
    ],
    ["Quantity (string | number) → string", { anyOf: [{ type: "string" }, { type: "number" }] }, { type: "string" }],
    ["a union with an object is arbitrary", { anyOf: [{ type: "string" }, { type: "object" }], description: "u" }, { description: "u" }],
    ["nullable and a null type are dropped", { type: ["string", "null"], nullable: true }, { type: "string" }],
    ["several types are arbitrary", { type: ["string", "integer"] }, {}],
    ["an array without items gets one arbitrary item", { type: "array" }, { type: "array", items: {} }],
    [
      "properties, items and additionalProperties recurse",
      {
        type: "object",
        properties: { l: { type: "array", items: { allOf: [{ $ref: "#/components/schemas/Y" }] } } },
        additionalProperties: { $ref: "#/components/schemas/Z" },
        required: ["l"],
      },
      {
        type: "object",
        properties: { l: { type: "array", items: { $ref: "#/definitions/Y" } } },
        additionalProperties: { $ref: "#/definitions/Z" },
        required: ["l"],
      },
    ],
    ["unknown keywords go, vendor extensions stay", { type: "integer", minimum: 0, "x-kubernetes-list-type": "atomic" }, { type: "integer", "x-kubernetes-list-type": "atomic" }],
    ["an empty properties object stays (a struct, not a map)", { type: "object", properties: {} }, { type: "object", properties: {} }],
    ["empty required goes", { type: "object", properties: { a: {} }, required: [] }, { type: "object", properties: { a: {} } }],
  ])("%s", (_name, input, expected) => {
    expect(toSwaggerSchema(input)).toEqual(expected);
  });
});

describe("mergeComponents", () => {
  it("keeps the first schema of an id and unions its GVK lists", () => {
    const gvk = (group: string, kind: string) => ({ group, version: "v1", kind });
    const merged = mergeComponents([
      { D: { type: "object", "x-kubernetes-group-version-kind": [gvk("", "DeleteOptions")] }, P: { type: "object" } },
      {
        D: { type: "object", "x-kubernetes-group-version-kind": [gvk("", "DeleteOptions"), gvk("apps", "DeleteOptions")] },
        P: { type: "object", "x-kubernetes-group-version-kind": [gvk("", "PersistentVolumeClaim")] },
      },
    ]);
    expect(merged.D["x-kubernetes-group-version-kind"]).toEqual([gvk("", "DeleteOptions"), gvk("apps", "DeleteOptions")]);
    expect(merged.P["x-kubernetes-group-version-kind"]).toEqual([gvk("", "PersistentVolumeClaim")]);
  });
});

describe("negotiateOpenApiV2", () => {
  it.each([
    ["client-go OpenAPISchema()", OPENAPI_V2_PROTOBUF, OPENAPI_V2_PROTOBUF],
    ["the non-deprecated protobuf subtype", OPENAPI_V2_PROTOBUF_ALT, OPENAPI_V2_PROTOBUF_ALT],
    ["JSON", "application/json", OPENAPI_V2_JSON],
    ["no Accept", undefined, OPENAPI_V2_JSON],
    ["*/*", "*/*", OPENAPI_V2_JSON],
    ["q decides", `application/json;q=0.5, ${OPENAPI_V2_PROTOBUF}`, OPENAPI_V2_PROTOBUF],
    ["a concrete type beats a wildcard at equal q", `*/*, ${OPENAPI_V2_PROTOBUF}`, OPENAPI_V2_PROTOBUF],
    ["q=0 is refused", "application/json;q=0", undefined],
    ["nothing servable", "text/html", undefined],
  ])("%s", (_name, accept, expected) => {
    expect(negotiateOpenApiV2(accept)).toBe(expected);
  });
});
