/**
 * storage.k8s.io/v1 (k8s.io/api/storage/v1): StorageClass. Defaulting follows pkg/apis/storage/v1/defaults.go,
 * validation pkg/apis/storage/validation/validation.go (ValidateStorageClass / ValidateStorageClassUpdate).
 */
import { z } from "zod";
import { def } from "./core-v1/common";
import { atomicList, bool, opt, str, stringMap, topLevel } from "./meta";
import type { FieldError, GroupVersionDef, KindDef, KubeObject } from "./types";
import { duplicate, forbidden, invalid, notSupported, required, tooLong } from "./validation/field-errors";
import { semanticEqual, validateImmutableField } from "./validation/generic";
import { isQualifiedName } from "./validation/names";
import { validateLabelName, validateObjectMeta, validateObjectMetaUpdate } from "./validation/object-meta";

/** core/v1 TopologySelectorLabelRequirement (only StorageClass uses it). */
export const TopologySelectorLabelRequirementSchema = def(
  "TopologySelectorLabelRequirement",
  { key: opt(str), values: atomicList(str) },
  { required: ["key", "values"] },
);

/** core/v1 TopologySelectorTerm. */
export const TopologySelectorTermSchema = def(
  "TopologySelectorTerm",
  { matchLabelExpressions: atomicList(TopologySelectorLabelRequirementSchema) },
  { "x-kubernetes-map-type": "atomic" },
);

export const StorageClassSchema = topLevel("io.k8s.api.storage.v1.StorageClass", {
  provisioner: opt(str).describe("the volume plugin or CSI driver that provisions volumes of this class; immutable. Required."),
  parameters: opt(stringMap).describe("provisioner parameters; immutable"),
  reclaimPolicy: opt(str).describe("Delete (default) or Retain; immutable"),
  mountOptions: atomicList(str),
  allowVolumeExpansion: opt(bool),
  volumeBindingMode: opt(str).describe("Immediate (default) or WaitForFirstConsumer; immutable"),
  allowedTopologies: atomicList(TopologySelectorTermSchema),
}).describe("StorageClass describes the parameters for a class of storage for which PersistentVolumes can be dynamically provisioned.");

export type StorageClass = z.infer<typeof StorageClassSchema>;

const RECLAIM_POLICIES = ["Delete", "Retain"];
const BINDING_MODES = ["Immediate", "WaitForFirstConsumer"];
const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * 1024;

/** SetDefaults_StorageClass. */
export function defaultStorageClass(sc: KubeObject): void {
  sc.reclaimPolicy ??= "Delete";
  sc.volumeBindingMode ??= "Immediate";
}

function validateParameters(params: Record<string, string> | undefined): FieldError[] {
  const entries = Object.entries(params ?? {});
  if (entries.length > MAX_PARAMETERS) return [tooLong("parameters", MAX_PARAMETERS)];
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of entries) {
    if (!k) errs.push(invalid("parameters", k, "field can not be empty."));
    size += k.length + String(v).length;
  }
  if (size > MAX_PARAMETERS_SIZE) errs.push(tooLong("parameters", MAX_PARAMETERS_SIZE));
  return errs;
}

/** ValidateTopologySelectorTerm plus validateAllowedTopologies' duplicate-term check. */
function validateAllowedTopologies(terms: KubeObject[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const seen: Record<string, string[]>[] = [];
  (terms ?? []).forEach((term, i) => {
    const path = `allowedTopologies[${i}]`;
    const exprs: Record<string, string[]> = {};
    ((term?.matchLabelExpressions ?? []) as KubeObject[]).forEach((e, j) => {
      const p = `${path}.matchLabelExpressions[${j}]`;
      errs.push(...validateLabelName(e?.key ?? "", `${p}.key`));
      const values: string[] = e?.values ?? [];
      if (!values.length) errs.push(required(`${p}.values`, "must specify as least one value"));
      const unique = new Set<string>();
      values.forEach((v, k) => {
        if (unique.has(v)) errs.push(duplicate(`${p}.values[${k}]`, v));
        unique.add(v);
      });
      if (e?.key in exprs) errs.push(duplicate(`${p}.key`, e.key));
      exprs[e?.key] = [...unique].sort();
    });
    if (seen.some((s) => semanticEqual(s, exprs))) errs.push(duplicate(`${path}.matchLabelExpressions`, ""));
    seen.push(exprs);
  });
  return errs;
}

/** ValidateStorageClass, plus ValidateStorageClassUpdate's immutability rules. */
export function validateStorageClass(sc: KubeObject, old?: KubeObject): FieldError[] {
  const errs = old ? validateObjectMetaUpdate(sc.metadata, old.metadata) : validateObjectMeta(sc.metadata, { namespaced: false });
  if (!sc.provisioner) errs.push(required("provisioner"));
  else for (const m of isQualifiedName(String(sc.provisioner).toLowerCase())) errs.push(invalid("provisioner", sc.provisioner, m));
  errs.push(...validateParameters(sc.parameters));
  if (sc.reclaimPolicy && !RECLAIM_POLICIES.includes(sc.reclaimPolicy)) errs.push(notSupported("reclaimPolicy", sc.reclaimPolicy, RECLAIM_POLICIES));
  if (sc.volumeBindingMode == null) errs.push(required("volumeBindingMode"));
  else if (!BINDING_MODES.includes(sc.volumeBindingMode)) errs.push(notSupported("volumeBindingMode", sc.volumeBindingMode, BINDING_MODES));
  errs.push(...validateAllowedTopologies(sc.allowedTopologies));
  if (old) {
    if (!semanticEqual(sc.parameters, old.parameters)) errs.push(forbidden("parameters", "updates to parameters are forbidden."));
    if ((sc.provisioner ?? "") !== (old.provisioner ?? "")) errs.push(forbidden("provisioner", "updates to provisioner are forbidden."));
    if ((sc.reclaimPolicy ?? "") !== (old.reclaimPolicy ?? "")) errs.push(forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
    errs.push(...validateImmutableField(sc.volumeBindingMode, old.volumeBindingMode, "volumeBindingMode"));
  }
  return errs;
}

const storageClassDef: KindDef = {
  kind: "StorageClass",
  resource: "storageclasses",
  singular: "storageclass",
  namespaced: false,
  shortNames: ["sc"],
  schema: StorageClassSchema,
  default: defaultStorageClass,
  validate: validateStorageClass,
};

export const storageV1: GroupVersionDef = { group: "storage.k8s.io", version: "v1", kinds: [storageClassDef] };
