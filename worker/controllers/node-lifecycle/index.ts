/**
 * Node lifecycle: node health from Leases and heartbeats (health), the condition and NoExecute taints
 * (taints), zone disruption (zones), one node's reconcile as a value (plan), NoExecute taint eviction
 * (taint-eviction), and the two control loops that apply them.
 */
export * from "./health";
export * from "./plan";
export * from "./taints";
export * from "./zones";
export * from "./taint-eviction";
export { nodeLifecycleLoop } from "./loop";
export { taintEvictionLoop } from "./taint-eviction-loop";
