import { describe, expect, it } from "vitest";
import {
  child,
  duplicate,
  forbidden,
  formatValue,
  index,
  invalid,
  key,
  notFound,
  notSupported,
  required,
  tooLong,
  tooMany,
} from "../../../../schema/validation";

describe("field paths (field.Path.String())", () => {
  it.each<[string, string]>([
    [child("", "spec"), "spec"],
    [child("spec", "containers"), "spec.containers"],
    [child(index(child("spec", "containers"), 0), "name"), "spec.containers[0].name"],
    [key("data", "app.properties"), "data[app.properties]"],
    [child("spec", "template", "spec"), "spec.template.spec"],
  ])("%s", (actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe("ErrorBody rendering", () => {
  it.each<[unknown, string]>([
    ["Foo", '"Foo"'],
    [80, "80"],
    [true, "true"],
    [null, "null"],
    [undefined, "null"],
    [["10.0.0.1", "None"], '[]string{"10.0.0.1", "None"}'],
    [{ a: 1 }, '{"a":1}'],
  ])("value %j", (v, s) => {
    expect(formatValue(v)).toBe(s);
  });

  it.each([
    [invalid("metadata.name", "Foo", "bad"), "FieldValueInvalid", 'Invalid value: "Foo": bad'],
    [required("spec.containers"), "FieldValueRequired", "Required value"],
    [required("spec", "must specify a volume type"), "FieldValueRequired", "Required value: must specify a volume type"],
    [duplicate("spec.ports[1].name", "http"), "FieldValueDuplicate", 'Duplicate value: "http"'],
    [notSupported("spec.type", "X", ["A", "B"]), "FieldValueNotSupported", 'Unsupported value: "X": supported values: "A", "B"'],
    [forbidden("spec", "nope"), "FieldValueForbidden", "Forbidden: nope"],
    [tooLong("metadata.annotations", 262144), "FieldValueTooLong", "Too long: may not be more than 262144 bytes"],
    [tooMany("spec.x", 5, 3), "FieldValueTooMany", "Too many: 5: must have at most 3 items"],
    [notFound("spec.containers[0].volumeMounts[0].name", "v"), "FieldValueNotFound", 'Not found: "v"'],
  ])("%#: %s", (err, reason, message) => {
    expect(err.reason).toBe(reason);
    expect(err.message).toBe(message);
  });
});
