/**
 * `/openapi/v2`: the Swagger 2.0 view of every group-version (definitions only), as JSON and as the
 * gnostic `openapi.v2.Document` protobuf kubectl asks for when it validates client-side.
 */
export { buildOpenApiV2, type OpenApiV2 } from "./openapi-v2";
export { buildSwaggerDocument, mergeComponents, type SwaggerDocument } from "./swagger-document";
export { DEFINITIONS_PREFIX, definitionRef, toSwaggerSchema } from "./swagger-schema";
export { encodeSwaggerDocument, writeSchema } from "./encode-document";
export {
  OPENAPI_V2_JSON,
  OPENAPI_V2_PROTOBUF,
  OPENAPI_V2_PROTOBUF_ALT,
  negotiateOpenApiV2,
  openApiV2ContentType,
  type OpenApiV2MediaType,
} from "./negotiate";
