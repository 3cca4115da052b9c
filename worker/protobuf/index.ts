/**
 * Kubernetes protobuf request bodies → JSON objects (KUBECTL.md §4). kubectl 1.32's typed clients
 * POST/PUT `application/vnd.kubernetes.protobuf`; the HTTP layer decodes them here and carries on as
 * if the body had been JSON. Decoding is reflective (protobufjs parser + Reader), never code-generated.
 */
export {
  KUBERNETES_PROTOBUF_MAGIC,
  KUBERNETES_PROTOBUF_MEDIA_TYPE,
  decodeKubernetesProtobuf,
  hasKubernetesProtobufMagic,
  tryDecodeKubernetesProtobuf,
  type DecodedKubernetesObject,
  type ProtobufDecodeResult,
} from "./decode-kubernetes-protobuf";
export { PROTOBUF_FAILURE_STATUS, ProtobufDecodeError, type ProtobufDecodeFailure } from "./decode-error";
export { PROTOBUF_KINDS, protobufMessageName } from "./kind-registry";
export { formatGoDuration, formatRfc3339, type JsonValue } from "./well-known-types";
