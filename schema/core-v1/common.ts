/**
 * Small core/v1 types shared by many kinds (k8s.io/api/core/v1 types.go): object references, resource lists and
 * requirements, key-to-path projections and field selectors.
 *
 * Decoding leniency: upstream's JSON decoder never enforces `required` (a missing field decodes to its zero value
 * and semantic validation reports `Required value`), so every field here is `opt(...)` and the upstream
 * `required` list is carried as OpenAPI metadata only (`def(..., { required })`).
 */
import { z } from "zod";
import { int32, obj, opt, quantity, str } from "../meta";

export const CORE_V1 = "io.k8s.api.core.v1.";

export interface DefMeta {
  /** Upstream OpenAPI `required` list (documentation only; see module comment). */
  required?: string[];
  description?: string;
  /** `x-kubernetes-map-type` of the struct (`+structType=atomic`). */
  "x-kubernetes-map-type"?: "atomic" | "granular";
  [key: string]: unknown;
}

/** A named core/v1 definition (`io.k8s.api.core.v1.<name>`), strict like every schema object. */
export const def = <S extends z.core.$ZodLooseShape>(name: string, shape: S, meta: DefMeta = {}) =>
  obj(shape).meta({ id: CORE_V1 + name, ...meta });

/** ResourceList: resource name → Quantity. */
export const resourceList = z.record(z.string(), quantity);

/** A granular map of strings with `x-kubernetes-map-type: atomic` (`+mapType=atomic`). */
export const atomicStringMap = z.record(z.string(), z.string()).meta({ "x-kubernetes-map-type": "atomic" });

/**
 * Go `[]byte` in JSON: a standard base64 string (`format: byte`). Go's decoder rejects anything else with
 * `illegal base64 data at input byte N`; that check lives in semantic validation (config.ts `isBase64`).
 */
export const bytes = z.string().meta({ format: "byte" });

export const LocalObjectReferenceSchema = def(
  "LocalObjectReference",
  { name: opt(str).describe("Name of the referent in the same namespace.") },
  { "x-kubernetes-map-type": "atomic" },
);

export const ObjectReferenceSchema = def(
  "ObjectReference",
  {
    apiVersion: opt(str),
    fieldPath: opt(str),
    kind: opt(str),
    name: opt(str),
    namespace: opt(str),
    resourceVersion: opt(str),
    uid: opt(str),
  },
  { "x-kubernetes-map-type": "atomic", description: "A reference to any object, by kind, namespace and name." },
);

export const SecretReferenceSchema = def(
  "SecretReference",
  { name: opt(str), namespace: opt(str) },
  { "x-kubernetes-map-type": "atomic" },
);

export const TypedLocalObjectReferenceSchema = def(
  "TypedLocalObjectReference",
  { apiGroup: opt(str), kind: opt(str), name: opt(str) },
  { "x-kubernetes-map-type": "atomic", required: ["kind", "name"] },
);

export const TypedObjectReferenceSchema = def(
  "TypedObjectReference",
  { apiGroup: opt(str), kind: opt(str), name: opt(str), namespace: opt(str) },
  { required: ["kind", "name"] },
);

/** A container's reference to one of `pod.spec.resourceClaims` (and, since 1.31, one request in it). */
export const ResourceClaimSchema = def("ResourceClaim", { name: opt(str), request: opt(str) }, { required: ["name"] });

export const ResourceRequirementsSchema = def(
  "ResourceRequirements",
  {
    claims: opt(
      z.array(ResourceClaimSchema).meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"] }),
    ),
    limits: opt(resourceList).describe("Maximum amount of compute resources allowed."),
    requests: opt(resourceList).describe("Minimum amount of compute resources required; defaults to limits."),
  },
  { description: "Compute resource requests and limits." },
);

/** PVC resources: like ResourceRequirements without `claims` (since 1.29). */
export const VolumeResourceRequirementsSchema = def("VolumeResourceRequirements", {
  limits: opt(resourceList),
  requests: opt(resourceList).describe("Minimum storage the volume must have (`storage`)."),
});

export const KeyToPathSchema = def(
  "KeyToPath",
  { key: opt(str), mode: opt(int32), path: opt(str) },
  { required: ["key", "path"] },
);

export const ObjectFieldSelectorSchema = def(
  "ObjectFieldSelector",
  { apiVersion: opt(str), fieldPath: opt(str) },
  { "x-kubernetes-map-type": "atomic", required: ["fieldPath"] },
);

export const ResourceFieldSelectorSchema = def(
  "ResourceFieldSelector",
  { containerName: opt(str), divisor: opt(quantity), resource: opt(str) },
  { "x-kubernetes-map-type": "atomic", required: ["resource"] },
);
