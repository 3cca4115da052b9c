/** framework.NodeInfo reduced to plain JSON: the one shape every filter and score plugin reads. */
import type { KubeObject } from "../../../schema/types";

/**
 * A node and the pods bound to it (framework.NodeInfo). `pods` are the non-terminal pods with
 * `spec.nodeName` = this node: upstream's scheduler cache never holds Succeeded/Failed pods (its informer
 * filters them out), so the adapter that builds a NodeInfo must leave them out too.
 */
export interface NodeInfo {
  node: KubeObject;
  pods: KubeObject[];
}
