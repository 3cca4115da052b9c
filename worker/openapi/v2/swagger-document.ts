/**
 * The Swagger 2.0 document upstream serves at `/openapi/v2`, built from the per-group-version OpenAPI v3
 * documents: `definitions` is the union of every document's `components.schemas`, converted node by node
 * (swagger-schema.ts). kubectl reads only `definitions` from it (kube-openapi `proto.NewOpenAPIData`, then
 * kubectl `pkg/util/openapi` maps each definition's `x-kubernetes-group-version-kind` to the model); it
 * uses it when `/openapi/v3` cannot answer, above all to validate a `v1/List` client-side
 * (kubectl `pkg/validation` schemaValidation.validateList, KUBECTL.md §3). `paths` is left empty: the v3
 * documents carry the operations, and the v2 query-param verifier is only a fallback for group-versions
 * missing from `/openapi/v3`.
 */
import type { JsonSchema } from "../json-schema";
import { toSwaggerSchema } from "./swagger-schema";

const GVK_EXTENSION = "x-kubernetes-group-version-kind";

export interface SwaggerDocument {
  swagger: "2.0";
  info: { title: string; version: string };
  paths: Record<string, never>;
  definitions: Record<string, JsonSchema>;
}

type Gvk = { group: string; version: string; kind: string };

function unionGvks(a: unknown, b: unknown): Gvk[] {
  const out: Gvk[] = [];
  const seen = new Set<string>();
  for (const list of [a, b]) {
    if (!Array.isArray(list)) continue;
    for (const g of list as Gvk[]) {
      const key = `${g.group}/${g.version}/${g.kind}`;
      if (!seen.has(key)) (seen.add(key), out.push(g));
    }
  }
  return out;
}

/**
 * Merges component maps keyed by definition id. The same id in several documents is one Go type, so the
 * first occurrence is kept, except that `x-kubernetes-group-version-kind` lists are unioned (upstream's
 * DeleteOptions and WatchEvent list every group-version; a kind referenced from another group's document,
 * such as PersistentVolumeClaim from apps/v1 StatefulSet, carries its GVK only in its own document).
 */
export function mergeComponents(componentSets: Record<string, JsonSchema>[]): Record<string, JsonSchema> {
  const merged: Record<string, JsonSchema> = {};
  for (const components of componentSets) {
    for (const [id, schema] of Object.entries(components)) {
      const prev = merged[id];
      if (!prev) merged[id] = schema;
      else if (schema[GVK_EXTENSION]) merged[id] = { ...prev, [GVK_EXTENSION]: unionGvks(prev[GVK_EXTENSION], schema[GVK_EXTENSION]) };
    }
  }
  return merged;
}

/** The Swagger 2.0 document of `documents` (OpenAPI v3 documents); definitions sorted by id. */
export function buildSwaggerDocument(
  documents: { components: { schemas: Record<string, JsonSchema> } }[],
  version = "unversioned",
): SwaggerDocument {
  const merged = mergeComponents(documents.map((d) => d.components.schemas));
  const ids = Object.keys(merged).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    swagger: "2.0",
    info: { title: "Kubernetes", version },
    paths: {},
    definitions: Object.fromEntries(ids.map((id) => [id, toSwaggerSchema(merged[id])])),
  };
}
