/**
 * PersistentVolume / PersistentVolumeClaim defaulting (SetDefaults_PersistentVolume, SetDefaults_
 * PersistentVolumeClaim[Spec]) and validation (pkg/apis/core/validation ValidatePersistentVolume[Update],
 * ValidatePersistentVolumeClaim[Update]).
 */
import type { FieldError, KubeObject } from "../types";
import { child, forbidden, formatValue, invalid, key, notSupported, required } from "../validation/field-errors";
import { diffValues, semanticEqual, validateImmutableField } from "../validation/generic";
import { validateLabelSelector } from "../validation/label-selector";
import { isDNS1123Subdomain, nameIsDNSSubdomain } from "../validation/names";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { parseQuantity, QUANTITY_FORMAT_ERROR, quantityString } from "../validation/quantity";

type Obj = KubeObject;

export const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
const RECLAIM_POLICIES = ["Delete", "Recycle", "Retain"];
const VOLUME_MODES = ["Block", "Filesystem"];
/** validatePersistentVolumeSource's order (the second one found is reported). */
const PV_SOURCES = [
  "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "glusterfs", "flocker", "nfs", "rbd", "quobyte",
  "cinder", "cephfs", "iscsi", "fc", "flexVolume", "azureFile", "vsphereVolume", "photonPersistentDisk",
  "portworxVolume", "azureDisk", "scaleIO", "local", "storageos", "csi",
];

/** PV defaults: reclaim policy Retain, volumeMode Filesystem, phase Pending, hostPath type "". */
export function defaultPersistentVolume(pv: Obj): void {
  const spec: Obj = pv.spec ?? (pv.spec = {});
  if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = "Retain";
  if (!spec.volumeMode) spec.volumeMode = "Filesystem";
  if (spec.hostPath && spec.hostPath.type == null) spec.hostPath.type = "";
  const status: Obj = pv.status ?? (pv.status = {});
  if (!status.phase) status.phase = "Pending";
}

/** PVC defaults: volumeMode Filesystem, phase Pending. */
export function defaultPersistentVolumeClaim(pvc: Obj): void {
  const spec: Obj = pvc.spec ?? (pvc.spec = {});
  if (!spec.volumeMode) spec.volumeMode = "Filesystem";
  const status: Obj = pvc.status ?? (pvc.status = {});
  if (!status.phase) status.phase = "Pending";
}

function validateAccessModes(modes: unknown, path: string, requiredDetail: string): FieldError[] {
  const list: string[] = Array.isArray(modes) ? modes : [];
  if (list.length === 0) return [required(path, requiredDetail)];
  const errs = list.filter((m) => !ACCESS_MODES.includes(m)).map((m) => notSupported(path, m, ACCESS_MODES));
  if (list.includes("ReadWriteOncePod") && list.length > 1) {
    errs.push(forbidden(path, "may not use ReadWriteOncePod with other access modes"));
  }
  return errs;
}

function validatePositiveQuantity(q: unknown, path: string): FieldError[] {
  const v = parseQuantity(q);
  if (v === undefined) return [invalid(path, quantityString(q), QUANTITY_FORMAT_ERROR)];
  return v > 0 ? [] : [invalid(path, quantityString(q), "must be greater than zero")];
}

const subdomainAt = (value: string, path: string) => isDNS1123Subdomain(value).map((m) => invalid(path, value, m));

/** ValidatePersistentVolumeSpec */
function validatePersistentVolumeSpec(spec: Obj): FieldError[] {
  const errs = validateAccessModes(spec.accessModes, "spec.accessModes", "");
  const capacity: Obj = spec.capacity ?? {};
  if (Object.keys(capacity).length === 0) errs.push(required("spec.capacity"));
  if (!("storage" in capacity) || Object.keys(capacity).length > 1) errs.push(notSupported("spec.capacity", capacity, ["storage"]));
  for (const [r, q] of Object.entries(capacity)) errs.push(...validatePositiveQuantity(q, key("spec.capacity", r)));
  if (spec.storageClassName) errs.push(...subdomainAt(spec.storageClassName, "spec.storageClassName"));
  if (spec.persistentVolumeReclaimPolicy && !RECLAIM_POLICIES.includes(spec.persistentVolumeReclaimPolicy)) {
    errs.push(notSupported("spec.persistentVolumeReclaimPolicy", spec.persistentVolumeReclaimPolicy, RECLAIM_POLICIES));
  }
  if (spec.volumeMode && !VOLUME_MODES.includes(spec.volumeMode)) errs.push(notSupported("spec.volumeMode", spec.volumeMode, VOLUME_MODES));
  const present = PV_SOURCES.filter((k) => spec[k] != null);
  if (present.length === 0) errs.push(required("spec", "must specify a volume type"));
  present.slice(1).forEach((k) => errs.push(forbidden(child("spec", k), "may not specify more than 1 volume type")));
  const first = present[0];
  if (first === "hostPath" && !spec.hostPath.path) errs.push(required("spec.hostPath.path"));
  if (first === "local") {
    if (!spec.local.path) errs.push(required("spec.local.path"));
    if (!spec.nodeAffinity) errs.push(required("spec.nodeAffinity", "Local volume requires node affinity"));
  }
  if (first === "nfs") {
    if (!spec.nfs.server) errs.push(required("spec.nfs.server"));
    if (!spec.nfs.path) errs.push(required("spec.nfs.path"));
  }
  if (first === "csi") {
    if (!spec.csi.driver) errs.push(required("spec.csi.driver"));
    if (!spec.csi.volumeHandle) errs.push(required("spec.csi.volumeHandle"));
  }
  return errs;
}

/** ValidatePersistentVolume */
export const validatePersistentVolume = (pv: Obj): FieldError[] => [
  ...validateObjectMeta(pv.metadata, { namespaced: false, nameValidator: nameIsDNSSubdomain }),
  ...validatePersistentVolumeSpec(pv.spec ?? {}),
];

const sourceOf = (spec: Obj) => Object.fromEntries(PV_SOURCES.map((k) => [k, spec[k]]));

/** ValidatePersistentVolumeUpdate: the volume source and volumeMode are immutable. */
export function validatePersistentVolumeUpdate(pv: Obj, old: Obj): FieldError[] {
  const spec: Obj = pv.spec ?? {};
  const oldSpec: Obj = old.spec ?? {};
  const errs = [
    ...validateObjectMetaUpdate(pv.metadata, old.metadata),
    ...validatePersistentVolumeSpec(spec),
    ...validateImmutableField(spec.volumeMode, oldSpec.volumeMode, "volumeMode"),
  ];
  const changes = diffValues(sourceOf(oldSpec), sourceOf(spec), "spec");
  if (changes.length) {
    const detail = changes.map((d) => `- ${d.path}: ${formatValue(d.from)}\n+ ${d.path}: ${formatValue(d.to)}`).join("\n");
    errs.push(forbidden("spec.persistentvolumesource", `spec.persistentvolumesource is immutable after creation\n${detail}`));
  }
  return errs;
}

/** ValidatePersistentVolumeClaimSpec */
export function validatePersistentVolumeClaimSpec(spec: Obj, path = "spec"): FieldError[] {
  const errs = validateAccessModes(spec.accessModes, child(path, "accessModes"), "at least 1 access mode is required");
  errs.push(...validateLabelSelector(spec.selector, child(path, "selector")));
  const storagePath = key(child(path, "resources"), "storage");
  const storage = spec.resources?.requests?.storage;
  if (storage == null) errs.push(required(storagePath));
  else errs.push(...validatePositiveQuantity(storage, storagePath));
  if (spec.storageClassName) errs.push(...subdomainAt(spec.storageClassName, child(path, "storageClassName")));
  if (spec.volumeMode != null && !VOLUME_MODES.includes(spec.volumeMode)) {
    errs.push(notSupported(child(path, "volumeMode"), spec.volumeMode, VOLUME_MODES));
  }
  if (spec.dataSource && (!spec.dataSource.kind || !spec.dataSource.name)) {
    if (!spec.dataSource.kind) errs.push(required(child(path, "dataSource", "kind")));
    if (!spec.dataSource.name) errs.push(required(child(path, "dataSource", "name")));
  }
  return errs;
}

/** ValidatePersistentVolumeClaim */
export const validatePersistentVolumeClaim = (pvc: Obj): FieldError[] => [
  ...validateObjectMeta(pvc.metadata, { namespaced: true }),
  ...validatePersistentVolumeClaimSpec(pvc.spec ?? {}),
];

/**
 * ValidatePersistentVolumeClaimUpdate: the spec is immutable except volumeName (once, from empty),
 * storageClassName (once, from nil, on a claim not bound yet), volumeAttributesClassName, and — for Bound
 * claims — resources.requests (storage may only grow).
 */
export function validatePersistentVolumeClaimUpdate(pvc: Obj, old: Obj): FieldError[] {
  const spec: Obj = pvc.spec ?? {};
  const oldSpec: Obj = old.spec ?? {};
  const errs = [...validateObjectMetaUpdate(pvc.metadata, old.metadata), ...validatePersistentVolumeClaimSpec(spec)];
  const next: Obj = structuredClone(spec);
  const prev: Obj = structuredClone(oldSpec);
  if (!prev.volumeName) prev.volumeName = next.volumeName;
  // validateStorageClassUpgradeFromNil: an unbound claim with no class (nor the beta class annotation) may get one.
  const betaClass = Object.hasOwn(old.metadata?.annotations ?? {}, "volume.beta.kubernetes.io/storage-class");
  if (prev.storageClassName === undefined && !betaClass && !oldSpec.volumeName && next.storageClassName !== undefined) prev.storageClassName = next.storageClassName;
  next.volumeAttributesClassName = prev.volumeAttributesClassName;
  const bound = pvc.status?.phase === "Bound";
  if (bound && next.resources?.requests) next.resources.requests.storage = prev.resources?.requests?.storage;
  if (!semanticEqual(next, prev)) {
    errs.push(forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"));
  }
  const newSize = parseQuantity(spec.resources?.requests?.storage);
  const oldSize = parseQuantity(oldSpec.resources?.requests?.storage);
  if (newSize !== undefined && oldSize !== undefined && newSize < oldSize) {
    errs.push(forbidden("spec.resources.requests.storage", "field can not be less than previous value"));
  }
  errs.push(...validateImmutableField(spec.volumeMode, oldSpec.volumeMode, "volumeMode"));
  return errs;
}
