/**
 * Builds protobuf bytes field by field with protobufjs' `Writer`, the way Go's gogo-protobuf
 * marshaller lays them out: every non-pointer scalar is written even when zero/empty, non-pointer
 * structs are always written (possibly empty), pointer fields only when set.
 *
 * (protobufjs' `Type.encode` generates code with `new Function`, which workerd forbids, so the tests
 * hand-build payloads instead.)
 */
import protobuf from "protobufjs";

/** Writes one field into a message under construction. */
export type Part = (writer: protobuf.Writer) => void;

const LENGTH_DELIMITED = 2;

export function encode(...parts: Part[]): Uint8Array {
  const writer = protobuf.Writer.create();
  for (const part of parts) part(writer);
  return writer.finish();
}

export const str = (id: number, value: string): Part => (w) => void w.uint32((id << 3) | LENGTH_DELIMITED).string(value);
export const int = (id: number, value: number): Part => (w) => void w.uint32(id << 3).int64(value);
export const bool = (id: number, value: boolean): Part => (w) => void w.uint32(id << 3).bool(value);
export const bytes = (id: number, value: Uint8Array): Part => (w) =>
  void w.uint32((id << 3) | LENGTH_DELIMITED).bytes(value);
export const msg = (id: number, ...parts: Part[]): Part => bytes(id, encode(...parts));

/** A `map<string, string>` field: one `{1: key, 2: value}` entry per key. */
export function strMap(id: number, entries: Record<string, string>): Part[] {
  return Object.entries(entries).map(([key, value]) => msg(id, str(1, key), str(2, value)));
}

/** `k8s\0` + runtime.Unknown{TypeMeta, raw, contentEncoding, contentType}, as client-go writes it. */
export function envelope(apiVersion: string, kind: string, raw: Uint8Array, contentEncoding = "", contentType = ""): Uint8Array {
  const unknown = encode(
    msg(1, str(1, apiVersion), str(2, kind)),
    bytes(2, raw),
    str(3, contentEncoding),
    str(4, contentType),
  );
  const out = new Uint8Array(4 + unknown.length);
  out.set([0x6b, 0x38, 0x73, 0x00]);
  out.set(unknown, 4);
  return out;
}

/** metav1.ObjectMeta as Go writes it for a fresh object: empty strings, generation 0, zero creationTimestamp. */
export function objectMeta(
  id: number,
  meta: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): Part {
  return msg(
    id,
    str(1, meta.name ?? ""),
    str(2, ""),
    str(3, meta.namespace ?? ""),
    str(4, ""),
    str(5, ""),
    str(6, ""),
    int(7, 0),
    msg(8),
    ...strMap(11, meta.labels ?? {}),
    ...strMap(12, meta.annotations ?? {}),
  );
}

/** core/v1 Container as kubectl's generators build it: name, image, empty resources, Go zero values. */
export function container(id: number, name: string, image: string, ...extra: Part[]): Part {
  return msg(
    id,
    str(1, name),
    str(2, image),
    str(5, ""),
    msg(8),
    str(13, ""),
    str(14, ""),
    bool(16, false),
    bool(17, false),
    bool(18, false),
    str(20, ""),
    ...extra,
  );
}

/** core/v1 PodSpec with Go's always-written scalars, then `extra` fields (a later occurrence wins). */
export function podSpec(id: number, ...extra: Part[]): Part {
  return msg(
    id,
    str(3, ""),
    str(6, ""),
    str(8, ""),
    str(9, ""),
    str(10, ""),
    bool(11, false),
    bool(12, false),
    bool(13, false),
    str(16, ""),
    str(17, ""),
    str(19, ""),
    str(24, ""),
    ...extra,
  );
}

/** intstr.IntOrString {1 type, 2 intVal, 3 strVal}: type 0 for numbers, 1 for strings. */
export function intOrString(id: number, value: number | string): Part {
  return typeof value === "number"
    ? msg(id, int(1, 0), int(2, value), str(3, ""))
    : msg(id, int(1, 1), int(2, 0), str(3, value));
}

/** A `map<string, resource.Quantity>` field (core/v1 ResourceList). */
export function quantityMap(id: number, entries: Record<string, string>): Part[] {
  return Object.entries(entries).map(([key, value]) => msg(id, str(1, key), msg(2, str(1, value))));
}

/** Repeated numeric field in packed encoding (one length-delimited run of varints). */
export function packedInts(id: number, values: number[]): Part {
  return (w) => {
    w.uint32((id << 3) | LENGTH_DELIMITED).fork();
    for (const value of values) w.int64(value);
    w.ldelim();
  };
}
