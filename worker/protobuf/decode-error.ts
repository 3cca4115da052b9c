/**
 * Why a `application/vnd.kubernetes.protobuf` request body could not be turned into JSON.
 *
 * - `NotProtobuf`: the body does not start with the `k8s\0` magic. Upstream's protobuf serializer
 *   rejects this with "provided data does not appear to be a protobuf message, expected prefix
 *   [107 56 115 0]", which the apiserver answers as 400 BadRequest.
 * - `Malformed`: truncated bytes, a wire type that contradicts the schema, an envelope without
 *   apiVersion/kind, or embedded JSON (RawExtension / FieldsV1) that does not parse. Upstream: 400.
 * - `UnsupportedKind` / `UnsupportedEncoding`: a well-formed envelope for a kind, content type or
 *   content encoding this server has no protobuf schema for. The client could have sent JSON, so
 *   the caller should answer 415 UnsupportedMediaType.
 */
export type ProtobufDecodeFailure = "NotProtobuf" | "Malformed" | "UnsupportedKind" | "UnsupportedEncoding";

/** HTTP status the caller should answer for each failure (see {@link ProtobufDecodeFailure}). */
export const PROTOBUF_FAILURE_STATUS: Readonly<Record<ProtobufDecodeFailure, 400 | 415>> = {
  NotProtobuf: 400,
  Malformed: 400,
  UnsupportedKind: 415,
  UnsupportedEncoding: 415,
};

/** The one error the protobuf decoder throws; `reason` and `status` tell the caller how to answer. */
export class ProtobufDecodeError extends Error {
  readonly reason: ProtobufDecodeFailure;
  readonly status: 400 | 415;

  constructor(reason: ProtobufDecodeFailure, message: string) {
    super(message);
    this.name = "ProtobufDecodeError";
    this.reason = reason;
    this.status = PROTOBUF_FAILURE_STATUS[reason];
  }
}
