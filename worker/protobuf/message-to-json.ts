/**
 * Second decoding phase: turn one protobuf message into the JSON Go's encoding/json would write for
 * the same Go struct (the object kubectl would have sent as `application/json`).
 *
 * Rules, in upstream terms (encoding/json + the struct tags summarised in `go-json-fields.ts`):
 * - keys are the JSON names, in Go struct order (= field declaration order in generated.proto);
 * - a nested message on the wire becomes an object even when empty (non-pointer structs are always
 *   marshalled, and `omitempty` never drops a struct), except the well-known types of
 *   `well-known-types.ts`, which have their own JSON form;
 * - a zero scalar is omitted unless listed in `EXPLICIT_ZERO_FIELDS`; empty lists and maps are omitted;
 * - `bytes` become base64 strings; int64 become numbers; inline embedded structs are flattened.
 */
import type { FieldBase, MapField, Type } from "protobufjs";
import { EXPLICIT_ZERO_FIELDS, INLINE_FIELDS, JSON_NAME_OVERRIDES } from "./go-json-fields";
import { WELL_KNOWN_TYPES, encodeBase64, toNumber, type DecodedScalars, type JsonValue } from "./well-known-types";
import {
  WireFormatError,
  isMessageField,
  readFields,
  readMapEntry,
  type FieldOccurrences,
  type WireValue,
} from "./wire-reader";

/** Decodes `bytes` as a message of `type` into its Go JSON value (`undefined` = Go writes null). */
export function messageToJson(type: Type, bytes: Uint8Array): JsonValue | undefined {
  const occurrences = readFields(type, bytes);
  const fullName = type.fullName.replace(/^\./, "");
  const wellKnown = WELL_KNOWN_TYPES[fullName];
  if (wellKnown) return wellKnown(scalarsOf(type, occurrences));

  const out: { [key: string]: JsonValue } = {};
  for (const field of type.fieldsArray) {
    const values = occurrences.get(field.id);
    if (!values || values.length === 0) continue;
    const qualifiedName = `${fullName}.${field.name}`;
    const key = JSON_NAME_OVERRIDES[qualifiedName] ?? field.name;
    if (field.map) {
      const map = mapToJson(field as unknown as MapField, values);
      if (Object.keys(map).length > 0) out[key] = map;
    } else if (field.repeated) {
      out[key] = values.map((value) => elementToJson(field, value) ?? null);
    } else if (isMessageField(field)) {
      // Repeated occurrences of a singular message merge (protobuf spec), i.e. decode as concatenated.
      const value = elementToJson(field, concatBytes(values as Uint8Array[]));
      if (value === undefined) continue;
      if (INLINE_FIELDS.has(qualifiedName) && isObject(value)) Object.assign(out, value);
      else out[key] = value;
    } else {
      const value = scalarToJson(field, values[values.length - 1]);
      if (isZero(value) && !EXPLICIT_ZERO_FIELDS.has(qualifiedName)) continue;
      out[key] = value;
    }
  }
  return out;
}

function elementToJson(field: FieldBase, value: WireValue): JsonValue | undefined {
  if (isMessageField(field)) return messageToJson(field.resolvedType as Type, value as Uint8Array);
  return scalarToJson(field, value);
}

function scalarToJson(field: FieldBase, value: WireValue): JsonValue {
  if (value instanceof Uint8Array) return encodeBase64(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (field.type === "double" || field.type === "float") return value as number;
  return toNumber(value);
}

/** Map entries `{1: key, 2: value}` → object; a missing value is the value type's zero. */
function mapToJson(field: MapField, entries: WireValue[]): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const entry of entries) {
    const { key, value } = readMapEntry(field, entry as Uint8Array);
    const jsonKey = key === undefined ? "" : String(typeof key === "object" ? toNumber(key) : key);
    let jsonValue: JsonValue | undefined;
    if (isMessageField(field)) jsonValue = messageToJson(field.resolvedType as Type, (value as Uint8Array) ?? new Uint8Array());
    else if (value === undefined) jsonValue = zeroOf(field.type);
    else jsonValue = scalarToJson(field, value);
    // defineProperty: map keys are user data ("__proto__" must stay an ordinary key).
    Object.defineProperty(out, jsonKey, { value: jsonValue ?? null, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function scalarsOf(type: Type, occurrences: FieldOccurrences): DecodedScalars {
  const all = (fieldName: string): WireValue[] => {
    const field = type.fields[fieldName];
    if (!field) throw new WireFormatError(`${type.name} has no field ${fieldName}`);
    return occurrences.get(field.id) ?? [];
  };
  return {
    all,
    last: (fieldName) => {
      const values = all(fieldName);
      return values[values.length - 1];
    },
    empty: occurrences.size === 0,
  };
}

function zeroOf(scalarType: string): JsonValue {
  if (scalarType === "string" || scalarType === "bytes") return "";
  if (scalarType === "bool") return false;
  return 0;
}

function isZero(value: JsonValue): boolean {
  return value === "" || value === 0 || value === false;
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function concatBytes(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
