/** testdata/cluster-roles.yaml (default feature gates), in the notation of ./bootstrap-expected.ts. */
import type { ExpectedRole } from "./bootstrap-expected";

const EVENTS = 'create,patch,update | "",events.k8s.io | events';
const A = "rbac.authorization.k8s.io/aggregate-to-";

export const EXPECTED_CLUSTER_ROLES: Record<string, ExpectedRole> = {
  admin: { aggregateTo: "admin" },
  "cluster-admin": { rules: ["* | * | *", "* | urls | *"] },
  edit: { aggregateTo: "edit", labels: { [`${A}admin`]: "true" } },
  "system:aggregate-to-admin": {
    labels: { [`${A}admin`]: "true" },
    rules: [
      "create | authorization.k8s.io | localsubjectaccessreviews",
      "create,delete,deletecollection,get,list,patch,update,watch | rbac.authorization.k8s.io | rolebindings,roles",
    ],
  },
  "system:aggregate-to-edit": {
    labels: { [`${A}edit`]: "true" },
    rules: [
      'get,list,watch | "" | pods/attach,pods/exec,pods/portforward,pods/proxy,secrets,services/proxy',
      'impersonate | "" | serviceaccounts',
      'create,delete,deletecollection,patch,update | "" | pods,pods/attach,pods/exec,pods/portforward,pods/proxy',
      'create | "" | pods/eviction',
      'create,delete,deletecollection,patch,update | "" | configmaps,events,persistentvolumeclaims,replicationcontrollers,replicationcontrollers/scale,secrets,serviceaccounts,services,services/proxy',
      'create | "" | serviceaccounts/token',
      "create,delete,deletecollection,patch,update | apps | daemonsets,deployments,deployments/rollback,deployments/scale,replicasets,replicasets/scale,statefulsets,statefulsets/scale",
      "create,delete,deletecollection,patch,update | autoscaling | horizontalpodautoscalers",
      "create,delete,deletecollection,patch,update | batch | cronjobs,jobs",
      "create,delete,deletecollection,patch,update | extensions | daemonsets,deployments,deployments/rollback,deployments/scale,ingresses,networkpolicies,replicasets,replicasets/scale,replicationcontrollers/scale",
      "create,delete,deletecollection,patch,update | policy | poddisruptionbudgets",
      "create,delete,deletecollection,patch,update | networking.k8s.io | ingresses,networkpolicies",
      "create,delete,deletecollection,get,list,patch,update,watch | coordination.k8s.io | leases",
    ],
  },
  "system:aggregate-to-view": {
    labels: { [`${A}view`]: "true" },
    rules: [
      'get,list,watch | "" | configmaps,endpoints,persistentvolumeclaims,persistentvolumeclaims/status,pods,replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/status',
      'get,list,watch | "" | bindings,events,limitranges,namespaces/status,pods/log,pods/status,replicationcontrollers/status,resourcequotas,resourcequotas/status',
      'get,list,watch | "" | namespaces',
      "get,list,watch | discovery.k8s.io | endpointslices",
      "get,list,watch | apps | controllerrevisions,daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,replicasets,replicasets/scale,replicasets/status,statefulsets,statefulsets/scale,statefulsets/status",
      "get,list,watch | autoscaling | horizontalpodautoscalers,horizontalpodautoscalers/status",
      "get,list,watch | batch | cronjobs,cronjobs/status,jobs,jobs/status",
      "get,list,watch | extensions | daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,ingresses,ingresses/status,networkpolicies,replicasets,replicasets/scale,replicasets/status,replicationcontrollers/scale",
      "get,list,watch | policy | poddisruptionbudgets,poddisruptionbudgets/status",
      "get,list,watch | networking.k8s.io | ingresses,ingresses/status,networkpolicies",
    ],
  },
  "system:auth-delegator": {
    rules: ["create | authentication.k8s.io | tokenreviews", "create | authorization.k8s.io | subjectaccessreviews"],
  },
  "system:basic-user": {
    rules: [
      "create | authorization.k8s.io | selfsubjectaccessreviews,selfsubjectrulesreviews",
      "create | authentication.k8s.io | selfsubjectreviews",
    ],
  },
  "system:certificates.k8s.io:certificatesigningrequests:nodeclient": {
    rules: ["create | certificates.k8s.io | certificatesigningrequests/nodeclient"],
  },
  "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient": {
    rules: ["create | certificates.k8s.io | certificatesigningrequests/selfnodeclient"],
  },
  "system:certificates.k8s.io:kube-apiserver-client-approver": {
    rules: ["approve | certificates.k8s.io | signers | kubernetes.io/kube-apiserver-client"],
  },
  "system:certificates.k8s.io:kube-apiserver-client-kubelet-approver": {
    rules: ["approve | certificates.k8s.io | signers | kubernetes.io/kube-apiserver-client-kubelet"],
  },
  "system:certificates.k8s.io:kubelet-serving-approver": {
    rules: ["approve | certificates.k8s.io | signers | kubernetes.io/kubelet-serving"],
  },
  "system:certificates.k8s.io:legacy-unknown-approver": {
    rules: ["approve | certificates.k8s.io | signers | kubernetes.io/legacy-unknown"],
  },
  "system:discovery": {
    rules: ["get | urls | /api,/api/*,/apis,/apis/*,/healthz,/livez,/openapi,/openapi/*,/readyz,/version,/version/"],
  },
  "system:heapster": {
    rules: ['get,list,watch | "" | events,namespaces,nodes,pods', "get,list,watch | extensions | deployments"],
  },
  "system:kube-aggregator": { rules: ['get,list,watch | "" | endpoints,services'] },
  "system:kube-controller-manager": {
    rules: [
      EVENTS,
      "create | coordination.k8s.io | leases",
      "get,update | coordination.k8s.io | leases | kube-controller-manager",
      'create | "" | secrets,serviceaccounts',
      'delete | "" | secrets',
      'get | "" | configmaps,namespaces,secrets,serviceaccounts',
      'update | "" | secrets,serviceaccounts',
      "create | authentication.k8s.io | tokenreviews",
      "create | authorization.k8s.io | subjectaccessreviews",
      "list,watch | * | *",
      'create | "" | serviceaccounts/token',
    ],
  },
  "system:kube-dns": { rules: ['list,watch | "" | endpoints,services'] },
  "system:kube-scheduler": {
    rules: [
      EVENTS,
      "create | coordination.k8s.io | leases",
      "get,update | coordination.k8s.io | leases | kube-scheduler",
      'get,list,watch | "" | nodes',
      'delete,get,list,watch | "" | pods',
      'create | "" | bindings,pods/binding',
      'patch,update | "" | pods/status',
      'get,list,watch | "" | replicationcontrollers,services',
      "get,list,watch | apps,extensions | replicasets",
      "get,list,watch | apps | statefulsets",
      "get,list,watch | policy | poddisruptionbudgets",
      'get,list,watch | "" | persistentvolumeclaims,persistentvolumes',
      "create | authentication.k8s.io | tokenreviews",
      "create | authorization.k8s.io | subjectaccessreviews",
      "get,list,watch | storage.k8s.io | csinodes",
      'get,list,watch | "" | namespaces',
      "get,list,watch | storage.k8s.io | csidrivers",
      "get,list,watch | storage.k8s.io | csistoragecapacities",
    ],
  },
  "system:kubelet-api-admin": {
    rules: ['get,list,watch | "" | nodes', 'proxy | "" | nodes', '* | "" | nodes/log,nodes/metrics,nodes/proxy,nodes/stats'],
  },
  "system:monitoring": {
    rules: ["get | urls | /healthz,/healthz/*,/livez,/livez/*,/metrics,/metrics/slis,/readyz,/readyz/*"],
  },
  "system:node": {
    rules: [
      "create | authentication.k8s.io | tokenreviews",
      "create | authorization.k8s.io | localsubjectaccessreviews,subjectaccessreviews",
      'get,list,watch | "" | services',
      'create,get,list,watch | "" | nodes',
      'patch,update | "" | nodes/status',
      'patch,update | "" | nodes',
      'create,patch,update | "" | events',
      'get,list,watch | "" | pods',
      'create,delete | "" | pods',
      'patch,update | "" | pods/status',
      'create | "" | pods/eviction',
      'get,list,watch | "" | configmaps,secrets',
      'get | "" | persistentvolumeclaims,persistentvolumes',
      'get | "" | endpoints',
      "create,get,list,watch | certificates.k8s.io | certificatesigningrequests",
      "create,delete,get,patch,update | coordination.k8s.io | leases",
      "get | storage.k8s.io | volumeattachments",
      'create | "" | serviceaccounts/token',
      'get,patch,update | "" | persistentvolumeclaims/status',
      "get,list,watch | storage.k8s.io | csidrivers",
      "create,delete,get,patch,update | storage.k8s.io | csinodes",
      "get,list,watch | node.k8s.io | runtimeclasses",
    ],
  },
  "system:node-bootstrapper": { rules: ["create,get,list,watch | certificates.k8s.io | certificatesigningrequests"] },
  "system:node-problem-detector": { rules: ['get | "" | nodes', 'patch | "" | nodes/status', EVENTS] },
  "system:node-proxier": {
    rules: ['list,watch | "" | endpoints,services', 'get,list,watch | "" | nodes', EVENTS, "list,watch | discovery.k8s.io | endpointslices"],
  },
  "system:persistent-volume-provisioner": {
    rules: [
      'create,delete,get,list,watch | "" | persistentvolumes',
      'get,list,update,watch | "" | persistentvolumeclaims',
      "get,list,watch | storage.k8s.io | storageclasses",
      'watch | "" | events',
      EVENTS,
    ],
  },
  "system:public-info-viewer": { rules: ["get | urls | /healthz,/livez,/readyz,/version,/version/"] },
  "system:service-account-issuer-discovery": { rules: ["get | urls | /.well-known/openid-configuration,/openid/v1/jwks"] },
  "system:volume-scheduler": {
    rules: [
      'get,list,patch,update,watch | "" | persistentvolumes',
      "get,list,watch | storage.k8s.io | storageclasses",
      'get,list,patch,update,watch | "" | persistentvolumeclaims',
    ],
  },
  view: { aggregateTo: "view", labels: { [`${A}edit`]: "true" } },
};
