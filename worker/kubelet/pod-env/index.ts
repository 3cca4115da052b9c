/**
 * What a container is started with, decided from the pod and the objects it references (pure; the Kubelet
 * Durable Object fetches and passes the objects in): referencedObjects says what to fetch, containerEnv and
 * commandAndArgs give the process environment and argv, serviceEnv the service link variables,
 * volumeContents the files of the API-data volumes and containerMounts a container's view of them.
 */
export { containerEnv, type ContainerEnvInputs, type ContainerEnvResult } from "./container-env";
export { containerMounts, type ContainerMounts, type StorageMount } from "./container-mounts";
export { base64ToBytes, bytesToText, decodeBase64Text } from "./decode";
export { commandAndArgs, envMap, expand, expandSubPathExpr, mappingFor, type Mapping } from "./expansion";
export {
  convertDownwardAPIFieldLabel,
  extractFieldPathAsString,
  formatMap,
  podFieldValue,
  splitSubscriptedPath,
  type PodPlacement,
} from "./field-path";
export { aggregateMessage, cleanPath, configMapPayload, downwardAPIPayload, secretPayload, validatePayload } from "./payload";
export {
  DEFAULT_TOKEN_EXPIRATION_SECONDS,
  referencedObjects,
  tokenKey,
  tokenRefreshAtMs,
  type ReferencedObjects,
  type ServiceAccountTokenRequest,
} from "./references";
export {
  extractContainerResourceValue,
  findContainerInPod,
  mergeContainerResourceLimits,
  resourceFieldValue,
  type ResourceFieldRef,
  type ResourceList,
} from "./resource-field";
export { envVariableName, serviceEnv, serviceEnvVars } from "./service-env";
export { volumeContents, volumeSourceKind, STORAGE_SOURCES, type MountFailure, type VolumeContentsResult, type VolumeInputs } from "./volume-contents";
export type * from "./types";
