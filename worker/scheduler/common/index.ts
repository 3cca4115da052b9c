/**
 * The decisions the scheduler's filters and scores share, in one copy: NodeInfo, a pod's effective requests,
 * toleration matching and node-selector terms.
 */
export * from "./node-info";
export * from "./node-selector";
export * from "./pod-requests";
export * from "./tolerations";
