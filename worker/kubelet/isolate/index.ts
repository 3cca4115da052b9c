/**
 * The `isolate` container runtime (README.md beside this file): a container's image modules run in a V8 isolate
 * of their own through the Worker Loader, wrapped so that its entries, console output and failures come back as
 * values; `PodNetwork` gives a pod's containers `localhost`.
 */
export { ISOLATE_RUNTIME, containerId, parseContainerId, type ContainerInstance } from "./container-id";
export { KUBE_ENV_KEY, containerEnv, type ContainerEnv, type KubeEnv } from "./container-env";
export { CPU_MS_PER_CORE, ISOLATE_MEMORY_BYTES, MAX_CPU_MS, isolateLimits, type ContainerResources } from "./limits";
export { POD_COMPATIBILITY_DATE, POD_COMPATIBILITY_FLAGS, containerCode, type ContainerCodeSpec } from "./container-code";
export {
  CPU_LIMIT_EXIT_CODE,
  EXEC_UNSUPPORTED_EXIT_CODE,
  OOM_EXIT_CODE,
  RUNTIME_ERRORS,
  START_ERROR_EXIT_CODE,
  normalizeExitCode,
  outcomeOfError,
  terminatedState,
  type CallFailure,
  type ContainerCrashed,
  type ContainerEnded,
  type ContainerExited,
  type ExecResult,
  type LogChunk,
  type LogLine,
  type RuntimeUnavailable,
  type TerminationReason,
} from "./outcomes";
export {
  describeContainer,
  drainContainerLogs,
  execContainer,
  fetchContainer,
  runContainer,
  startContainer,
  type CodeFor,
  type ContainerEntries,
  type ContainerHandle,
} from "./runtime";
export { PodNetwork, dialContainer, podNetworkFetch, podNetworkFetcher, podNetworkProps, routeLocalhost, type DialOutcome, type LocalhostRoute, type PodContainerDirectory, type PodNetworkDeps, type PodNetworkProps } from "./pod-network";
export { CONTAINER_ENTRYPOINT, LOG_BUFFER_MAX_CHARS, LOG_BUFFER_MAX_LINES, LOG_LINE_MAX_CHARS, TERMINATION_MESSAGE_MAX_CHARS, WRAPPER_DIR } from "./wrapper-source";
