/**
 * meta/v1 building blocks shared by every API group (k8s.io/apimachinery/pkg/apis/meta/v1).
 *
 * Conventions for every schema module:
 * - Objects are `obj({...})` (strict: unknown keys are reported, so `fieldValidation=Strict` can name them).
 * - Optional fields are `opt(x)`: upstream's JSON decoder accepts `null` for any optional field
 *   (kubectl itself emits `creationTimestamp: null`), so optional means "absent or null".
 * - Patch metadata from the upstream OpenAPI (`x-kubernetes-patch-merge-key`, `x-kubernetes-patch-strategy`,
 *   `x-kubernetes-list-type`, `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`) is attached with
 *   `listOf(item, meta)` / `.meta({...})`. Strategic merge patch, server-side apply and OpenAPI all read it
 *   from the JSON Schema that `z.toJSONSchema` produces from these schemas.
 * - Named definitions carry `.meta({ id: "io.k8s.api.core.v1.Container" })` (upstream's definition names) so they
 *   become OpenAPI components.
 */
import { z } from "zod";

/** Absent or null. */
export const opt = <T extends z.ZodType>(s: T) => s.nullish();

/** A strict object: unknown keys are reported as `unrecognized_keys` issues. */
export const obj = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape);

export const str = z.string();
export const bool = z.boolean();
export const int32 = z.number().int().min(-2147483648).max(2147483647);
export const int64 = z.number().int();
export const num = z.number();
/** resource.Quantity: serialized as a string; numbers are accepted as upstream's decoder does. */
export const quantity = z.union([z.string(), z.number()]).meta({ id: "io.k8s.apimachinery.pkg.api.resource.Quantity" });
/** intstr.IntOrString. */
export const intOrString = z.union([int32, z.string()]).meta({ id: "io.k8s.apimachinery.pkg.util.intstr.IntOrString", "x-kubernetes-int-or-string": true });
/** metav1.Time: RFC 3339 at second precision. */
export const time = z.string().meta({ id: "io.k8s.apimachinery.pkg.apis.meta.v1.Time", format: "date-time" });
/** metav1.MicroTime: RFC 3339 with microseconds. */
export const microTime = z.string().meta({ id: "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime", format: "date-time" });
export const stringMap = z.record(z.string(), z.string());
/** Free-form JSON (runtime.RawExtension, apiextensions JSON). */
export const anyJson = z.any();

export interface ListMeta {
  "x-kubernetes-patch-merge-key"?: string;
  "x-kubernetes-patch-strategy"?: string;
  "x-kubernetes-list-type"?: "atomic" | "set" | "map";
  "x-kubernetes-list-map-keys"?: string[];
}

/** An optional list with upstream's patch metadata. */
export const listOf = <T extends z.ZodType>(item: T, meta: ListMeta = {}) => opt(z.array(item).meta({ ...meta }));

/** A list that is a map keyed by `keys` (strategic merge key = first key). */
export const mapList = <T extends z.ZodType>(item: T, keys: string[], strategy = "merge") =>
  listOf(item, {
    "x-kubernetes-patch-merge-key": keys[0],
    "x-kubernetes-patch-strategy": strategy,
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": keys,
  });

/** An atomic list (replaced whole by every patch type). */
export const atomicList = <T extends z.ZodType>(item: T) => listOf(item, { "x-kubernetes-list-type": "atomic" });

export const OwnerReferenceSchema = obj({
  apiVersion: str,
  kind: str,
  name: str,
  uid: str,
  controller: opt(bool),
  blockOwnerDeletion: opt(bool),
}).meta({ id: "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", "x-kubernetes-map-type": "atomic" });

export const ManagedFieldsEntrySchema = obj({
  apiVersion: opt(str),
  fieldsType: opt(str),
  fieldsV1: opt(z.record(z.string(), z.any())),
  manager: opt(str),
  operation: opt(str),
  subresource: opt(str),
  time: opt(time),
}).meta({ id: "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry" });

export const ObjectMetaSchema = obj({
  name: opt(str),
  generateName: opt(str),
  namespace: opt(str),
  selfLink: opt(str),
  uid: opt(str),
  resourceVersion: opt(str),
  generation: opt(int64),
  creationTimestamp: opt(time),
  deletionTimestamp: opt(time),
  deletionGracePeriodSeconds: opt(int64),
  labels: opt(stringMap),
  annotations: opt(stringMap),
  ownerReferences: listOf(OwnerReferenceSchema, {
    "x-kubernetes-patch-merge-key": "uid",
    "x-kubernetes-patch-strategy": "merge",
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": ["uid"],
  }),
  finalizers: listOf(str, { "x-kubernetes-patch-strategy": "merge", "x-kubernetes-list-type": "set" }),
  managedFields: atomicList(ManagedFieldsEntrySchema),
}).meta({ id: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" });

export const ListMetaSchema = obj({
  resourceVersion: opt(str),
  continue: opt(str),
  remainingItemCount: opt(int64),
  selfLink: opt(str),
}).meta({ id: "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta" });

export const LabelSelectorRequirementSchema = obj({
  key: str,
  operator: str,
  values: atomicList(str),
}).meta({ id: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement" });

export const LabelSelectorSchema = obj({
  matchLabels: opt(stringMap),
  matchExpressions: atomicList(LabelSelectorRequirementSchema),
}).meta({ id: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", "x-kubernetes-map-type": "atomic" });

export const ConditionSchema = obj({
  type: str,
  status: str,
  observedGeneration: opt(int64),
  lastTransitionTime: opt(time),
  reason: opt(str),
  message: opt(str),
}).meta({ id: "io.k8s.apimachinery.pkg.apis.meta.v1.Condition" });

/**
 * The envelope every top-level kind shares. `kind`/`apiVersion` are optional on input (the URL decides);
 * the API server fills them in.
 */
export const topLevel = <S extends z.core.$ZodLooseShape>(id: string, shape: S) =>
  obj({ apiVersion: opt(str), kind: opt(str), metadata: opt(ObjectMetaSchema), ...shape }).meta({ id });

export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;
