/**
 * PersistentVolume and PersistentVolumeClaim (core/v1) schemas and KindDefs. The claim spec is shared with
 * ephemeral volumes (volume.ts); defaulting and validation are in storage-rules.ts.
 */
import { z } from "zod";
import { atomicList, mapList, opt, str, time, topLevel } from "../meta";
import type { KindDef } from "../types";
import { def, ObjectReferenceSchema, resourceList } from "./common";
import { NodeSelectorSchema } from "./scheduling";
import {
  defaultPersistentVolume,
  defaultPersistentVolumeClaim,
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimUpdate,
  validatePersistentVolumeUpdate,
} from "./storage-rules";
import { PersistentVolumeClaimSpecSchema } from "./volume";
import * as src from "./volume-sources";

export const VolumeNodeAffinitySchema = def("VolumeNodeAffinity", { required: opt(NodeSelectorSchema) });

/** The members of upstream's inlined `PersistentVolumeSource`; a PV sets exactly one. */
export const persistentVolumeSourceShape = {
  awsElasticBlockStore: opt(src.AWSElasticBlockStoreVolumeSourceSchema),
  azureDisk: opt(src.AzureDiskVolumeSourceSchema),
  azureFile: opt(src.AzureFilePersistentVolumeSourceSchema),
  cephfs: opt(src.CephFSPersistentVolumeSourceSchema),
  cinder: opt(src.CinderPersistentVolumeSourceSchema),
  csi: opt(src.CSIPersistentVolumeSourceSchema),
  fc: opt(src.FCVolumeSourceSchema),
  flexVolume: opt(src.FlexPersistentVolumeSourceSchema),
  flocker: opt(src.FlockerVolumeSourceSchema),
  gcePersistentDisk: opt(src.GCEPersistentDiskVolumeSourceSchema),
  glusterfs: opt(src.GlusterfsPersistentVolumeSourceSchema),
  hostPath: opt(src.HostPathVolumeSourceSchema),
  iscsi: opt(src.ISCSIPersistentVolumeSourceSchema),
  local: opt(src.LocalVolumeSourceSchema),
  nfs: opt(src.NFSVolumeSourceSchema),
  photonPersistentDisk: opt(src.PhotonPersistentDiskVolumeSourceSchema),
  portworxVolume: opt(src.PortworxVolumeSourceSchema),
  quobyte: opt(src.QuobyteVolumeSourceSchema),
  rbd: opt(src.RBDPersistentVolumeSourceSchema),
  scaleIO: opt(src.ScaleIOPersistentVolumeSourceSchema),
  storageos: opt(src.StorageOSPersistentVolumeSourceSchema),
  vsphereVolume: opt(src.VsphereVirtualDiskVolumeSourceSchema),
};

export const PERSISTENT_VOLUME_SOURCE_KEYS = Object.keys(persistentVolumeSourceShape);

export const PersistentVolumeSpecSchema = def(
  "PersistentVolumeSpec",
  {
    accessModes: atomicList(str).describe("ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod."),
    capacity: opt(resourceList).describe("The volume's capacity (storage)."),
    claimRef: opt(ObjectReferenceSchema).meta({
      "x-kubernetes-map-type": "granular",
      description: "The claim bound to this volume (`+structType=granular`).",
    }),
    mountOptions: atomicList(str),
    nodeAffinity: opt(VolumeNodeAffinitySchema),
    persistentVolumeReclaimPolicy: opt(str).describe("Retain (default), Delete or Recycle."),
    storageClassName: opt(str),
    volumeAttributesClassName: opt(str),
    volumeMode: opt(str).describe("Filesystem (default) or Block."),
    ...persistentVolumeSourceShape,
  },
  { description: "A piece of storage provisioned by an administrator: capacity, access modes and one source." },
);

export const PersistentVolumeStatusSchema = def("PersistentVolumeStatus", {
  lastPhaseTransitionTime: opt(time),
  message: opt(str),
  phase: opt(str).describe("Pending, Available, Bound, Released or Failed."),
  reason: opt(str),
});

export const PersistentVolumeSchema = topLevel("io.k8s.api.core.v1.PersistentVolume", {
  spec: opt(PersistentVolumeSpecSchema).describe("The volume as provisioned by the administrator."),
  status: opt(PersistentVolumeStatusSchema).describe("Current status of the volume (read-only)."),
});

export const PersistentVolumeClaimConditionSchema = def(
  "PersistentVolumeClaimCondition",
  {
    lastProbeTime: opt(time),
    lastTransitionTime: opt(time),
    message: opt(str),
    reason: opt(str),
    status: opt(str),
    type: opt(str),
  },
  { required: ["type", "status"] },
);

export const ModifyVolumeStatusSchema = def(
  "ModifyVolumeStatus",
  { status: opt(str), targetVolumeAttributesClassName: opt(str) },
  { required: ["status"] },
);

export const PersistentVolumeClaimStatusSchema = def("PersistentVolumeClaimStatus", {
  accessModes: atomicList(str),
  allocatedResourceStatuses: opt(z.record(z.string(), z.string()).meta({ "x-kubernetes-map-type": "granular" })),
  allocatedResources: opt(resourceList),
  capacity: opt(resourceList),
  conditions: mapList(PersistentVolumeClaimConditionSchema, ["type"]),
  currentVolumeAttributesClassName: opt(str),
  modifyVolumeStatus: opt(ModifyVolumeStatusSchema),
  phase: opt(str).describe("Pending, Bound or Lost."),
  resizeStatus: opt(str).describe("Removed in 1.28 (replaced by allocatedResourceStatuses); still accepted."),
});

export const PersistentVolumeClaimSchema = topLevel("io.k8s.api.core.v1.PersistentVolumeClaim", {
  spec: opt(PersistentVolumeClaimSpecSchema).describe("The storage the claim asks for."),
  status: opt(PersistentVolumeClaimStatusSchema).describe("Current status of the claim (read-only)."),
});

export const persistentVolumeKind: KindDef = {
  kind: "PersistentVolume",
  resource: "persistentvolumes",
  singular: "persistentvolume",
  namespaced: false,
  shortNames: ["pv"],
  schema: PersistentVolumeSchema,
  status: true,
  default: defaultPersistentVolume,
  validate: (obj, old) => (old ? validatePersistentVolumeUpdate(obj, old) : validatePersistentVolume(obj)),
};

export const persistentVolumeClaimKind: KindDef = {
  kind: "PersistentVolumeClaim",
  resource: "persistentvolumeclaims",
  singular: "persistentvolumeclaim",
  namespaced: true,
  shortNames: ["pvc"],
  schema: PersistentVolumeClaimSchema,
  status: true,
  default: defaultPersistentVolumeClaim,
  validate: (obj, old) => (old ? validatePersistentVolumeClaimUpdate(obj, old) : validatePersistentVolumeClaim(obj)),
};

export type PersistentVolume = z.infer<typeof PersistentVolumeSchema>;
export type PersistentVolumeClaim = z.infer<typeof PersistentVolumeClaimSchema>;
