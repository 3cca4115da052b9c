/**
 * The default ClusterRoleBindings of policy.go (testdata/cluster-role-bindings.yaml) and one binding per
 * controller role to its kube-system ServiceAccount (testdata/controller-role-bindings.yaml).
 */
import { ALL_AUTHENTICATED, ALL_SERVICE_ACCOUNTS, ALL_UNAUTHENTICATED, SYSTEM_MASTERS } from "../../authn/user";
import { CONTROLLER_ROLES, CONTROLLER_ROLE_PREFIX } from "./controller-roles";
import { group, serviceAccount, user, type BindingSpec, type Subject } from "./specs";

const MONITORING_GROUP = "system:monitoring";
const KUBE_PROXY = "system:kube-proxy";
const KUBE_CONTROLLER_MANAGER = "system:kube-controller-manager";
const KUBE_SCHEDULER = "system:kube-scheduler";

const binding = (role: string, ...subjects: Subject[]): BindingSpec => ({ name: role, roleRef: { kind: "ClusterRole", name: role }, subjects });

export const CLUSTER_ROLE_BINDINGS: BindingSpec[] = [
  binding("cluster-admin", group(SYSTEM_MASTERS)),
  binding("system:monitoring", group(MONITORING_GROUP)),
  binding("system:discovery", group(ALL_AUTHENTICATED)),
  binding("system:basic-user", group(ALL_AUTHENTICATED)),
  binding("system:public-info-viewer", group(ALL_AUTHENTICATED), group(ALL_UNAUTHENTICATED)),
  binding("system:node-proxier", user(KUBE_PROXY)),
  binding("system:kube-controller-manager", user(KUBE_CONTROLLER_MANAGER)),
  binding("system:kube-dns", serviceAccount("kube-system", "kube-dns")),
  binding("system:kube-scheduler", user(KUBE_SCHEDULER)),
  binding("system:volume-scheduler", user(KUBE_SCHEDULER)),
  // Deprecated in 1.7 for the Node authorizer: kept with no subjects so reconciliation can tighten it.
  binding("system:node"),
  // In-cluster workloads may read the service-account issuer's OIDC discovery documents.
  binding("system:service-account-issuer-discovery", group(ALL_SERVICE_ACCOUNTS)),
];

export const CONTROLLER_ROLE_BINDINGS: BindingSpec[] = CONTROLLER_ROLES.map((r) =>
  binding(r.name, serviceAccount("kube-system", r.name.slice(CONTROLLER_ROLE_PREFIX.length))),
);
