/**
 * What the data path may read, as a network plugin's install manifest grants it (a ClusterRole bound to the
 * user it runs as; not part of upstream's bootstrap policy): upstream's `system:node-proxier` reads Services,
 * Endpoints, EndpointSlices and Nodes; this data path also resolves pod IPs, pod DNS names and pod labels, and
 * evaluates NetworkPolicies against namespace labels, as CNI plugins that enforce policy do.
 */
import type { Registry } from "../../schema/registry-core";
import type { KubeObject } from "../../schema/types";
import type { UserInfo } from "../authn/user";
import { ALL_AUTHENTICATED } from "../authn/user";
import type { Env } from "../env";
import { createIfMissing } from "../services/status/bootstrap";

export const KUBE_PROXY_USER: UserInfo = { username: "system:kube-proxy", groups: [ALL_AUTHENTICATED] };
export const CLUSTER_NETWORK_ROLE = "kube-edge:cluster-network";

export function clusterNetworkRbacObjects(): [KubeObject, KubeObject] {
  const rbac = "rbac.authorization.k8s.io";
  const read = ["get", "list", "watch"];
  return [
    {
      apiVersion: `${rbac}/v1`,
      kind: "ClusterRole",
      metadata: { name: CLUSTER_NETWORK_ROLE },
      rules: [
        { apiGroups: [""], resources: ["services", "endpoints", "nodes", "pods", "namespaces"], verbs: read },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: read },
        { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies", "ingresses", "ingressclasses"], verbs: read },
        { apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["create", "patch", "update"] },
      ],
    },
    {
      apiVersion: `${rbac}/v1`,
      kind: "ClusterRoleBinding",
      metadata: { name: CLUSTER_NETWORK_ROLE },
      roleRef: { apiGroup: rbac, kind: "ClusterRole", name: CLUSTER_NETWORK_ROLE },
      subjects: [{ apiGroup: rbac, kind: "User", name: KUBE_PROXY_USER.username }],
    },
  ];
}

/** The BOOTSTRAP_STEPS entry: the data path's ClusterRole and its binding. */
export async function bootstrapClusterNetworkRbac(env: Env, registry: Registry): Promise<void> {
  const [role, binding] = clusterNetworkRbacObjects();
  await createIfMissing(env, registry, "rbac.authorization.k8s.io", "clusterroles", role);
  await createIfMissing(env, registry, "rbac.authorization.k8s.io", "clusterrolebindings", binding);
}
