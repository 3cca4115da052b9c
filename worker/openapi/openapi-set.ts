/**
 * Everything `/openapi/v3` serves, built in one go from the registry's group-versions: each document's
 * JSON text and hash, and the root listing them. Build once per isolate and cache (the caller answers
 * `?hash=` URLs with `Cache-Control: public, immutable`, an `Expires` a year out and `ETag: "<hash>"`,
 * KUBECTL.md §3.4).
 */
import type { GroupVersionDef } from "../../schema/types";
import { buildGroupVersionDocument, type GroupVersionDocumentOptions } from "./document";
import { groupVersionPath } from "./naming";
import { buildOpenApiRoot, documentHash, type OpenApiRoot } from "./root";

export interface OpenApiSet {
  root: OpenApiRoot;
  /** Keyed by document path (`api/v1`, `apis/apps/v1`). */
  documents: Map<string, { json: string; hash: string }>;
}

/** Group-versions listed more than once (kinds split across modules) are merged into one document. */
export async function buildOpenApiSet(gvs: GroupVersionDef[], options: GroupVersionDocumentOptions = {}): Promise<OpenApiSet> {
  const merged = new Map<string, GroupVersionDef>();
  for (const gv of gvs) {
    const path = groupVersionPath(gv);
    const prev = merged.get(path);
    merged.set(path, prev ? { ...prev, kinds: [...prev.kinds, ...gv.kinds] } : gv);
  }
  const documents = new Map<string, { json: string; hash: string }>();
  for (const [path, gv] of merged) {
    const json = JSON.stringify(buildGroupVersionDocument(gv, options));
    documents.set(path, { json, hash: await documentHash(json) });
  }
  return { root: buildOpenApiRoot([...documents].map(([path, d]) => ({ path, hash: d.hash }))), documents };
}
