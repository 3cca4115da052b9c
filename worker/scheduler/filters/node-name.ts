/** NodeName filter (pkg/scheduler/framework/plugins/nodename). */
import type { KubeObject } from "../../../schema/types";
import { FIT, unresolvable, type FilterResult, type NodeInfo } from "./types";

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

/** A pod that already names a node (`spec.nodeName`) fits only that node. */
export function nodeNameFilter(pod: KubeObject, nodeInfo: NodeInfo): FilterResult {
  const wanted: string | undefined = pod.spec?.nodeName;
  return !wanted || wanted === nodeInfo.node.metadata?.name ? FIT : unresolvable(ERR_REASON_NODE_NAME);
}
