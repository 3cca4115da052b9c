/**
 * The DaemonSet controller (pkg/controller/daemon, 1.32): one pod per eligible node, pinned by node affinity,
 * rolled by ControllerRevision. Pure plans here, the adapter in ./sync, the loop in ./loop.
 */
export * from "./backoff";
export * from "./claim";
export * from "./daemon-pod";
export * from "./history";
export * from "./manage";
export * from "./pod-state";
export * from "./rolling-update";
export * from "./status";
export * from "./strategy";
export { daemonSetLoop, daemonSetWakes, ALL_DAEMONSETS, DAEMONSET_LOOP } from "./loop";
export { syncDaemonSet } from "./sync";
