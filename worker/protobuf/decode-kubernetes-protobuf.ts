/**
 * Decodes a Kubernetes protobuf request body (`Content-Type: application/vnd.kubernetes.protobuf`,
 * KUBECTL.md §4) into the JSON object the same request would have carried as `application/json`.
 *
 * Wire format (apimachinery `runtime/serializer/protobuf`): the 4 magic bytes `k8s\0`, then a
 * `runtime.Unknown` {1: TypeMeta{1 apiVersion, 2 kind}, 2: raw object bytes, 3: contentEncoding,
 * 4: contentType}; the raw bytes are the object's message from `k8s.io/api/<group>/<version>/generated.proto`.
 */
import type { Type } from "protobufjs";
import { ProtobufDecodeError } from "./decode-error";
import { lookupMessageType, protobufMessageType } from "./kind-registry";
import { messageToJson } from "./message-to-json";
import type { JsonValue } from "./well-known-types";
import { readFields, type FieldOccurrences, type WireValue } from "./wire-reader";

/** Content type of Kubernetes protobuf bodies. */
export const KUBERNETES_PROTOBUF_MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

/** `k8s\0`, the prefix of every Kubernetes protobuf body. */
export const KUBERNETES_PROTOBUF_MAGIC: Readonly<Uint8Array> = new Uint8Array([0x6b, 0x38, 0x73, 0x00]);

/** A decoded request body: its TypeMeta and the object as JSON (with `kind` and `apiVersion` set). */
export interface DecodedKubernetesObject {
  apiVersion: string;
  kind: string;
  object: Record<string, unknown>;
}

export type ProtobufDecodeResult =
  | { ok: true; value: DecodedKubernetesObject }
  | { ok: false; error: ProtobufDecodeError };

const UNKNOWN = "k8s.io.apimachinery.pkg.runtime.Unknown";
const TYPE_META = "k8s.io.apimachinery.pkg.runtime.TypeMeta";

/** True if `bytes` starts with the Kubernetes protobuf magic. */
export function hasKubernetesProtobufMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && KUBERNETES_PROTOBUF_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Decodes a protobuf request body. Throws {@link ProtobufDecodeError} (with the HTTP status to
 * answer) for a missing magic, malformed bytes, or a kind / encoding without a protobuf schema here.
 */
export function decodeKubernetesProtobuf(bytes: Uint8Array): DecodedKubernetesObject {
  if (!hasKubernetesProtobufMagic(bytes)) {
    throw new ProtobufDecodeError(
      "NotProtobuf",
      "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]",
    );
  }
  const unknownType = lookupMessageType(UNKNOWN);
  const typeMetaType = lookupMessageType(TYPE_META);
  const envelope = malformedOnError(() => readEnvelope(unknownType, typeMetaType, bytes.subarray(4)));
  if (envelope.contentEncoding !== "") {
    throw new ProtobufDecodeError("UnsupportedEncoding", `unsupported content encoding "${envelope.contentEncoding}"`);
  }
  const { apiVersion, kind } = envelope;
  if (apiVersion === "" || kind === "") {
    // Upstream: runtime.NewMissingKindErr / NewMissingVersionErr, answered as 400 BadRequest.
    throw new ProtobufDecodeError("Malformed", "the protobuf envelope has no apiVersion or kind");
  }
  const decoded = decodeRaw(envelope.contentType, apiVersion, kind, envelope.raw);
  if (typeof decoded !== "object" || decoded === null || Array.isArray(decoded)) {
    throw new ProtobufDecodeError("Malformed", `the ${kind} body is not an object`);
  }
  return { apiVersion, kind, object: { kind, apiVersion, ...decoded } };
}

/** {@link decodeKubernetesProtobuf} as a value: `{ok: false, error}` instead of throwing. */
export function tryDecodeKubernetesProtobuf(bytes: Uint8Array): ProtobufDecodeResult {
  try {
    return { ok: true, value: decodeKubernetesProtobuf(bytes) };
  } catch (error) {
    if (error instanceof ProtobufDecodeError) return { ok: false, error };
    throw error;
  }
}

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

function readEnvelope(unknownType: Type, typeMetaType: Type, bytes: Uint8Array): Envelope {
  const unknown = readFields(unknownType, bytes);
  const typeMetaBytes = lastOf(unknown, 1);
  const typeMeta = readFields(typeMetaType, typeMetaBytes instanceof Uint8Array ? typeMetaBytes : new Uint8Array());
  const raw = lastOf(unknown, 2);
  return {
    apiVersion: String(lastOf(typeMeta, 1) ?? ""),
    kind: String(lastOf(typeMeta, 2) ?? ""),
    raw: raw instanceof Uint8Array ? raw : new Uint8Array(),
    contentEncoding: String(lastOf(unknown, 3) ?? ""),
    contentType: String(lastOf(unknown, 4) ?? ""),
  };
}

/** Decodes `raw` per `contentType`: protobuf (the default, empty) or JSON (runtime.Unknown allows both). */
function decodeRaw(contentType: string, apiVersion: string, kind: string, raw: Uint8Array): JsonValue | undefined {
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  if (mediaType === "application/json") {
    return malformedOnError(() => JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(raw)) as JsonValue);
  }
  if (mediaType !== "" && mediaType !== KUBERNETES_PROTOBUF_MEDIA_TYPE) {
    throw new ProtobufDecodeError("UnsupportedEncoding", `unsupported embedded content type "${contentType}"`);
  }
  const type = protobufMessageType(apiVersion, kind);
  if (!type) {
    throw new ProtobufDecodeError(
      "UnsupportedKind",
      `protobuf request bodies of kind "${kind}" in version "${apiVersion}" are not supported; ` +
        "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml",
    );
  }
  return malformedOnError(() => messageToJson(type, raw));
}

function lastOf(occurrences: FieldOccurrences, id: number): WireValue | undefined {
  const values = occurrences.get(id);
  return values?.[values.length - 1];
}

/** Runs a decoding step; any failure of the bytes themselves becomes a `Malformed` decode error. */
function malformedOnError<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof ProtobufDecodeError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ProtobufDecodeError("Malformed", `unable to decode protobuf body: ${detail}`);
  }
}
