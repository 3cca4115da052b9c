/**
 * Encodes a Swagger 2.0 document as the gnostic `openapi.v2.Document` protobuf message
 * (github.com/google/gnostic-models openapiv2/OpenAPIv2.proto), the body kube-apiserver sends for
 * `GET /openapi/v2` with `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf` and that
 * client-go's `OpenAPISchema()` decodes with `proto.Unmarshal`.
 *
 * Hand-written over protobufjs' `Writer` because protobufjs' reflective encoder compiles code with
 * `new Function`, which Workers forbid. Only the messages a schema document needs are written:
 * Document, Info, Paths (empty), Definitions, NamedSchema, Schema, Properties, ItemsItem,
 * AdditionalPropertiesItem, TypeItem, NamedAny and Any. Vendor extensions, `default` and `enum` values
 * travel as YAML text in `Any.yaml` (gnostic's convention); JSON text is used, which is YAML, so kubectl's
 * `yaml.Unmarshal` (kube-openapi `VendorExtensionToMap`) reads lists of `{group, version, kind}` maps back.
 */
import protobuf from "protobufjs";
import type { JsonSchema } from "../json-schema";
import type { SwaggerDocument } from "./swagger-document";

type Writer = protobuf.Writer;

const LENGTH_DELIMITED = 2;
const VARINT = 0;

/** Field numbers of the gnostic messages, as declared in OpenAPIv2.proto. */
const DOCUMENT = { swagger: 1, info: 2, paths: 8, definitions: 9 } as const;
const INFO = { title: 1, version: 2 } as const;
const NAMED = { name: 1, value: 2 } as const; // NamedSchema, NamedAny
const REPEATED_ENTRIES = 1; // Definitions/Properties.additional_properties, ItemsItem.schema, TypeItem.value
const ANY_YAML = 2;
const ADDITIONAL_PROPERTIES = { schema: 1, boolean: 2 } as const;
const SCHEMA = {
  ref: 1, format: 2, title: 3, description: 4, default: 5, required: 19, enum: 20,
  additionalProperties: 21, type: 22, items: 23, allOf: 24, properties: 25, vendorExtension: 31,
} as const;

const tag = (field: number, wireType: number) => (field << 3) | wireType;

function writeString(w: Writer, field: number, value: unknown): void {
  if (typeof value === "string" && value !== "") w.uint32(tag(field, LENGTH_DELIMITED)).string(value);
}

function writeMessage(w: Writer, field: number, body: (w: Writer) => void): void {
  w.uint32(tag(field, LENGTH_DELIMITED)).fork();
  body(w);
  w.ldelim();
}

/** gnostic `Any` carrying `value` as YAML (JSON) text. */
function writeAny(w: Writer, field: number, value: unknown): void {
  writeMessage(w, field, (a) => writeString(a, ANY_YAML, `${JSON.stringify(value)}\n`));
}

function writeNamedSchemas(w: Writer, field: number, schemas: Record<string, JsonSchema>): void {
  writeMessage(w, field, (m) => {
    for (const [name, schema] of Object.entries(schemas)) {
      writeMessage(m, REPEATED_ENTRIES, (e) => {
        writeString(e, NAMED.name, name);
        writeMessage(e, NAMED.value, (s) => writeSchema(s, schema));
      });
    }
  });
}

/** Writes the fields of one gnostic `Schema` message (the caller frames it). */
export function writeSchema(w: Writer, schema: JsonSchema): void {
  writeString(w, SCHEMA.ref, schema.$ref);
  writeString(w, SCHEMA.format, schema.format);
  writeString(w, SCHEMA.title, schema.title);
  writeString(w, SCHEMA.description, schema.description);
  if (schema.default !== undefined) writeAny(w, SCHEMA.default, schema.default);
  if (Array.isArray(schema.required)) for (const r of schema.required) writeString(w, SCHEMA.required, r);
  if (Array.isArray(schema.enum)) for (const v of schema.enum) writeAny(w, SCHEMA.enum, v);
  const additional = schema.additionalProperties;
  if (typeof additional === "boolean") {
    writeMessage(w, SCHEMA.additionalProperties, (a) => a.uint32(tag(ADDITIONAL_PROPERTIES.boolean, VARINT)).bool(additional));
  } else if (additional && typeof additional === "object") {
    writeMessage(w, SCHEMA.additionalProperties, (a) => writeMessage(a, ADDITIONAL_PROPERTIES.schema, (s) => writeSchema(s, additional)));
  }
  if (typeof schema.type === "string") writeMessage(w, SCHEMA.type, (t) => writeString(t, REPEATED_ENTRIES, schema.type));
  if (schema.items && typeof schema.items === "object") {
    const items: JsonSchema[] = Array.isArray(schema.items) ? schema.items : [schema.items];
    writeMessage(w, SCHEMA.items, (i) => {
      for (const item of items) writeMessage(i, REPEATED_ENTRIES, (s) => writeSchema(s, item));
    });
  }
  if (Array.isArray(schema.allOf)) for (const member of schema.allOf) writeMessage(w, SCHEMA.allOf, (s) => writeSchema(s, member));
  // An empty `properties` is still written: kubectl tells a struct (Kind) from a map by its presence.
  if (schema.properties && typeof schema.properties === "object") writeNamedSchemas(w, SCHEMA.properties, schema.properties);
  for (const [name, value] of Object.entries(schema)) {
    if (!name.startsWith("x-") || value === undefined) continue;
    writeMessage(w, SCHEMA.vendorExtension, (e) => {
      writeString(e, NAMED.name, name);
      writeAny(e, NAMED.value, value);
    });
  }
}

/** The `openapi.v2.Document` bytes of `doc`. */
export function encodeSwaggerDocument(doc: SwaggerDocument): Uint8Array {
  // The plain Writer, not `Writer.create()`: that picks the Node Buffer writer under nodejs_compat, whose
  // `utf8Write` workerd rejects for strings past the first chunk (RangeError "length is out of range").
  const w = new protobuf.Writer();
  writeString(w, DOCUMENT.swagger, doc.swagger);
  writeMessage(w, DOCUMENT.info, (i) => {
    writeString(i, INFO.title, doc.info.title);
    writeString(i, INFO.version, doc.info.version);
  });
  writeMessage(w, DOCUMENT.paths, () => {});
  writeNamedSchemas(w, DOCUMENT.definitions, doc.definitions);
  return w.finish();
}
