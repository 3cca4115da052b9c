import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeFieldsV1, encodeFieldsV1 } from "../../../worker/apply/fields-v1";
import { FieldSet, type Path, type PathElement, pathToString } from "../../../worker/apply/field-set";

const f = (field: string): PathElement => ({ field });
const k = (fields: Record<string, unknown>): PathElement => ({
  key: Object.keys(fields)
    .sort()
    .map((name) => ({ name, value: fields[name] })),
});

describe("encodeFieldsV1", () => {
  it.each<[string, Path[], unknown]>([
    ["a leaf", [[f("spec"), f("replicas")]], { "f:spec": { "f:replicas": {} } }],
    [
      "a list-map item owned with its fields gets a `.`",
      [
        [f("spec"), f("containers"), k({ name: "app" })],
        [f("spec"), f("containers"), k({ name: "app" }), f("image")],
      ],
      { "f:spec": { "f:containers": { 'k:{"name":"app"}': { ".": {}, "f:image": {} } } } },
    ],
    [
      "multi-field keys are sorted by name",
      [[f("ports"), k({ protocol: "TCP", containerPort: 80 })]],
      { "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': {} } },
    ],
    ["set items and indexes", [[f("finalizers"), { value: "a/b" }], [f("x"), { index: 2 }]], { "f:finalizers": { 'v:"a/b"': {} }, "f:x": { "i:2": {} } }],
    [
      "fields sort before keys, keys before values",
      [[f("z"), { value: 1 }], [f("z"), k({ name: "a" })], [f("z"), f("b")]],
      { "f:z": { "f:b": {}, 'k:{"name":"a"}': {}, "v:1": {} } },
    ],
    ["Go's HTML escaping inside keys", [[f("l"), { value: "<&>" }]], { "f:l": { 'v:"\\u003c\\u0026\\u003e"': {} } }],
  ])("%s", (_name, paths, expected) => {
    const encoded = encodeFieldsV1(FieldSet.of(...paths));
    expect(encoded).toEqual(expected);
    expect(JSON.stringify(encoded)).toBe(JSON.stringify(expected)); // key order too
  });
});

describe("decodeFieldsV1", () => {
  // A kubectl-create entry as upstream writes it.
  const upstream = {
    "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
    "f:spec": {
      "f:replicas": {},
      "f:template": {
        "f:spec": {
          "f:containers": {
            'k:{"name":"nginx"}': { ".": {}, "f:image": {}, "f:name": {}, "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } } },
          },
        },
      },
    },
  };

  it("decodes upstream's FieldsV1 and re-encodes it identically", () => {
    const d = decodeFieldsV1(upstream);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.set.has([f("metadata"), f("labels")])).toBe(true);
    expect(d.set.has([f("metadata")])).toBe(false);
    expect(d.set.has([f("spec"), f("template"), f("spec"), f("containers"), k({ name: "nginx" }), f("image")])).toBe(true);
    expect(JSON.stringify(encodeFieldsV1(d.set))).toBe(JSON.stringify(upstream));
  });

  it.each<[string, unknown]>([
    ["not an object", []],
    ["unknown prefix", { "x:a": {} }],
    ["bad key JSON", { "k:{name": {} }],
    ["bad index", { "i:-1": {} }],
    ["non-object value", { "f:a": 1 }],
  ])("rejects %s", (_name, json) => {
    expect(decodeFieldsV1(json).ok).toBe(false);
  });
});

describe("pathToString", () => {
  it.each<[Path, string]>([
    [[f("spec"), f("replicas")], ".spec.replicas"],
    [[f("spec"), f("template"), f("spec"), f("containers"), k({ name: "app" }), f("image")], '.spec.template.spec.containers[name="app"].image'],
    [[f("ports"), k({ protocol: "TCP", containerPort: 80 })], '.ports[containerPort=80,protocol="TCP"]'],
    [[f("finalizers"), { value: "x" }], '.finalizers[="x"]'],
    [[f("args"), { index: 3 }], ".args[3]"],
  ])("%j → %s", (path, expected) => {
    expect(pathToString(path)).toBe(expected);
  });
});

const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean());
const element: fc.Arbitrary<PathElement> = fc.oneof(
  fc.string({ maxLength: 8 }).map((field) => ({ field })),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), scalar, { minKeys: 1, maxKeys: 3 }).map(k),
  scalar.map((value) => ({ value })),
  fc.nat({ max: 50 }).map((index) => ({ index })),
);
const fieldSet = fc.array(fc.array(element, { minLength: 1, maxLength: 4 }), { maxLength: 12 }).map((paths) => FieldSet.of(...paths));

describe("FieldsV1 round trip (property)", () => {
  it("decode(encode(s)) equals s, and encoding is stable through JSON", () => {
    fc.assert(
      fc.property(fieldSet, (s) => {
        const json = JSON.parse(JSON.stringify(encodeFieldsV1(s)));
        const d = decodeFieldsV1(json);
        expect(d.ok).toBe(true);
        if (!d.ok) return;
        expect(d.set.equals(s)).toBe(true);
        expect(JSON.stringify(encodeFieldsV1(d.set))).toBe(JSON.stringify(json));
      }),
      { numRuns: 200 },
    );
  });
});
