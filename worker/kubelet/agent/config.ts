/**
 * What a kubelet is told when it starts (its flags and config file, upstream): the node from the pool
 * configuration, its index (pod CIDR, InternalIP), the hosts of the built-in registry and whether pods may be
 * simulated. Built by the node-pool loop (./pool-loop.ts); plain JSON, stored by the kubelet.
 */
import type { NodeSpecConfig } from "../node";

export interface KubeletConfig {
  node: NodeSpecConfig;
  index: number;
  podCIDR: string;
  nodeIP: string;
  /** `host:port` names of this control plane: images there are read from the built-in registry. */
  ownHosts: string[];
  /** The `simulated` runtime may run pods here (SIMULATED_RUNTIME, default on). */
  simulatedAllowed: boolean;
  /** The container runtime's version in the Node's nodeInfo (`isolate://<version>`). */
  runtimeVersion: string;
}
