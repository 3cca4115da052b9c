/** The Go-struct-tag tables must name real fields of the parsed schema (a typo would silently do nothing). */
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { EXPLICIT_ZERO_FIELDS, INLINE_FIELDS, JSON_NAME_OVERRIDES } from "../../../worker/protobuf/go-json-fields";
import { PROTOBUF_KINDS, lookupMessageType, protobufMessageType } from "../../../worker/protobuf/kind-registry";

function fieldOf(qualifiedName: string): protobuf.Field {
  const dot = qualifiedName.lastIndexOf(".");
  const field = lookupMessageType(qualifiedName.slice(0, dot)).fields[qualifiedName.slice(dot + 1)];
  if (!field) throw new Error(`no field ${qualifiedName}`);
  return field;
}

describe("Go JSON field tables", () => {
  it.each([...EXPLICIT_ZERO_FIELDS])("explicit-zero %s is a singular scalar", (name) => {
    const field = fieldOf(name);
    expect(field.repeated || field.map).toBe(false);
    expect(field.resolvedType).toBeNull();
  });

  it.each([...INLINE_FIELDS])("inline %s is a singular message", (name) => {
    const field = fieldOf(name);
    expect(field.repeated).toBe(false);
    expect(field.resolvedType).toBeInstanceOf(protobuf.Type);
  });

  it.each(Object.keys(JSON_NAME_OVERRIDES))("renamed %s exists", (name) => {
    expect(fieldOf(name)).toBeDefined();
  });

  it.each(Object.entries(PROTOBUF_KINDS).flatMap(([apiVersion, kinds]) => kinds.map((kind) => [apiVersion, kind])))(
    "%s %s has a message type",
    (apiVersion, kind) => {
      expect(protobufMessageType(apiVersion, kind)?.name).toBe(kind);
    },
  );
});
