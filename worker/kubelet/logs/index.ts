/** Container logs on the kubelet: storage (store.ts), selection and formatting, follow, and the served answer. */
export * from "./types";
export { parsePodLogQuery, validatePodLogOptions, sinceMsOf, parseInt64, parseRfc3339, type PodLogQuery, type PodLogQueryResult } from "./options";
export { rfc3339NanoFixed, selectLogLines, formatLogLine, encodeLogLines, storedLineBytes, type LineSelection } from "./format";
export { selectLogInstance, type LogInstance, type StatusesLike } from "./instance";
export { LOG_MAX_BYTES_PER_INSTANCE, createLogTables, appendLogLines, readLogLines, logInstances, deletePodLogs, type ReadLogOptions } from "./store";
export { followLogStream, FOLLOW_POLL_MS, type FollowSource, type FollowOptions } from "./follow";
export { serveContainerLogs, lastLogSeq, type ContainerLogsInput } from "./serve";
export { toLogLines } from "./lines";
