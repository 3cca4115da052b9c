/**
 * First decoding phase: split one protobuf message into its field occurrences, by walking the
 * reflected `Type.fieldsById` of a schema parsed with `protobuf.parse`.
 *
 * protobufjs' own `Type.decode` compiles a decoder with `new Function`, which Workers forbid, so this
 * module only uses the reflection objects and the low-level `Reader`. Nested messages and map entries
 * are returned as their raw bytes; `message-to-json.ts` decodes them with their own type. Unknown field
 * numbers are skipped, as every protobuf reader does (a newer kubectl may send fields we do not know).
 */
import protobuf from "protobufjs";
import type { FieldBase, Long, MapField, Type } from "protobufjs";

/** An int64/uint64 as protobufjs returns it: a long.js `Long` at run time. */
export interface LongLike {
  toNumber(): number;
  toString(): string;
}

/** One decoded occurrence: a scalar, or the bytes of a nested message / map entry. */
export type WireValue = string | number | boolean | Uint8Array | Long;

/** Occurrences of each present field, keyed by field number, in wire order. */
export type FieldOccurrences = Map<number, WireValue[]>;

/** Thrown for bytes that are not a valid encoding of the expected message. */
export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WireFormatError";
  }
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

/** Wire type of each scalar protobuf type (protobuf encoding spec, "Message Structure"). */
const SCALAR_WIRE_TYPES: Readonly<Record<string, number>> = {
  int32: WIRE_VARINT, uint32: WIRE_VARINT, sint32: WIRE_VARINT,
  int64: WIRE_VARINT, uint64: WIRE_VARINT, sint64: WIRE_VARINT,
  bool: WIRE_VARINT,
  fixed64: WIRE_FIXED64, sfixed64: WIRE_FIXED64, double: WIRE_FIXED64,
  fixed32: WIRE_FIXED32, sfixed32: WIRE_FIXED32, float: WIRE_FIXED32,
  string: WIRE_LENGTH_DELIMITED, bytes: WIRE_LENGTH_DELIMITED,
};

/** True if the field holds a nested message (its value is the message's bytes). */
export function isMessageField(field: FieldBase): boolean {
  return field.resolvedType instanceof protobuf.Type;
}

/** Reads every field occurrence of one message of type `type` from `bytes`. */
export function readFields(type: Type, bytes: Uint8Array): FieldOccurrences {
  const reader = protobuf.Reader.create(bytes);
  const occurrences: FieldOccurrences = new Map();
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const id = tag >>> 3;
    const wireType = tag & 7;
    if (id === 0) throw new WireFormatError(`${type.name}: invalid field number 0`);
    const field = type.fieldsById[id];
    if (!field) {
      reader.skipType(wireType);
      continue;
    }
    let values = occurrences.get(id);
    if (!values) occurrences.set(id, (values = []));
    readOccurrence(reader, field, wireType, values);
  }
  return occurrences;
}

function readOccurrence(reader: protobuf.Reader, field: FieldBase, wireType: number, into: WireValue[]): void {
  const where = `${field.parent?.name ?? "?"}.${field.name}`;
  if (field.map || isMessageField(field)) {
    expectWireType(wireType, WIRE_LENGTH_DELIMITED, where);
    into.push(reader.bytes());
    return;
  }
  const scalarType = scalarTypeOf(field);
  const expected = SCALAR_WIRE_TYPES[scalarType];
  // Repeated numeric fields may arrive packed (proto3 default) or one tag per element (proto2, Go).
  if (field.repeated && wireType === WIRE_LENGTH_DELIMITED && expected !== WIRE_LENGTH_DELIMITED) {
    const end = reader.uint32() + reader.pos;
    while (reader.pos < end) into.push(readScalar(reader, scalarType, expected, where));
    if (reader.pos !== end) throw new WireFormatError(`${where}: packed field overruns its length`);
    return;
  }
  into.push(readScalar(reader, scalarType, wireType, where));
}

/** The scalar type to read for a non-message field (enums travel as int32 varints). */
function scalarTypeOf(field: FieldBase): string {
  return field.resolvedType instanceof protobuf.Enum ? "int32" : field.type;
}

/** Reads one scalar of protobuf type `scalarType` that arrived with `wireType`. */
export function readScalar(reader: protobuf.Reader, scalarType: string, wireType: number, where: string): WireValue {
  const expected = SCALAR_WIRE_TYPES[scalarType];
  if (expected === undefined) throw new WireFormatError(`${where}: unsupported scalar type ${scalarType}`);
  expectWireType(wireType, expected, where);
  switch (scalarType) {
    case "string": return reader.string();
    case "bytes": return reader.bytes();
    case "bool": return reader.bool();
    case "int32": return reader.int32();
    case "uint32": return reader.uint32();
    case "sint32": return reader.sint32();
    case "int64": return reader.int64();
    case "uint64": return reader.uint64();
    case "sint64": return reader.sint64();
    case "fixed32": return reader.fixed32();
    case "sfixed32": return reader.sfixed32();
    case "float": return reader.float();
    case "fixed64": return reader.fixed64();
    case "sfixed64": return reader.sfixed64();
    default: return reader.double();
  }
}

function expectWireType(actual: number, expected: number, where: string): void {
  if (actual !== expected) throw new WireFormatError(`${where}: wire type ${actual}, expected ${expected}`);
}

/** Key type and raw value of one map entry (`{1: key, 2: value}`, protobuf encoding spec "Maps"). */
export function readMapEntry(field: MapField, bytes: Uint8Array): { key: WireValue | undefined; value: WireValue | undefined } {
  const reader = protobuf.Reader.create(bytes);
  const where = `${field.parent?.name ?? "?"}.${field.name}`;
  let key: WireValue | undefined;
  let value: WireValue | undefined;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    switch (tag >>> 3) {
      case 1:
        key = readScalar(reader, field.keyType, wireType, `${where}[key]`);
        break;
      case 2:
        if (isMessageField(field)) {
          expectWireType(wireType, WIRE_LENGTH_DELIMITED, `${where}[value]`);
          value = reader.bytes();
        } else {
          value = readScalar(reader, scalarTypeOf(field), wireType, `${where}[value]`);
        }
        break;
      default:
        reader.skipType(wireType);
    }
  }
  return { key, value };
}
