/**
 * Duplicate JSON members as sigs.k8s.io/json UnmarshalStrict reports them (`duplicate field "metadata.name"`),
 * which strict field validation turns into a 400 (Strict) or a warning (Warn).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { duplicateFields } from "../../../worker/json-duplicates";

describe("duplicateFields", () => {
  it.each<[string, string[]]>([
    ["{}", []],
    ["[]", []],
    ['"a"', []],
    ["12", []],
    ['{"a":1,"b":2}', []],
    ['{"a":1,"a":2}', ['duplicate field "a"']],
    ['{"a":1,"a":2,"a":3}', ['duplicate field "a"', 'duplicate field "a"']],
    ['{"a":1,"b":1,"a":2,"b":2}', ['duplicate field "a"', 'duplicate field "b"']],
    ['{ "a" : 1 ,\n  "a"\t: 2 }', ['duplicate field "a"']],
    ['{"metadata":{"name":"x","name":"y"}}', ['duplicate field "metadata.name"']],
    ['{"metadata":{"labels":{"a":"1","a":"2"}}}', ['duplicate field "metadata.labels.a"']],
    ['{"spec":{"a":{}},"spec":{}}', ['duplicate field "spec"']],
    // equal keys in sibling objects are not duplicates
    ['{"a":{"x":1},"b":{"x":1}}', []],
    ['{"items":[{"name":"a"},{"name":"b"}]}', []],
    ['{"a":{"b":{"c":1}},"d":{"b":{"c":1}}}', []],
    ['[{"a":1},{"a":1}]', []],
    // strings that look like JSON structure
    ['{"a":"{\\"b\\":1,\\"b\\":2}","c":"}"}', []],
    ['{"a":"x","b":"a\\"","c":":"}', []],
    ['{"a\\"b":1,"a\\"b":2}', ['duplicate field "a\\"b"']],
    ['{"a\\\\":1,"a\\\\":2}', ['duplicate field "a\\\\"']],
    ['{"\\u0061":1,"a":2}', ['duplicate field "a"']],
    ['{"k":"v\\\\","k":"w"}', ['duplicate field "k"']],
    ['{"a":["a","a"],"b":1}', []],
  ])("%s", (text, want) => {
    expect(duplicateFields(text)).toEqual(want);
  });

  // sigs.k8s.io/json strict errors carry list indexes: `unknown field "spec.template.spec.containers[0].x"`.
  it("a duplicate inside a list item names the item's index", () => {
    expect(duplicateFields('{"spec":{"containers":[{"name":"a"},{"name":"b","name":"c"}]}}')).toEqual([
      'duplicate field "spec.containers[1].name"',
    ]);
  });

  it("never reports duplicates in JSON.stringify output", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        expect(duplicateFields(JSON.stringify(value))).toEqual([]);
        expect(duplicateFields(JSON.stringify(value, null, 2))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("finds a duplicate spliced into any object of JSON.stringify output", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { minKeys: 1 }), (obj) => {
        const key = Object.keys(obj)[0];
        const text = `{${JSON.stringify(key)}:null,${JSON.stringify(obj).slice(1)}`;
        expect(duplicateFields(text)).toEqual([`duplicate field ${JSON.stringify(key)}`]);
      }),
      { numRuns: 200 },
    );
  });
});
