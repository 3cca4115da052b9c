/**
 * The patch engine: pure functions applying the PATCH body of each Content-Type to a stored object.
 *
 * - `patchTypeOf(contentType)` picks the mechanism (undefined → 415).
 * - `applyJsonPatch(doc, ops)` — RFC 6902, `application/json-patch+json`.
 * - `applyMergePatch(doc, patch)` — RFC 7386, `application/merge-patch+json`.
 * - `applyStrategicMergePatch(doc, patch, schema)` — `application/strategic-merge-patch+json`.
 *
 * Failures are `PatchResult` values carrying a `PatchError` with upstream's status code (patch-error.ts).
 */
export { applyJsonPatch, type JsonPatchOperation } from "./json-patch";
export { applyMergePatch, createMergePatch } from "./merge-patch";
export { applyStrategicMergePatch } from "./strategic-merge-patch";
export { patchTypeOf, unsupportedPatchTypeMessage, SUPPORTED_PATCH_CONTENT_TYPES, type PatchType } from "./patch-type";
export {
  PatchError,
  INVALID_REQUEST_MESSAGE,
  MAX_JSON_PATCH_OPERATIONS,
  type PatchErrorReason,
  type PatchResult,
} from "./patch-error";
export { SchemaNode, type ListInfo } from "./schema-node";
export type { JsonObject, JsonPrimitive, JsonValue } from "./json";
