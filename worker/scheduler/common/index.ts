/**
 * The decisions the scheduler's filters and scores share, in one copy: NodeInfo and the cluster snapshot, a pod's
 * effective requests, toleration matching, node-selector terms, pod affinity terms, topology spread constraints
 * (with the default spreading selector), and how many feasible nodes a cycle looks for.
 */
export * from "./affinity-term";
export * from "./default-spread-selector";
export * from "./node-info";
export * from "./node-selector";
export * from "./num-feasible-nodes";
export * from "./pod-requests";
export * from "./snapshot";
export * from "./tolerations";
export * from "./topology-spread";
