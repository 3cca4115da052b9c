/**
 * OpenAPI v3 for kubectl: one document per group-version built from the resource registry's zod schemas,
 * and the `/openapi/v3` root that lists them by content hash.
 */
export { buildGroupVersionDocument, type GroupVersionDocumentOptions, type OpenApiDocument } from "./document";
export { buildOpenApiRoot, documentHash, type OpenApiRoot } from "./root";
export { buildOpenApiSet, type OpenApiSet } from "./openapi-set";
export { groupVersionPath, urlPrefix } from "./naming";
export { normalizeSchema, schemaId, zodComponents, type JsonSchema } from "./json-schema";
export { PATCH_MEDIA_TYPES, type Operation } from "./operations";
export type { PathItem } from "./paths";
