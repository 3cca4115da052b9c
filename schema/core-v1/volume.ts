/**
 * Pod volumes (core/v1 `Volume` = name + exactly one `VolumeSource` member), the volume sources that project API
 * data (configMap, secret, downwardAPI, projected, serviceAccountToken, clusterTrustBundle), CSI/ephemeral/image
 * volumes, and `PersistentVolumeClaimSpec` (used by ephemeral volumes and by PersistentVolumeClaim itself).
 */
import { z } from "zod";
import { atomicList, bool, int32, int64, LabelSelectorSchema, ObjectMetaSchema, opt, quantity, str, stringMap } from "../meta";
import {
  def,
  KeyToPathSchema,
  LocalObjectReferenceSchema,
  ObjectFieldSelectorSchema,
  ResourceFieldSelectorSchema,
  TypedLocalObjectReferenceSchema,
  TypedObjectReferenceSchema,
  VolumeResourceRequirementsSchema,
} from "./common";
import * as src from "./volume-sources";

export const PersistentVolumeClaimSpecSchema = def(
  "PersistentVolumeClaimSpec",
  {
    accessModes: atomicList(str).describe("ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod."),
    dataSource: opt(TypedLocalObjectReferenceSchema),
    dataSourceRef: opt(TypedObjectReferenceSchema),
    resources: opt(VolumeResourceRequirementsSchema).describe("Minimum resources (requests.storage) the volume needs."),
    selector: opt(LabelSelectorSchema),
    storageClassName: opt(str),
    volumeAttributesClassName: opt(str),
    volumeMode: opt(str).describe("Filesystem (default) or Block."),
    volumeName: opt(str).describe("The PersistentVolume bound to this claim."),
  },
  { description: "The desired characteristics of a volume requested by a pod author." },
);

export const PersistentVolumeClaimTemplateSchema = def(
  "PersistentVolumeClaimTemplate",
  { metadata: opt(ObjectMetaSchema), spec: opt(PersistentVolumeClaimSpecSchema) },
  { required: ["spec"] },
);

export const EmptyDirVolumeSourceSchema = def("EmptyDirVolumeSource", {
  medium: opt(str).describe('"" (node default) or Memory.'),
  sizeLimit: opt(quantity),
});

export const ConfigMapVolumeSourceSchema = def("ConfigMapVolumeSource", {
  defaultMode: opt(int32).describe("File mode bits (0-0777); defaults to 0644 (420)."),
  items: atomicList(KeyToPathSchema),
  name: opt(str),
  optional: opt(bool),
});

export const SecretVolumeSourceSchema = def("SecretVolumeSource", {
  defaultMode: opt(int32).describe("File mode bits (0-0777); defaults to 0644 (420)."),
  items: atomicList(KeyToPathSchema),
  optional: opt(bool),
  secretName: opt(str),
});

export const DownwardAPIVolumeFileSchema = def(
  "DownwardAPIVolumeFile",
  {
    fieldRef: opt(ObjectFieldSelectorSchema),
    mode: opt(int32),
    path: opt(str),
    resourceFieldRef: opt(ResourceFieldSelectorSchema),
  },
  { required: ["path"] },
);

export const DownwardAPIVolumeSourceSchema = def("DownwardAPIVolumeSource", {
  defaultMode: opt(int32),
  items: atomicList(DownwardAPIVolumeFileSchema),
});

export const ConfigMapProjectionSchema = def("ConfigMapProjection", {
  items: atomicList(KeyToPathSchema),
  name: opt(str),
  optional: opt(bool),
});

export const SecretProjectionSchema = def("SecretProjection", {
  items: atomicList(KeyToPathSchema),
  name: opt(str),
  optional: opt(bool),
});

export const DownwardAPIProjectionSchema = def("DownwardAPIProjection", {
  items: atomicList(DownwardAPIVolumeFileSchema),
});

export const ServiceAccountTokenProjectionSchema = def(
  "ServiceAccountTokenProjection",
  { audience: opt(str), expirationSeconds: opt(int64), path: opt(str) },
  { required: ["path"] },
);

export const ClusterTrustBundleProjectionSchema = def(
  "ClusterTrustBundleProjection",
  {
    labelSelector: opt(LabelSelectorSchema),
    name: opt(str),
    optional: opt(bool),
    path: opt(str),
    signerName: opt(str),
  },
  { required: ["path"] },
);

export const PodCertificateProjectionSchema = def(
  "PodCertificateProjection",
  {
    certificateChainPath: opt(str),
    credentialBundlePath: opt(str),
    keyPath: opt(str),
    keyType: opt(str),
    maxExpirationSeconds: opt(int32),
    signerName: opt(str),
    userAnnotations: opt(stringMap),
  },
  { required: ["signerName", "keyType"] },
);

export const VolumeProjectionSchema = def("VolumeProjection", {
  clusterTrustBundle: opt(ClusterTrustBundleProjectionSchema),
  configMap: opt(ConfigMapProjectionSchema),
  downwardAPI: opt(DownwardAPIProjectionSchema),
  podCertificate: opt(PodCertificateProjectionSchema),
  secret: opt(SecretProjectionSchema),
  serviceAccountToken: opt(ServiceAccountTokenProjectionSchema),
});

export const ProjectedVolumeSourceSchema = def("ProjectedVolumeSource", {
  defaultMode: opt(int32),
  sources: atomicList(VolumeProjectionSchema),
});

export const CSIVolumeSourceSchema = def(
  "CSIVolumeSource",
  {
    driver: opt(str),
    fsType: opt(str),
    nodePublishSecretRef: opt(LocalObjectReferenceSchema),
    readOnly: opt(bool),
    volumeAttributes: opt(stringMap),
  },
  { required: ["driver"] },
);

export const PersistentVolumeClaimVolumeSourceSchema = def(
  "PersistentVolumeClaimVolumeSource",
  { claimName: opt(str), readOnly: opt(bool) },
  { required: ["claimName"] },
);

export const EphemeralVolumeSourceSchema = def("EphemeralVolumeSource", {
  volumeClaimTemplate: opt(PersistentVolumeClaimTemplateSchema),
});

/** An OCI image or artifact mounted read-only (1.31+). */
export const ImageVolumeSourceSchema = def("ImageVolumeSource", {
  pullPolicy: opt(str),
  reference: opt(str),
});

/** The members of upstream's inlined `VolumeSource`; a Volume sets exactly one (none defaults to emptyDir). */
export const volumeSourceShape = {
  awsElasticBlockStore: opt(src.AWSElasticBlockStoreVolumeSourceSchema),
  azureDisk: opt(src.AzureDiskVolumeSourceSchema),
  azureFile: opt(src.AzureFileVolumeSourceSchema),
  cephfs: opt(src.CephFSVolumeSourceSchema),
  cinder: opt(src.CinderVolumeSourceSchema),
  configMap: opt(ConfigMapVolumeSourceSchema),
  csi: opt(CSIVolumeSourceSchema),
  downwardAPI: opt(DownwardAPIVolumeSourceSchema),
  emptyDir: opt(EmptyDirVolumeSourceSchema),
  ephemeral: opt(EphemeralVolumeSourceSchema),
  fc: opt(src.FCVolumeSourceSchema),
  flexVolume: opt(src.FlexVolumeSourceSchema),
  flocker: opt(src.FlockerVolumeSourceSchema),
  gcePersistentDisk: opt(src.GCEPersistentDiskVolumeSourceSchema),
  gitRepo: opt(src.GitRepoVolumeSourceSchema),
  glusterfs: opt(src.GlusterfsVolumeSourceSchema),
  hostPath: opt(src.HostPathVolumeSourceSchema),
  image: opt(ImageVolumeSourceSchema),
  iscsi: opt(src.ISCSIVolumeSourceSchema),
  nfs: opt(src.NFSVolumeSourceSchema),
  persistentVolumeClaim: opt(PersistentVolumeClaimVolumeSourceSchema),
  photonPersistentDisk: opt(src.PhotonPersistentDiskVolumeSourceSchema),
  portworxVolume: opt(src.PortworxVolumeSourceSchema),
  projected: opt(ProjectedVolumeSourceSchema),
  quobyte: opt(src.QuobyteVolumeSourceSchema),
  rbd: opt(src.RBDVolumeSourceSchema),
  scaleIO: opt(src.ScaleIOVolumeSourceSchema),
  secret: opt(SecretVolumeSourceSchema),
  storageos: opt(src.StorageOSVolumeSourceSchema),
  vsphereVolume: opt(src.VsphereVirtualDiskVolumeSourceSchema),
};

/** Keys of `VolumeSource`, in upstream's declaration order (used for "exactly one source" checks). */
export const VOLUME_SOURCE_KEYS = Object.keys(volumeSourceShape) as (keyof typeof volumeSourceShape)[];

export const VolumeSchema = def(
  "Volume",
  { name: opt(str).describe("DNS label, unique within the pod."), ...volumeSourceShape },
  { required: ["name"], description: "A named volume in a pod: a name and exactly one volume source." },
);

export type Volume = z.infer<typeof VolumeSchema>;
export type PersistentVolumeClaimSpec = z.infer<typeof PersistentVolumeClaimSpecSchema>;
