/**
 * The default ClusterRoles of kube-apiserver 1.32 (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go
 * with default feature gates; expected output in its testdata/cluster-roles.yaml). Rules are data: resources
 * this project does not serve still appear, as upstream grants them.
 */
import { CORE, eventsRule, READ, READ_UPDATE, READ_WRITE, rule, urls, WRITE, type PolicyRule } from "./rule";
import { AGGREGATE_TO, type RoleSpec } from "./specs";

const AUTHN = "authentication.k8s.io";
const AUTHZ = "authorization.k8s.io";
const CERTS = "certificates.k8s.io";
const COORD = "coordination.k8s.io";
const STORAGE = "storage.k8s.io";
const DISCOVERY = "discovery.k8s.io";
const NETWORKING = "networking.k8s.io";

const toAdmin = { [AGGREGATE_TO("admin")]: "true" };
const toEdit = { [AGGREGATE_TO("edit")]: "true" };
const toView = { [AGGREGATE_TO("view")]: "true" };

/** NodeRules(): what kubelets need (further limited per node by the Node authorizer and NodeRestriction). */
export const NODE_RULES: PolicyRule[] = [
  rule("create", AUTHN, "tokenreviews"),
  rule("create", AUTHZ, "subjectaccessreviews localsubjectaccessreviews"),
  rule(READ, CORE, "services"),
  rule("create get list watch", CORE, "nodes"),
  rule("update patch", CORE, "nodes/status"),
  rule("update patch", CORE, "nodes"),
  rule("create update patch", CORE, "events"),
  rule(READ, CORE, "pods"),
  rule("create delete", CORE, "pods"),
  rule("update patch", CORE, "pods/status"),
  rule("create", CORE, "pods/eviction"),
  rule(READ, CORE, "secrets configmaps"),
  rule("get", CORE, "persistentvolumeclaims persistentvolumes"),
  rule("get", CORE, "endpoints"),
  rule("create get list watch", CERTS, "certificatesigningrequests"),
  rule("get create update patch delete", COORD, "leases"),
  rule("get", STORAGE, "volumeattachments"),
  rule("create", CORE, "serviceaccounts/token"),
  rule("get update patch", CORE, "persistentvolumeclaims/status"),
  rule("get watch list", STORAGE, "csidrivers"),
  rule("get create update patch delete", STORAGE, "csinodes"),
  rule(READ, "node.k8s.io", "runtimeclasses"),
];

const approver = (signer: string): RoleSpec => ({
  name: `system:certificates.k8s.io:${signer}-approver`,
  rules: [rule("approve", CERTS, "signers", `kubernetes.io/${signer}`)],
});

export const CLUSTER_ROLES: RoleSpec[] = [
  { name: "cluster-admin", rules: [rule("*", "*", "*"), urls("*", "*")] },
  {
    name: "system:discovery",
    rules: [urls("get", "/livez /readyz /healthz /version /version/ /openapi /openapi/* /api /api/* /apis /apis/*")],
  },
  {
    name: "system:monitoring",
    rules: [urls("get", "/metrics /metrics/slis /livez /readyz /healthz /livez/* /readyz/* /healthz/*")],
  },
  {
    name: "system:basic-user",
    rules: [rule("create", AUTHZ, "selfsubjectaccessreviews selfsubjectrulesreviews"), rule("create", AUTHN, "selfsubjectreviews")],
  },
  { name: "system:public-info-viewer", rules: [urls("get", "/livez /readyz /healthz /version /version/")] },
  { name: "admin", aggregateLabel: AGGREGATE_TO("admin") },
  { name: "edit", labels: toAdmin, aggregateLabel: AGGREGATE_TO("edit") },
  { name: "view", labels: toEdit, aggregateLabel: AGGREGATE_TO("view") },
  {
    name: "system:aggregate-to-admin",
    labels: toAdmin,
    rules: [rule("create", AUTHZ, "localsubjectaccessreviews"), rule(READ_WRITE, "rbac.authorization.k8s.io", "roles rolebindings")],
  },
  {
    name: "system:aggregate-to-edit",
    labels: toEdit,
    rules: [
      rule(READ, CORE, "pods/attach pods/proxy pods/exec pods/portforward secrets services/proxy"),
      rule("impersonate", CORE, "serviceaccounts"),
      rule(WRITE, CORE, "pods pods/attach pods/proxy pods/exec pods/portforward"),
      rule("create", CORE, "pods/eviction"),
      rule(WRITE, CORE, "replicationcontrollers replicationcontrollers/scale serviceaccounts services services/proxy persistentvolumeclaims configmaps secrets events"),
      rule("create", CORE, "serviceaccounts/token"),
      rule(WRITE, "apps", "statefulsets statefulsets/scale daemonsets deployments deployments/scale deployments/rollback replicasets replicasets/scale"),
      rule(WRITE, "autoscaling", "horizontalpodautoscalers"),
      rule(WRITE, "batch", "jobs cronjobs"),
      rule(WRITE, "extensions", "daemonsets deployments deployments/scale deployments/rollback ingresses replicasets replicasets/scale replicationcontrollers/scale networkpolicies"),
      rule(WRITE, "policy", "poddisruptionbudgets"),
      rule(WRITE, NETWORKING, "networkpolicies ingresses"),
      rule(READ_WRITE, COORD, "leases"),
    ],
  },
  {
    name: "system:aggregate-to-view",
    labels: toView,
    rules: [
      rule(READ, CORE, "pods replicationcontrollers replicationcontrollers/scale serviceaccounts services services/status endpoints persistentvolumeclaims persistentvolumeclaims/status configmaps"),
      rule(READ, CORE, "limitranges resourcequotas bindings events pods/status resourcequotas/status namespaces/status replicationcontrollers/status pods/log"),
      rule(READ, CORE, "namespaces"),
      rule(READ, DISCOVERY, "endpointslices"),
      rule(READ, "apps", "controllerrevisions statefulsets statefulsets/status statefulsets/scale daemonsets daemonsets/status deployments deployments/status deployments/scale replicasets replicasets/status replicasets/scale"),
      rule(READ, "autoscaling", "horizontalpodautoscalers horizontalpodautoscalers/status"),
      rule(READ, "batch", "jobs cronjobs cronjobs/status jobs/status"),
      rule(READ, "extensions", "daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses ingresses/status replicasets replicasets/scale replicasets/status replicationcontrollers/scale networkpolicies"),
      rule(READ, "policy", "poddisruptionbudgets poddisruptionbudgets/status"),
      rule(READ, NETWORKING, "networkpolicies ingresses ingresses/status"),
    ],
  },
  {
    name: "system:heapster",
    rules: [rule(READ, CORE, "events pods nodes namespaces"), rule(READ, "extensions", "deployments")],
  },
  { name: "system:node", rules: NODE_RULES },
  {
    name: "system:node-problem-detector",
    rules: [rule("get", CORE, "nodes"), rule("patch", CORE, "nodes/status"), eventsRule()],
  },
  {
    name: "system:kubelet-api-admin",
    rules: [
      rule(READ, CORE, "nodes"),
      rule("proxy", CORE, "nodes"),
      rule("*", CORE, "nodes/proxy nodes/metrics nodes/stats nodes/log"),
    ],
  },
  { name: "system:node-bootstrapper", rules: [rule("create get list watch", CERTS, "certificatesigningrequests")] },
  {
    name: "system:auth-delegator",
    rules: [rule("create", AUTHN, "tokenreviews"), rule("create", AUTHZ, "subjectaccessreviews")],
  },
  { name: "system:kube-aggregator", rules: [rule(READ, CORE, "services endpoints")] },
  {
    name: "system:kube-controller-manager",
    rules: [
      eventsRule(),
      rule("create", COORD, "leases"),
      rule("get update", COORD, "leases", "kube-controller-manager"),
      rule("create", CORE, "secrets serviceaccounts"),
      rule("delete", CORE, "secrets"),
      rule("get", CORE, "namespaces secrets serviceaccounts configmaps"),
      rule("update", CORE, "secrets serviceaccounts"),
      rule("create", AUTHN, "tokenreviews"),
      rule("create", AUTHZ, "subjectaccessreviews"),
      rule("list watch", "*", "*"),
      rule("create", CORE, "serviceaccounts/token"),
    ],
  },
  { name: "system:kube-dns", rules: [rule("list watch", CORE, "endpoints services")] },
  {
    name: "system:persistent-volume-provisioner",
    rules: [
      rule("get list watch create delete", CORE, "persistentvolumes"),
      rule("get list watch update", CORE, "persistentvolumeclaims"),
      rule(READ, STORAGE, "storageclasses"),
      rule("watch", CORE, "events"),
      eventsRule(),
    ],
  },
  { name: "system:certificates.k8s.io:certificatesigningrequests:nodeclient", rules: [rule("create", CERTS, "certificatesigningrequests/nodeclient")] },
  {
    name: "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
    rules: [rule("create", CERTS, "certificatesigningrequests/selfnodeclient")],
  },
  {
    name: "system:volume-scheduler",
    rules: [rule(READ_UPDATE, CORE, "persistentvolumes"), rule(READ, STORAGE, "storageclasses"), rule(READ_UPDATE, CORE, "persistentvolumeclaims")],
  },
  approver("legacy-unknown"),
  approver("kubelet-serving"),
  approver("kube-apiserver-client"),
  approver("kube-apiserver-client-kubelet"),
  { name: "system:service-account-issuer-discovery", rules: [urls("get", "/.well-known/openid-configuration /openid/v1/jwks")] },
  {
    name: "system:node-proxier",
    rules: [
      rule("list watch", CORE, "services endpoints"),
      rule(READ, CORE, "nodes"),
      eventsRule(),
      rule("list watch", DISCOVERY, "endpointslices"),
    ],
  },
  {
    name: "system:kube-scheduler",
    rules: [
      eventsRule(),
      rule("create", COORD, "leases"),
      rule("get update", COORD, "leases", "kube-scheduler"),
      rule(READ, CORE, "nodes"),
      rule("get list watch delete", CORE, "pods"),
      rule("create", CORE, "pods/binding bindings"),
      rule("patch update", CORE, "pods/status"),
      rule(READ, CORE, "services replicationcontrollers"),
      rule(READ, "apps extensions", "replicasets"),
      rule(READ, "apps", "statefulsets"),
      rule(READ, "policy", "poddisruptionbudgets"),
      rule(READ, CORE, "persistentvolumeclaims persistentvolumes"),
      rule("create", AUTHN, "tokenreviews"),
      rule("create", AUTHZ, "subjectaccessreviews"),
      rule(READ, STORAGE, "csinodes"),
      rule(READ, CORE, "namespaces"),
      rule(READ, STORAGE, "csidrivers"),
      rule(READ, STORAGE, "csistoragecapacities"),
    ],
  },
];
