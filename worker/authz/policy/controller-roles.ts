/**
 * The `system:controller:<name>` ClusterRoles of controller_policy.go, each bound to the ServiceAccount
 * kube-system/<name> that kube-controller-manager uses with `--use-service-account-credentials` (expected
 * output: testdata/controller-roles.yaml and controller-role-bindings.yaml). Controllers behind feature gates
 * that are off by default in 1.32 (resource-claim, service-cidrs, selinux-warning,
 * volumeattributesclass-protection, storage-version-migrator) are left out, as upstream leaves them out.
 */
import { CORE, eventsRule, READ, rule, type PolicyRule } from "./rule";
import type { RoleSpec } from "./specs";

export const CONTROLLER_ROLE_PREFIX = "system:controller:";

const APPS_EXT = "apps extensions";
const STORAGE = "storage.k8s.io";
const CERTS = "certificates.k8s.io";
const BATCH = "batch";
const ADMISSION = "admissionregistration.k8s.io";

const controller = (name: string, rules: PolicyRule[]): RoleSpec => ({ name: CONTROLLER_ROLE_PREFIX + name, rules });

export const CONTROLLER_ROLES: RoleSpec[] = [
  controller("attachdetach-controller", [
    rule("list watch", CORE, "persistentvolumes persistentvolumeclaims"),
    rule(READ, CORE, "nodes"),
    rule("patch update", CORE, "nodes/status"),
    rule("list watch", CORE, "pods"),
    eventsRule(),
    rule("get create delete list watch", STORAGE, "volumeattachments"),
    rule("get watch list", STORAGE, "csidrivers"),
    rule("get watch list", STORAGE, "csinodes"),
  ]),
  controller("clusterrole-aggregation-controller", [
    // must be able to mutate clusterroles in any way
    rule("escalate get list watch update patch", "rbac.authorization.k8s.io", "clusterroles"),
  ]),
  controller("cronjob-controller", [
    rule("get list watch update", BATCH, "cronjobs"),
    rule("get list watch create update delete patch", BATCH, "jobs"),
    rule("update", BATCH, "cronjobs/status"),
    rule("update", BATCH, "cronjobs/finalizers"),
    rule("list watch delete", CORE, "pods"),
    eventsRule(),
  ]),
  controller("daemon-set-controller", [
    rule(READ, APPS_EXT, "daemonsets"),
    rule("update", APPS_EXT, "daemonsets/status"),
    rule("update", APPS_EXT, "daemonsets/finalizers"),
    rule("list watch", CORE, "nodes"),
    rule("list watch create delete patch", CORE, "pods"),
    rule("create", CORE, "pods/binding"),
    rule("get list watch create delete update patch", "apps", "controllerrevisions"),
    eventsRule(),
  ]),
  controller("deployment-controller", [
    rule("get list watch update", APPS_EXT, "deployments"),
    rule("update", APPS_EXT, "deployments/status"),
    rule("update", APPS_EXT, "deployments/finalizers"),
    rule("get list watch create update patch delete", APPS_EXT, "replicasets"),
    rule("get list watch update", CORE, "pods"),
    eventsRule(),
  ]),
  controller("disruption-controller", [
    rule(READ, APPS_EXT, "deployments"),
    rule(READ, APPS_EXT, "replicasets"),
    rule(READ, CORE, "replicationcontrollers"),
    rule(READ, "policy", "poddisruptionbudgets"),
    rule(READ, "apps", "statefulsets"),
    rule("update", "policy", "poddisruptionbudgets/status"),
    rule("patch update", CORE, "pods/status"),
    rule("get", "*", "*/scale"),
    eventsRule(),
  ]),
  controller("endpoint-controller", [
    rule(READ, CORE, "services pods"),
    rule("get list watch create update delete", CORE, "endpoints"),
    rule("create", CORE, "endpoints/restricted"),
    eventsRule(),
  ]),
  controller("endpointslice-controller", [
    rule(READ, CORE, "services pods nodes"),
    // to set blockOwnerDeletion on the ownerReference to the Service
    rule("update", CORE, "services/finalizers"),
    rule("get list watch create update delete", "discovery.k8s.io", "endpointslices"),
    eventsRule(),
  ]),
  controller("endpointslicemirroring-controller", [
    rule(READ, CORE, "services endpoints"),
    rule("update", CORE, "services/finalizers"),
    rule("update", CORE, "endpoints/finalizers"),
    rule("get list watch create update delete", "discovery.k8s.io", "endpointslices"),
    eventsRule(),
  ]),
  controller("expand-controller", [
    rule("get list watch update patch", CORE, "persistentvolumes"),
    rule("update patch", CORE, "persistentvolumeclaims/status"),
    rule(READ, CORE, "persistentvolumeclaims"),
    eventsRule(),
  ]),
  controller("ephemeral-volume-controller", [
    rule(READ, CORE, "pods"),
    rule("update", CORE, "pods/finalizers"),
    rule("get list watch create", CORE, "persistentvolumeclaims"),
    eventsRule(),
  ]),
  controller("generic-garbage-collector", [rule("get list watch patch update delete", "*", "*"), eventsRule()]),
  controller("horizontal-pod-autoscaler", [
    rule(READ, "autoscaling", "horizontalpodautoscalers"),
    rule("update", "autoscaling", "horizontalpodautoscalers/status"),
    rule("get update", "*", "*/scale"),
    rule("list watch", CORE, "pods"),
    rule("list watch", "metrics.k8s.io", "pods"),
    rule(READ, "custom.metrics.k8s.io", "*"),
    rule(READ, "external.metrics.k8s.io", "*"),
    eventsRule(),
  ]),
  controller("job-controller", [
    rule("get list watch update patch", BATCH, "jobs"),
    rule("update", BATCH, "jobs/status"),
    rule("update", BATCH, "jobs/finalizers"),
    rule("list watch create delete patch", CORE, "pods"),
    eventsRule(),
  ]),
  controller("namespace-controller", [
    rule("get list watch delete", CORE, "namespaces"),
    rule("update", CORE, "namespaces/finalize namespaces/status"),
    rule("get list watch delete deletecollection", "*", "*"),
  ]),
  controller("node-controller", [
    rule("get list update delete patch watch", CORE, "nodes"),
    rule("patch update", CORE, "nodes/status"),
    // pod eviction: status updates and deletion
    rule("patch update", CORE, "pods/status"),
    rule("list watch get delete", CORE, "pods"),
    eventsRule(),
  ]),
  controller("persistent-volume-binder", [
    rule("get list watch update create delete", CORE, "persistentvolumes"),
    rule("update", CORE, "persistentvolumes/status"),
    rule("get list watch update", CORE, "persistentvolumeclaims"),
    rule("update", CORE, "persistentvolumeclaims/status"),
    rule("list watch get create delete", CORE, "pods"),
    rule(READ, STORAGE, "storageclasses"),
    rule("list watch", CORE, "nodes"),
    eventsRule(),
    rule("watch", CORE, "events"),
  ]),
  controller("pod-garbage-collector", [
    rule("list watch delete", CORE, "pods"),
    rule(READ, CORE, "nodes"),
    rule("patch", CORE, "pods/status"),
  ]),
  controller("replicaset-controller", [
    rule("get list watch update", APPS_EXT, "replicasets"),
    rule("update", APPS_EXT, "replicasets/status"),
    rule("update", APPS_EXT, "replicasets/finalizers"),
    rule("list watch patch create delete", CORE, "pods"),
    eventsRule(),
  ]),
  controller("replication-controller", [
    rule("get list watch update", CORE, "replicationcontrollers"),
    rule("update", CORE, "replicationcontrollers/status"),
    rule("update", CORE, "replicationcontrollers/finalizers"),
    rule("list watch patch create delete", CORE, "pods"),
    eventsRule(),
  ]),
  controller("resourcequota-controller", [
    // quota can count quota on anything for reconciliation, so it needs full viewing powers
    rule("list watch", "*", "*"),
    rule("update", CORE, "resourcequotas/status"),
    eventsRule(),
  ]),
  controller("route-controller", [rule("list watch", CORE, "nodes"), rule("patch", CORE, "nodes/status"), eventsRule()]),
  controller("service-account-controller", [rule("create", CORE, "serviceaccounts"), eventsRule()]),
  controller("service-controller", [
    rule(READ, CORE, "services"),
    rule("patch update", CORE, "services/status"),
    rule("list watch", CORE, "nodes"),
    eventsRule(),
  ]),
  controller("statefulset-controller", [
    rule("list watch", CORE, "pods"),
    rule(READ, "apps", "statefulsets"),
    rule("update", "apps", "statefulsets/status"),
    rule("update", "apps", "statefulsets/finalizers"),
    rule("get create delete update patch", CORE, "pods"),
    rule("get list watch create delete update patch", "apps", "controllerrevisions"),
    rule("get list watch create", CORE, "persistentvolumeclaims"),
    rule("update delete", CORE, "persistentvolumeclaims"),
    rule("update", CORE, "pods/finalizers"),
    eventsRule(),
  ]),
  controller("ttl-controller", [rule("update patch list watch", CORE, "nodes"), eventsRule()]),
  controller("certificate-controller", [
    rule("get list watch delete", CERTS, "certificatesigningrequests"),
    rule("update", CERTS, "certificatesigningrequests/status certificatesigningrequests/approval"),
    rule("approve", CERTS, "signers", "kubernetes.io/kube-apiserver-client-kubelet"),
    rule("sign", CERTS, "signers", [
      "kubernetes.io/legacy-unknown",
      "kubernetes.io/kube-apiserver-client",
      "kubernetes.io/kube-apiserver-client-kubelet",
      "kubernetes.io/kubelet-serving",
    ]),
    rule("create", "authorization.k8s.io", "subjectaccessreviews"),
    eventsRule(),
  ]),
  controller("pvc-protection-controller", [
    rule("get list watch update", CORE, "persistentvolumeclaims"),
    rule("update", CORE, "persistentvolumeclaims/status"),
    rule(READ, CORE, "pods"),
    eventsRule(),
  ]),
  controller("pv-protection-controller", [rule("get list watch update", CORE, "persistentvolumes"), eventsRule()]),
  controller("ttl-after-finished-controller", [rule("get list watch delete", BATCH, "jobs"), eventsRule()]),
  controller("root-ca-cert-publisher", [rule("create update", CORE, "configmaps"), eventsRule()]),
  controller("validatingadmissionpolicy-status-controller", [
    rule(READ, ADMISSION, "validatingadmissionpolicies"),
    rule("get patch update", ADMISSION, "validatingadmissionpolicies/status"),
    eventsRule(),
  ]),
  controller("legacy-service-account-token-cleaner", [
    rule("get", CORE, "configmaps", "kube-apiserver-legacy-service-account-token-tracking"),
    rule("delete patch", CORE, "secrets"),
  ]),
  // Not upstream: Event TTL is an etcd lease there (--event-ttl); here a loop deletes expired Events.
  controller("event-ttl-controller", [rule("list delete", CORE, "events")]),
];
