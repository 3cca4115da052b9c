/**
 * Server-side apply: field ownership (`metadata.managedFields`), apply merging and pruning, conflicts.
 * Upstream: sigs.k8s.io/structured-merge-diff/v4 and k8s.io/apimachinery/pkg/util/managedfields
 * (formerly k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager).
 *
 * Hand-written by necessity: no JavaScript library implements structured-merge-diff.
 *
 * - `applyConfiguration` — PATCH `application/apply-patch+yaml`.
 * - `updateManagedFields` — every other write (create, update, merge/strategic/JSON patch).
 * - `conflictStatus` — message and causes of the 409 an apply conflict answers with.
 */
export { applyConfiguration, BEFORE_FIRST_APPLY, type ApplyOptions, type ApplyResult } from "./apply-configuration";
export { updateManagedFields, type UpdateOptions } from "./update-managed-fields";
export { type ApplyConflict, type ConflictCause, conflictStatus, conflictStatus as conflictStatusParts, printManager } from "./conflicts";
export { FieldSet, type Path, type PathElement, pathToString } from "./field-set";
export { decodeFieldsV1, encodeFieldsV1, type FieldsV1 } from "./fields-v1";
export { appliedFieldSet, fieldSetOf } from "./to-field-set";
export { compareObjects, type Comparison } from "./compare";
export { mergeObjects } from "./merge";
export { decodeManagedFields, encodeManagedFields, type ManagedFieldsEntry, type Manager } from "./managers";
export { LAST_APPLIED_ANNOTATION } from "./last-applied";
