/**
 * ObjectMeta validation (k8s.io/apimachinery/pkg/api/validation/objectmeta.go and
 * pkg/apis/meta/v1/validation): names, namespace, labels, annotations, owner references, finalizers, and the
 * immutable parts of metadata on update.
 */
import type { KubeObject, FieldError } from "../types";
import { child, forbidden, formatValue, invalid, IS_NEGATIVE, required, tooLong } from "./field-errors";
import { byteLength, sortedEntries, validateImmutableField } from "./generic";
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel, nameIsDNSSubdomain, type NameValidator } from "./names";

/** 256 KiB: the limit on the summed length of annotation keys and values. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

/** ValidateLabels: keys are qualified names, values label values; every error is reported at `path`. */
export function validateLabels(labels: Record<string, string> | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of sortedEntries(labels)) {
    errs.push(...isQualifiedName(k).map((m) => invalid(path, k, m)));
    errs.push(...isValidLabelValue(String(v)).map((m) => invalid(path, v, m)));
  }
  return errs;
}

/** ValidateLabelName (a single label key, e.g. a toleration or selector key). */
export const validateLabelName = (name: string, path: string): FieldError[] =>
  isQualifiedName(name).map((m) => invalid(path, name, m));

/** ValidateAnnotations: keys are case-insensitive qualified names; keys+values total at most 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of sortedEntries(annotations)) {
    errs.push(...isQualifiedName(k.toLowerCase()).map((m) => invalid(path, k, m)));
    total += byteLength(k) + byteLength(String(v ?? ""));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  return errs;
}

/** ValidateOwnerReferences: all of apiVersion/kind/name/uid set, at most one controller. */
export function validateOwnerReferences(refs: KubeObject[] | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const controllers: string[] = [];
  (refs ?? []).forEach((ref) => {
    if (!ref?.apiVersion) errs.push(invalid(child(path, "apiVersion"), ref?.apiVersion ?? "", "version must not be empty"));
    if (!ref?.kind) errs.push(invalid(child(path, "kind"), ref?.kind ?? "", "kind must not be empty"));
    if (!ref?.name) errs.push(invalid(child(path, "name"), ref?.name ?? "", "name must not be empty"));
    if (!ref?.uid) errs.push(invalid(child(path, "uid"), ref?.uid ?? "", "uid must not be empty"));
    if (ref?.controller === true) controllers.push(`${ref.kind}/${ref.name}`);
  });
  if (controllers.length > 1) {
    errs.push(
      invalid(
        path,
        refs,
        `Only one reference can have Controller set to true. Found "true" in references for ${controllers.join(" and ")}`,
      ),
    );
  }
  return errs;
}

/** ValidateFinalizers: qualified names; orphan and foregroundDeletion are mutually exclusive. */
export function validateFinalizers(finalizers: string[] | null | undefined, path: string): FieldError[] {
  const list = finalizers ?? [];
  const errs = list.flatMap((f) => isQualifiedName(f).map((m) => invalid(path, f, m)));
  if (list.includes("orphan") && list.includes("foregroundDeletion")) {
    errs.push(invalid(path, list, "finalizer orphan and foregroundDeletion cannot be both set"));
  }
  return errs;
}

export interface ObjectMetaOptions {
  /** Namespaced kinds require metadata.namespace; cluster-scoped kinds forbid it. */
  namespaced: boolean;
  /** Name format for this kind (default: DNS-1123 subdomain). */
  nameValidator?: NameValidator;
  /** Field path of the metadata (default `metadata`; `spec.template.metadata` style paths for templates). */
  path?: string;
}

/**
 * ValidateObjectMetaAccessor: name (or generateName) present and well-formed, namespace as scope requires,
 * generation non-negative, labels, annotations, owner references and finalizers.
 */
export function validateObjectMeta(meta: KubeObject | null | undefined, opts: ObjectMetaOptions): FieldError[] {
  const m = meta ?? {};
  const path = opts.path ?? "metadata";
  const nameFn = opts.nameValidator ?? nameIsDNSSubdomain;
  const errs: FieldError[] = [];
  if (m.generateName) {
    errs.push(...nameFn(m.generateName, true).map((msg) => invalid(child(path, "generateName"), m.generateName, msg)));
  }
  if (!m.name) {
    if (!m.generateName) errs.push(required(child(path, "name"), "name or generateName is required"));
  } else {
    errs.push(...nameFn(m.name, false).map((msg) => invalid(child(path, "name"), m.name, msg)));
  }
  if (opts.namespaced) {
    if (!m.namespace) errs.push(required(child(path, "namespace")));
    else errs.push(...nameIsDNSLabel(m.namespace, false).map((msg) => invalid(child(path, "namespace"), m.namespace, msg)));
  } else if (m.namespace) {
    errs.push(forbidden(child(path, "namespace"), "not allowed on this type"));
  }
  if (typeof m.generation === "number" && m.generation < 0) {
    errs.push(invalid(child(path, "generation"), m.generation, IS_NEGATIVE));
  }
  errs.push(...validateLabels(m.labels, child(path, "labels")));
  errs.push(...validateAnnotations(m.annotations, child(path, "annotations")));
  errs.push(...validateOwnerReferences(m.ownerReferences, child(path, "ownerReferences")));
  errs.push(...validateFinalizers(m.finalizers, child(path, "finalizers")));
  return errs;
}

/**
 * ValidateObjectMetaAccessorUpdate: name, namespace, uid, creationTimestamp and deletion fields are immutable;
 * generation may not decrease; no new finalizers once deleting. A uid or creationTimestamp missing from the new
 * object counts as unchanged (upstream's BeforeUpdate copies them from the stored object first).
 */
export function validateObjectMetaUpdate(meta: KubeObject | null | undefined, old: KubeObject | null | undefined, path = "metadata"): FieldError[] {
  const m = meta ?? {};
  const o = old ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const before = new Set<string>(o.finalizers ?? []);
    const added = [...new Set<string>(m.finalizers ?? [])].filter((f) => !before.has(f)).sort();
    if (added.length) {
      const detail = `no new finalizers can be added if the object is being deleted, found new finalizers ${formatValue(added)}`;
      errs.push(forbidden(child(path, "finalizers"), detail));
    }
  }
  if (typeof m.generation === "number" && typeof o.generation === "number" && m.generation < o.generation) {
    errs.push(invalid(child(path, "generation"), m.generation, "must not be decremented"));
  }
  errs.push(...validateImmutableField(m.name, o.name, child(path, "name")));
  errs.push(...validateImmutableField(m.namespace, o.namespace, child(path, "namespace")));
  if (m.uid) errs.push(...validateImmutableField(m.uid, o.uid, child(path, "uid")));
  if (m.creationTimestamp) {
    errs.push(...validateImmutableField(m.creationTimestamp, o.creationTimestamp, child(path, "creationTimestamp")));
  }
  if (m.deletionTimestamp || !o.deletionTimestamp) {
    errs.push(...validateImmutableField(m.deletionTimestamp, o.deletionTimestamp, child(path, "deletionTimestamp")));
  }
  errs.push(...validateLabels(m.labels, child(path, "labels")));
  errs.push(...validateAnnotations(m.annotations, child(path, "annotations")));
  errs.push(...validateOwnerReferences(m.ownerReferences, child(path, "ownerReferences")));
  return errs;
}
