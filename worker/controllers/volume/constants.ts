/**
 * Names the persistent volume controller shares with the rest of Kubernetes (k8s.io/component-helpers/storage/
 * volume pv_helpers.go, pkg/controller/volume/events) and this cluster's own in-tree provisioner.
 */

/** The provisioner (and CSI driver name) of volumes stored in Durable Objects (durable-objects/volume). */
export const DURABLE_OBJECT_PROVISIONER = "kube-edge.dev/durable-object";

/** AnnBindCompleted: the claim went through binding once; its value does not matter. */
export const ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
/** AnnBoundByController: the binding (PV → PVC or PVC → PV) was made by the controller, not pre-bound by a user. */
export const ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
/** AnnDynamicallyProvisioned: on a PV, the plugin that provisioned it. */
export const ANN_DYNAMICALLY_PROVISIONED = "pv.kubernetes.io/provisioned-by";
/** AnnStorageProvisioner / AnnBetaStorageProvisioner: on a PVC, the provisioner expected to provision it. */
export const ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
export const ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
/** AnnSelectedNode: on a PVC, the node the scheduler picked for a WaitForFirstConsumer claim. */
export const ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node";
/** AnnMigratedTo: a CSI driver owns the volume; the in-tree controller stands down. */
export const ANN_MIGRATED_TO = "pv.kubernetes.io/migrated-to";
/** v1.BetaStorageClassAnnotation: the deprecated class annotation, which wins over spec.storageClassName. */
export const ANN_BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";
/** storageutil.IsDefaultStorageClassAnnotation and its beta form. */
export const ANN_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
export const ANN_BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";

/** PVDeletionInTreeProtectionFinalizer (HonorPVReclaimPolicy): held until an in-tree Delete removed the storage. */
export const FINALIZER_PV_CONTROLLER = "kubernetes.io/pv-controller";

/** The `source.component` of the controller's Events (kube-controller-manager's persistentvolume-controller). */
export const PV_CONTROLLER_COMPONENT = "persistentvolume-controller";
