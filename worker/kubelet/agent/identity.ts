/**
 * Who a kubelet is to the API: `system:node:<name>` in group `system:nodes` (the identity of a kubelet's client
 * certificate), so the Node authorizer and NodeRestriction admission confine it to its own Node, Lease and pods.
 */
import { ALL_AUTHENTICATED, NODES_GROUP, NODE_USER_PREFIX, type UserInfo } from "../../authn/user";

/** The `source.component` of the kubelet's Events (upstream's recorder component name). */
export const KUBELET_COMPONENT = "kubelet";

export function nodeUser(nodeName: string): UserInfo {
  return { username: `${NODE_USER_PREFIX}${nodeName}`, groups: [NODES_GROUP, ALL_AUTHENTICATED] };
}
