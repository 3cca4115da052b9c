/**
 * Everything `/openapi/v2` serves, built once per isolate from the `/openapi/v3` set: the Swagger 2.0
 * JSON text, its gnostic protobuf encoding and one ETag for both (upstream's handler hashes the JSON,
 * uppercase hex SHA-512, and serves both representations under that ETag).
 */
import type { OpenApiSet } from "../openapi-set";
import { documentHash } from "../root";
import { encodeSwaggerDocument } from "./encode-document";
import { buildSwaggerDocument } from "./swagger-document";

export interface OpenApiV2 {
  json: string;
  protobuf: Uint8Array;
  /** Uppercase hex SHA-512 of `json`, unquoted. */
  hash: string;
  /** Build time in milliseconds (informational: workerd advances `performance.now()` only across I/O). */
  buildMs: number;
}

/** Builds the v2 representations from the v3 documents of `set`. */
export async function buildOpenApiV2(set: OpenApiSet): Promise<OpenApiV2> {
  const start = performance.now();
  const doc = buildSwaggerDocument([...set.documents.values()].map((d) => JSON.parse(d.json)));
  const json = JSON.stringify(doc);
  const protobuf = encodeSwaggerDocument(doc);
  const hash = await documentHash(json);
  return { json, protobuf, hash, buildMs: performance.now() - start };
}
