/**
 * In-tree volume plugin sources shared by `Volume` (pods) and `PersistentVolumeSpec` (k8s.io/api/core/v1):
 * cloud disks, network filesystems and host paths. Most are deprecated upstream but still accepted, so they are
 * all here. `*PersistentVolumeSource` variants reference secrets by namespace (`SecretReference`).
 */
import { atomicList, bool, int32, opt, str, stringMap } from "../meta";
import { def, LocalObjectReferenceSchema, ObjectReferenceSchema, SecretReferenceSchema } from "./common";

export const HostPathVolumeSourceSchema = def(
  "HostPathVolumeSource",
  {
    path: opt(str),
    type: opt(str).describe('"", DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice.'),
  },
  { required: ["path"] },
);

export const AWSElasticBlockStoreVolumeSourceSchema = def(
  "AWSElasticBlockStoreVolumeSource",
  { fsType: opt(str), partition: opt(int32), readOnly: opt(bool), volumeID: opt(str) },
  { required: ["volumeID"] },
);

export const AzureDiskVolumeSourceSchema = def(
  "AzureDiskVolumeSource",
  {
    cachingMode: opt(str),
    diskName: opt(str),
    diskURI: opt(str),
    fsType: opt(str),
    kind: opt(str),
    readOnly: opt(bool),
  },
  { required: ["diskName", "diskURI"] },
);

export const AzureFileVolumeSourceSchema = def(
  "AzureFileVolumeSource",
  { readOnly: opt(bool), secretName: opt(str), shareName: opt(str) },
  { required: ["secretName", "shareName"] },
);

export const AzureFilePersistentVolumeSourceSchema = def(
  "AzureFilePersistentVolumeSource",
  { readOnly: opt(bool), secretName: opt(str), secretNamespace: opt(str), shareName: opt(str) },
  { required: ["secretName", "shareName"] },
);

const cephfsShape = {
  monitors: atomicList(str),
  path: opt(str),
  readOnly: opt(bool),
  secretFile: opt(str),
  user: opt(str),
};
export const CephFSVolumeSourceSchema = def(
  "CephFSVolumeSource",
  { ...cephfsShape, secretRef: opt(LocalObjectReferenceSchema) },
  { required: ["monitors"] },
);
export const CephFSPersistentVolumeSourceSchema = def(
  "CephFSPersistentVolumeSource",
  { ...cephfsShape, secretRef: opt(SecretReferenceSchema) },
  { required: ["monitors"] },
);

const cinderShape = { fsType: opt(str), readOnly: opt(bool), volumeID: opt(str) };
export const CinderVolumeSourceSchema = def(
  "CinderVolumeSource",
  { ...cinderShape, secretRef: opt(LocalObjectReferenceSchema) },
  { required: ["volumeID"] },
);
export const CinderPersistentVolumeSourceSchema = def(
  "CinderPersistentVolumeSource",
  { ...cinderShape, secretRef: opt(SecretReferenceSchema) },
  { required: ["volumeID"] },
);

export const FCVolumeSourceSchema = def("FCVolumeSource", {
  fsType: opt(str),
  lun: opt(int32),
  readOnly: opt(bool),
  targetWWNs: atomicList(str),
  wwids: atomicList(str),
});

const flexShape = { driver: opt(str), fsType: opt(str), options: opt(stringMap), readOnly: opt(bool) };
export const FlexVolumeSourceSchema = def(
  "FlexVolumeSource",
  { ...flexShape, secretRef: opt(LocalObjectReferenceSchema) },
  { required: ["driver"] },
);
export const FlexPersistentVolumeSourceSchema = def(
  "FlexPersistentVolumeSource",
  { ...flexShape, secretRef: opt(SecretReferenceSchema) },
  { required: ["driver"] },
);

export const FlockerVolumeSourceSchema = def("FlockerVolumeSource", {
  datasetName: opt(str),
  datasetUUID: opt(str),
});

export const GCEPersistentDiskVolumeSourceSchema = def(
  "GCEPersistentDiskVolumeSource",
  { fsType: opt(str), partition: opt(int32), pdName: opt(str), readOnly: opt(bool) },
  { required: ["pdName"] },
);

export const GitRepoVolumeSourceSchema = def(
  "GitRepoVolumeSource",
  { directory: opt(str), repository: opt(str), revision: opt(str) },
  { required: ["repository"] },
);

const glusterfsShape = { endpoints: opt(str), path: opt(str), readOnly: opt(bool) };
export const GlusterfsVolumeSourceSchema = def("GlusterfsVolumeSource", glusterfsShape, {
  required: ["endpoints", "path"],
});
export const GlusterfsPersistentVolumeSourceSchema = def(
  "GlusterfsPersistentVolumeSource",
  { ...glusterfsShape, endpointsNamespace: opt(str) },
  { required: ["endpoints", "path"] },
);

const iscsiShape = {
  chapAuthDiscovery: opt(bool),
  chapAuthSession: opt(bool),
  fsType: opt(str),
  initiatorName: opt(str),
  iqn: opt(str),
  iscsiInterface: opt(str),
  lun: opt(int32),
  portals: atomicList(str),
  readOnly: opt(bool),
  targetPortal: opt(str),
};
export const ISCSIVolumeSourceSchema = def(
  "ISCSIVolumeSource",
  { ...iscsiShape, secretRef: opt(LocalObjectReferenceSchema) },
  { required: ["targetPortal", "iqn", "lun"] },
);
export const ISCSIPersistentVolumeSourceSchema = def(
  "ISCSIPersistentVolumeSource",
  { ...iscsiShape, secretRef: opt(SecretReferenceSchema) },
  { required: ["targetPortal", "iqn", "lun"] },
);

export const NFSVolumeSourceSchema = def(
  "NFSVolumeSource",
  { path: opt(str), readOnly: opt(bool), server: opt(str) },
  { required: ["server", "path"] },
);

export const PhotonPersistentDiskVolumeSourceSchema = def(
  "PhotonPersistentDiskVolumeSource",
  { fsType: opt(str), pdID: opt(str) },
  { required: ["pdID"] },
);

export const PortworxVolumeSourceSchema = def(
  "PortworxVolumeSource",
  { fsType: opt(str), readOnly: opt(bool), volumeID: opt(str) },
  { required: ["volumeID"] },
);

export const QuobyteVolumeSourceSchema = def(
  "QuobyteVolumeSource",
  {
    group: opt(str),
    readOnly: opt(bool),
    registry: opt(str),
    tenant: opt(str),
    user: opt(str),
    volume: opt(str),
  },
  { required: ["registry", "volume"] },
);

const rbdShape = {
  fsType: opt(str),
  image: opt(str),
  keyring: opt(str),
  monitors: atomicList(str),
  pool: opt(str),
  readOnly: opt(bool),
  user: opt(str),
};
export const RBDVolumeSourceSchema = def(
  "RBDVolumeSource",
  { ...rbdShape, secretRef: opt(LocalObjectReferenceSchema) },
  { required: ["monitors", "image"] },
);
export const RBDPersistentVolumeSourceSchema = def(
  "RBDPersistentVolumeSource",
  { ...rbdShape, secretRef: opt(SecretReferenceSchema) },
  { required: ["monitors", "image"] },
);

const scaleIOShape = {
  fsType: opt(str),
  gateway: opt(str),
  protectionDomain: opt(str),
  readOnly: opt(bool),
  sslEnabled: opt(bool),
  storageMode: opt(str),
  storagePool: opt(str),
  system: opt(str),
  volumeName: opt(str),
};
export const ScaleIOVolumeSourceSchema = def(
  "ScaleIOVolumeSource",
  { ...scaleIOShape, secretRef: opt(LocalObjectReferenceSchema) },
  { required: ["gateway", "system", "secretRef"] },
);
export const ScaleIOPersistentVolumeSourceSchema = def(
  "ScaleIOPersistentVolumeSource",
  { ...scaleIOShape, secretRef: opt(SecretReferenceSchema) },
  { required: ["gateway", "system", "secretRef"] },
);

const storageOSShape = { fsType: opt(str), readOnly: opt(bool), volumeName: opt(str), volumeNamespace: opt(str) };
export const StorageOSVolumeSourceSchema = def("StorageOSVolumeSource", {
  ...storageOSShape,
  secretRef: opt(LocalObjectReferenceSchema),
});
export const StorageOSPersistentVolumeSourceSchema = def("StorageOSPersistentVolumeSource", {
  ...storageOSShape,
  secretRef: opt(ObjectReferenceSchema),
});

export const VsphereVirtualDiskVolumeSourceSchema = def(
  "VsphereVirtualDiskVolumeSource",
  { fsType: opt(str), storagePolicyID: opt(str), storagePolicyName: opt(str), volumePath: opt(str) },
  { required: ["volumePath"] },
);

export const LocalVolumeSourceSchema = def(
  "LocalVolumeSource",
  { fsType: opt(str), path: opt(str) },
  { required: ["path"] },
);

export const CSIPersistentVolumeSourceSchema = def(
  "CSIPersistentVolumeSource",
  {
    controllerExpandSecretRef: opt(SecretReferenceSchema),
    controllerPublishSecretRef: opt(SecretReferenceSchema),
    driver: opt(str),
    fsType: opt(str),
    nodeExpandSecretRef: opt(SecretReferenceSchema),
    nodePublishSecretRef: opt(SecretReferenceSchema),
    nodeStageSecretRef: opt(SecretReferenceSchema),
    readOnly: opt(bool),
    volumeAttributes: opt(stringMap),
    volumeHandle: opt(str),
  },
  { required: ["driver", "volumeHandle"] },
);
