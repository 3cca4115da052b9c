/** The documents built from the fixtures, shared by the OpenAPI tests, and kubectl's PATCH lookup. */
import { buildGroupVersionDocument, type OpenApiDocument } from "../../../worker/openapi";
import { APPS, CORE, ScaleSchema } from "./fixtures";

export const apps = buildGroupVersionDocument(APPS, { scaleSchema: ScaleSchema });
export const core = buildGroupVersionDocument(CORE);
export const DOCS = { apps, core, appsWithoutScale: buildGroupVersionDocument(APPS) };
export type Doc = keyof typeof DOCS;
export const schemas = (doc: OpenApiDocument) => doc.components.schemas;

export type Gvk = { group: string; version: string; kind: string };

/**
 * kubectl's cli-runtime supportsQueryParamV3: the first PATCH operation carrying the GVK decides, so
 * every such operation must list `fieldValidation` as a query parameter.
 */
export function patchSupportsFieldValidation(doc: OpenApiDocument, gvk: Gvk): boolean | "no path" {
  const verdicts = Object.values(doc.paths)
    .map((p) => p.patch)
    .filter((op) => op && JSON.stringify(op["x-kubernetes-group-version-kind"]) === JSON.stringify(gvk))
    .map((op) => !!op!.parameters?.some((p) => p.name === "fieldValidation" && p.in === "query"));
  if (verdicts.length === 0) return "no path";
  return verdicts.every(Boolean);
}

