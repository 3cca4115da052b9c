/**
 * Namespace (core/v1): schema, defaulting (SetDefaults_Namespace's `kubernetes.io/metadata.name` label,
 * SetDefaults_NamespaceStatus's Active phase, and the `kubernetes` finalizer namespace PrepareForCreate adds)
 * and validation (ValidateNamespace / ValidateNamespaceUpdate).
 */
import { z } from "zod";
import { atomicList, mapList, opt, str, time, topLevel } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { invalid } from "../validation/field-errors";
import { isQualifiedName, nameIsDNSLabel } from "../validation/names";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { def } from "./common";

type Obj = KubeObject;

export const NamespaceConditionSchema = def(
  "NamespaceCondition",
  { lastTransitionTime: opt(time), message: opt(str), reason: opt(str), status: opt(str), type: opt(str) },
  { required: ["type", "status"] },
);

export const NamespaceSpecSchema = def("NamespaceSpec", {
  finalizers: atomicList(str).describe("Must be empty before the namespace is removed from storage."),
});

export const NamespaceStatusSchema = def("NamespaceStatus", {
  conditions: mapList(NamespaceConditionSchema, ["type"]),
  phase: opt(str).describe("Active or Terminating."),
});

export const NamespaceSchema = topLevel("io.k8s.api.core.v1.Namespace", {
  spec: opt(NamespaceSpecSchema).describe("Desired behaviour of the namespace."),
  status: opt(NamespaceStatusSchema).describe("Current status of the namespace (read-only)."),
});

/** The label every namespace carries with its own name (LabelMetadataName). */
export const METADATA_NAME_LABEL = "kubernetes.io/metadata.name";
const STANDARD_FINALIZERS = ["kubernetes", "orphan", "foregroundDeletion"];

/**
 * Namespace defaults. The `kubernetes` finalizer is added only when spec.finalizers is absent and the namespace
 * is not being deleted: upstream adds it on create only, and KindDef.default cannot tell create from update.
 */
export function defaultNamespace(ns: Obj): void {
  const meta: Obj = ns.metadata ?? (ns.metadata = {});
  if (meta.name) meta.labels = { ...(meta.labels ?? {}), [METADATA_NAME_LABEL]: meta.name };
  const spec: Obj = ns.spec ?? (ns.spec = {});
  if (spec.finalizers == null && !meta.deletionTimestamp) spec.finalizers = ["kubernetes"];
  const status: Obj = ns.status ?? (ns.status = {});
  if (!status.phase) status.phase = "Active";
}

/** validateFinalizerName (core): a qualified name, and standard unless it has a domain prefix. */
function validateFinalizerName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (!name.includes("/") && !STANDARD_FINALIZERS.includes(name)) {
    errs.push(invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified"));
  }
  return errs;
}

/** ValidateNamespace: DNS-1123 label name, no metadata.namespace, valid spec finalizers. */
export function validateNamespace(ns: Obj): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, { namespaced: false, nameValidator: nameIsDNSLabel });
  for (const f of (ns.spec?.finalizers ?? []) as string[]) errs.push(...validateFinalizerName(String(f), "spec.finalizers"));
  return errs;
}

/** ValidateNamespaceUpdate: metadata update rules (the name is immutable) plus the create rules. */
export function validateNamespaceUpdate(ns: Obj, old: Obj): FieldError[] {
  return [
    ...validateObjectMetaUpdate(ns.metadata, old.metadata),
    ...validateNamespace(ns).filter((e) => !e.field.startsWith("metadata.")),
  ];
}

/**
 * namespaceStrategy.PrepareForCreate: a new namespace always carries the `kubernetes` finalizer, so that its
 * content is deleted before it goes (a namespace created without it would, once deleted and recreated under
 * the same name, hand the old secrets and RoleBindings to the new owner).
 */
export function prepareNamespaceForCreate(ns: Obj): void {
  const spec: Obj = ns.spec ?? (ns.spec = {});
  const finalizers: string[] = Array.isArray(spec.finalizers) ? spec.finalizers : [];
  if (!finalizers.includes("kubernetes")) spec.finalizers = [...finalizers, "kubernetes"];
}

/**
 * namespaceStrategy.PrepareForUpdate: spec.finalizers change only through the `finalize` subresource, whose
 * strategy (namespaceFinalizeStrategy) keeps the stored status and takes spec and metadata from the request.
 */
export function prepareNamespaceForUpdate(ns: Obj, old: Obj, subresource?: string): void {
  if (subresource === "finalize") {
    if (old.status === undefined) delete ns.status;
    else ns.status = structuredClone(old.status);
    return;
  }
  const spec: Obj = ns.spec ?? (ns.spec = {});
  if (old.spec?.finalizers === undefined) delete spec.finalizers;
  else spec.finalizers = old.spec.finalizers;
}

/**
 * namespaces: `ns`, cluster-scoped, status and finalize subresources (worker/controllers/namespace.ts uses
 * `finalize`), field selector status.phase, no deletecollection.
 */
export const namespaceKind: KindDef = {
  kind: "Namespace",
  resource: "namespaces",
  singular: "namespace",
  namespaced: false,
  shortNames: ["ns"],
  schema: NamespaceSchema,
  status: true,
  fieldSelectors: ["status.phase"],
  subresources: [{ name: "finalize", responseKind: { group: "", version: "v1", kind: "Namespace" }, verbs: ["update"] }],
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
  default: defaultNamespace,
  prepareForCreate: prepareNamespaceForCreate,
  prepareForUpdate: prepareNamespaceForUpdate,
  validate: (obj, old) => (old ? validateNamespaceUpdate(obj, old) : validateNamespace(obj)),
};

export type Namespace = z.infer<typeof NamespaceSchema>;
