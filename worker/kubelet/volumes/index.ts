/**
 * Volume storage for isolate pods (README.md beside this file): the VolumeDO's file tree rules, the mounts of a
 * container, and `PodVolumes`, the `env.VOLUMES` API a container's code calls.
 */
export { checkCapacity, volumeLimit, type VolumeUsage } from "./capacity";
export { cleanContainerPath, mountTable, resolveContainerPath, type ContainerPath, type Mount, type MountSource, type PodVolumesProps, type VolumeMount } from "./container-path";
export { dataFiles, dataList, dataRead, dataStat } from "./data-volume";
export { CHUNK_BYTES, appendChunks, fileBytes, joinChunks, splitChunks, type FileData } from "./file-chunks";
export { FS_DESCRIPTION, FS_ERRNO, fsError, toThrowable, type FsErrorCode, type FsErrorInfo, type FsResult, type FsSyscall } from "./fs-errors";
export { emptyDirHandle, persistentVolumeHandle } from "./handles";
export { PodFiles, type OpenVolume, type PodFileStat, type ReadFileOptions, type VolumeStore } from "./pod-files";
export { PodVolumes, podVolumesBinding } from "./pod-volumes";
export {
  childrenOf,
  descendantRange,
  dirStat,
  parentDirs,
  pathKind,
  refusal,
  volumePath,
  type PathKind,
  type VolumeEntry,
  type VolumeErrorCode,
  type VolumeFile,
  type VolumeOp,
  type VolumeResult,
  type VolumeStat,
} from "./volume-tree";
