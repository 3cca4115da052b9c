/**
 * The node side of the kubelet, pure: the node pool configuration and its nodes, stable node indexes with the
 * pod CIDR and InternalIP they give, the Node a kubelet registers and keeps current, its heartbeat Lease, pod
 * admission against the node, and the drain of a node leaving the pool. The Kubelet Durable Object reads and
 * writes the API; these functions decide what to write.
 */
export * from "./pool-config";
export * from "./expand-pool";
export * from "./node-index";
export * from "./node-object";
export * from "./node-status";
export * from "./lease";
export * from "./admit";
export * from "./drain";
