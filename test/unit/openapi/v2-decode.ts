/**
 * Test-side reader of the gnostic `openapi.v2.Document` bytes: protobufjs reflection over the subset of
 * github.com/google/gnostic-models openapiv2/OpenAPIv2.proto that `/openapi/v2` writes (field numbers as
 * upstream declares them), decoded with the worker's reflective wire reader (no code generation), and
 * `Any.yaml` values parsed with the `yaml` library. Independent of the encoder under test.
 */
import protobuf from "protobufjs";
import { parse as parseYaml } from "yaml";
import { readFields, type WireValue } from "../../../worker/protobuf/wire-reader";

const OPENAPI_V2_PROTO = `
syntax = "proto3";
package openapi.v2;
message AdditionalPropertiesItem { oneof oneof { Schema schema = 1; bool boolean = 2; } }
message Any { bytes value = 1; string yaml = 2; }
message Definitions { repeated NamedSchema additional_properties = 1; }
message Document {
  string swagger = 1; Info info = 2; string host = 3; string base_path = 4;
  Paths paths = 8; Definitions definitions = 9; repeated NamedAny vendor_extension = 16;
}
message Info { string title = 1; string version = 2; string description = 3; }
message ItemsItem { repeated Schema schema = 1; }
message NamedAny { string name = 1; Any value = 2; }
message NamedSchema { string name = 1; Schema value = 2; }
message Paths { repeated NamedAny vendor_extension = 1; repeated NamedAny path = 2; }
message Properties { repeated NamedSchema additional_properties = 1; }
message Schema {
  string _ref = 1; string format = 2; string title = 3; string description = 4; Any default = 5;
  double multiple_of = 6; double maximum = 7; bool exclusive_maximum = 8; double minimum = 9;
  bool exclusive_minimum = 10; int64 max_length = 11; int64 min_length = 12; string pattern = 13;
  int64 max_items = 14; int64 min_items = 15; bool unique_items = 16; int64 max_properties = 17;
  int64 min_properties = 18; repeated string required = 19; repeated Any enum = 20;
  AdditionalPropertiesItem additional_properties = 21; TypeItem type = 22; ItemsItem items = 23;
  repeated Schema all_of = 24; Properties properties = 25; string discriminator = 26; bool read_only = 27;
  Any example = 30; repeated NamedAny vendor_extension = 31;
}
message TypeItem { repeated string value = 1; }
`;

const root = protobuf.parse(OPENAPI_V2_PROTO, { keepCase: true }).root.resolveAll();
const type = (name: string) => root.lookupType(`openapi.v2.${name}`);

/** A decoded message: field name → value (lists for repeated fields, nested objects for messages). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Decoded = Record<string, any>;

/** Decodes `bytes` as `openapi.v2.<typeName>` into plain objects, every field by its .proto name. */
export function decodeMessage(typeName: string, bytes: Uint8Array): Decoded {
  const t = type(typeName);
  const out: Decoded = {};
  for (const [id, values] of readFields(t, bytes)) {
    const field = t.fieldsById[id];
    const decode = (v: WireValue) =>
      field.resolvedType instanceof protobuf.Type ? decodeMessage(field.resolvedType.name, v as Uint8Array) : v;
    out[field.name] = field.repeated ? values.map(decode) : decode(values[values.length - 1]);
  }
  return out;
}

/** A decoded `Schema` back as a JSON-Schema-like object (the inverse of the encoder's mapping). */
export function schemaFromProto(s: Decoded): Decoded {
  const out: Decoded = {};
  if (s._ref !== undefined) out.$ref = s._ref;
  for (const k of ["format", "title", "description", "required"]) if (s[k] !== undefined) out[k] = s[k];
  if (s.type) out.type = s.type.value;
  if (s.items) out.items = (s.items.schema ?? []).map(schemaFromProto);
  if (s.all_of) out.allOf = s.all_of.map(schemaFromProto);
  if (s.additional_properties) {
    const a = s.additional_properties;
    out.additionalProperties = a.schema ? schemaFromProto(a.schema) : a.boolean ?? false;
  }
  if (s.properties) out.properties = namedSchemas(s.properties.additional_properties ?? []);
  for (const e of s.vendor_extension ?? []) out[e.name] = parseYaml(e.value.yaml);
  if (s.default) out.default = parseYaml(s.default.yaml);
  if (s.enum) out.enum = s.enum.map((a: Decoded) => parseYaml(a.yaml));
  return out;
}

function namedSchemas(entries: Decoded[]): Record<string, Decoded> {
  return Object.fromEntries(entries.map((e) => [e.name, schemaFromProto(e.value ?? {})]));
}

/** The document's definitions, in wire order, as JSON-Schema-like objects. */
export function decodeDefinitions(bytes: Uint8Array): { doc: Decoded; definitions: Record<string, Decoded> } {
  const doc = decodeMessage("Document", bytes);
  return { doc, definitions: namedSchemas(doc.definitions?.additional_properties ?? []) };
}
