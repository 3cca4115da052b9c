/**
 * Volume handles: the name of a volume's VolumeDO. A PersistentVolume's handle is its name — the dynamic
 * provisioner names a claim's volume `pvc-<claim uid>` (external-provisioner's `pvc-` + UID) — and an emptyDir
 * lives as long as its pod (kubelet emptyDir plugin: `pods/<uid>/volumes/kubernetes.io~empty-dir/<name>`), so its
 * handle is scoped by the pod's UID: a recreated pod (a new UID) starts with an empty directory. Pure.
 */

/** The handle of a PersistentVolume's storage: its name (`pvc-<claim uid>` when provisioned). */
export const persistentVolumeHandle = (pvName: string): string => pvName;

/** The handle of a pod's emptyDir volume. */
export const emptyDirHandle = (podUid: string, volumeName: string): string => `emptydir/${podUid}/${volumeName}`;
