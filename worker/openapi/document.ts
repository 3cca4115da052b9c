/**
 * One group-version's OpenAPI v3 document, as upstream serves at `/openapi/v3/apis/<group>/<version>` and
 * `/openapi/v3/api/v1`. kubectl uses it three ways (KUBECTL.md §3):
 * - `apply`/`create`/`diff` (cli-runtime query_param_verifier_v3): a PATCH operation whose
 *   `x-kubernetes-group-version-kind` is the object's GVK and which lists a `fieldValidation` parameter
 *   means "validate on the server" (`fieldValidation=Strict`);
 * - client-side apply builds its strategic merge patch from the component carrying the kind's GVK
 *   (`x-kubernetes-patch-merge-key` / `-patch-strategy` on properties);
 * - `explain` finds the GVK on the resource's paths and walks `components.schemas`.
 *
 * Pure and deterministic (paths and components sorted), so the caller can build it once per isolate,
 * cache the JSON and hash it.
 */
import type { z } from "zod";
import { ListMetaSchema } from "../../schema/meta";
import type { GroupVersionDef } from "../../schema/types";
import { schemaId, zodComponents, type JsonSchema } from "./json-schema";
import { FALLBACK_SCALE_COMPONENTS, LIST_META_ID, SCALE_ID, metaComponents, type Gvk } from "./meta-components";
import { fallbackDefinitionId, groupVersionTag, operationGroupVersion, urlPrefix } from "./naming";
import { apiResourcesOp } from "./operations";
import { kindPaths, type PathItem } from "./paths";

export interface GroupVersionDocumentOptions {
  /** autoscaling/v1 Scale (schema/autoscaling-v1 ScaleSchema) for kinds with a `scale` subresource; a small
   * built-in schema is used when absent. */
  scaleSchema?: z.ZodType;
  /** More zod schemas to publish as components (by their `.meta({id})`); they replace built-in ones. */
  schemas?: z.ZodType[];
  /** `info.version`; upstream prints "unversioned". */
  version?: string;
}

export interface OpenApiDocument {
  openapi: "3.0.0";
  info: { title: "Kubernetes"; version: string };
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, JsonSchema> };
}

const sortKeys = <T>(o: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** `<Kind>List`: apiVersion, kind, items ([]<Kind>), metadata (ListMeta), as upstream's list types. */
function listComponent(kind: string, kindId: string, gvk: Gvk): JsonSchema {
  return {
    type: "object",
    description: `${kind}List is a list of ${kind} objects.`,
    properties: {
      apiVersion: { type: "string", description: "The versioned schema of this representation of an object." },
      items: { type: "array", items: { $ref: `#/components/schemas/${kindId}` }, description: `List of ${kind} objects.` },
      kind: { type: "string", description: "The REST resource this object represents, in CamelCase." },
      metadata: { allOf: [{ $ref: `#/components/schemas/${LIST_META_ID}` }], description: "Standard list metadata." },
    },
    required: ["items"],
    "x-kubernetes-group-version-kind": [{ ...gvk, kind: `${kind}List` }],
  };
}

/** Builds the OpenAPI 3.0 document of `gv`: paths of every kind, and the components they reference. */
export function buildGroupVersionDocument(gv: GroupVersionDef, options: GroupVersionDocumentOptions = {}): OpenApiDocument {
  const prefix = urlPrefix(gv);
  const tag = groupVersionTag(gv);
  const opGroupVersion = operationGroupVersion(gv);

  const zodSchemas: Record<string, z.ZodType> = { [LIST_META_ID]: ListMetaSchema };
  const extraComponents: Record<string, JsonSchema> = {};
  const paths: Record<string, PathItem> = { [`${prefix}/`]: { get: apiResourcesOp(opGroupVersion, tag) } };
  const kindIds = new Map<string, Gvk[]>();
  const scaleId = (options.scaleSchema && schemaId(options.scaleSchema)) || SCALE_ID;

  for (const def of gv.kinds) {
    const gvk: Gvk = { group: gv.group, version: gv.version, kind: def.kind };
    const kindId = schemaId(def.schema) ?? fallbackDefinitionId(gv, def.kind);
    const listId = `${kindId}List`;
    zodSchemas[kindId] = def.schema;
    kindIds.set(kindId, [...(kindIds.get(kindId) ?? []), gvk]);
    if ((def.verbs ?? ["list"]).includes("list")) extraComponents[listId] = listComponent(def.kind, kindId, gvk);
    Object.assign(paths, kindPaths({ def, gvk, prefix, opGroupVersion, tag, kindId, listId, scaleId }));
  }

  const needsScale = gv.kinds.some((k) => k.scale);
  if (needsScale && options.scaleSchema) zodSchemas[scaleId] = options.scaleSchema;
  for (const s of options.schemas ?? []) {
    const id = schemaId(s);
    if (id) zodSchemas[id] = s;
  }

  const components: Record<string, JsonSchema> = {
    ...metaComponents(gv),
    ...(needsScale && !options.scaleSchema ? FALLBACK_SCALE_COMPONENTS : {}),
    ...zodComponents(zodSchemas),
    ...extraComponents,
  };
  for (const [id, gvks] of kindIds) {
    components[id] = { ...components[id], "x-kubernetes-group-version-kind": gvks };
  }
  if (needsScale) {
    components[scaleId] = {
      ...components[scaleId],
      "x-kubernetes-group-version-kind": [{ group: "autoscaling", version: "v1", kind: "Scale" }],
    };
  }

  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: options.version ?? "unversioned" },
    paths: sortKeys(paths),
    components: { schemas: sortKeys(components) },
  };
}
