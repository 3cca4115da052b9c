/**
 * Roles and RoleBindings bootstrapped into kube-system and kube-public (namespace_policy.go; expected output:
 * testdata/namespace-roles.yaml and namespace-role-bindings.yaml).
 */
import { CORE, eventsRule, READ, rule } from "./rule";
import { serviceAccount, user, type BindingSpec, type RoleSpec } from "./specs";
import { CONTROLLER_ROLE_PREFIX } from "./controller-roles";

const KUBE_SYSTEM = "kube-system";
const KUBE_PUBLIC = "kube-public";
const KCM = "system:kube-controller-manager";
const SCHEDULER = "system:kube-scheduler";

export interface NamespacedSpecs {
  roles: RoleSpec[];
  bindings: BindingSpec[];
}

const roleBinding = (name: string, role: string, subjects: BindingSpec["subjects"]): BindingSpec => ({
  name,
  roleRef: { kind: "Role", name: role },
  subjects,
});
const saBinding = (controller: string): BindingSpec =>
  roleBinding(CONTROLLER_ROLE_PREFIX + controller, CONTROLLER_ROLE_PREFIX + controller, [serviceAccount(KUBE_SYSTEM, controller)]);

export const NAMESPACE_POLICY: Record<string, NamespacedSpecs> = {
  [KUBE_SYSTEM]: {
    roles: [
      {
        // the configmap holding the front-proxy/client CA for extension API servers
        name: "extension-apiserver-authentication-reader",
        rules: [rule(READ, CORE, "configmaps", "extension-apiserver-authentication")],
      },
      { name: CONTROLLER_ROLE_PREFIX + "bootstrap-signer", rules: [rule(READ, CORE, "secrets")] },
      // deprecated since 1.10, still bootstrapped
      { name: CONTROLLER_ROLE_PREFIX + "cloud-provider", rules: [rule("create get list watch", CORE, "configmaps")] },
      { name: CONTROLLER_ROLE_PREFIX + "token-cleaner", rules: [rule("get list watch delete", CORE, "secrets"), eventsRule()] },
      {
        name: "system::leader-locking-kube-controller-manager",
        rules: [
          rule("watch", CORE, "configmaps"),
          rule("get update", CORE, "configmaps", "kube-controller-manager"),
          rule("get watch list create update", "coordination.k8s.io", "leases"),
        ],
      },
      {
        name: "system::leader-locking-kube-scheduler",
        rules: [rule("watch", CORE, "configmaps"), rule("get update", CORE, "configmaps", "kube-scheduler")],
      },
    ],
    bindings: [
      roleBinding("system::extension-apiserver-authentication-reader", "extension-apiserver-authentication-reader", [user(KCM), user(SCHEDULER)]),
      roleBinding("system::leader-locking-kube-controller-manager", "system::leader-locking-kube-controller-manager", [
        user(KCM),
        serviceAccount(KUBE_SYSTEM, "kube-controller-manager"),
        serviceAccount(KUBE_SYSTEM, "leader-election-controller"),
      ]),
      roleBinding("system::leader-locking-kube-scheduler", "system::leader-locking-kube-scheduler", [
        user(SCHEDULER),
        serviceAccount(KUBE_SYSTEM, "kube-scheduler"),
      ]),
      saBinding("bootstrap-signer"),
      saBinding("cloud-provider"),
      saBinding("token-cleaner"),
    ],
  },
  [KUBE_PUBLIC]: {
    roles: [
      {
        // the bootstrap signer writes the signed cluster-info configmap
        name: CONTROLLER_ROLE_PREFIX + "bootstrap-signer",
        rules: [rule(READ, CORE, "configmaps"), rule("update", CORE, "configmaps", "cluster-info"), eventsRule()],
      },
    ],
    bindings: [saBinding("bootstrap-signer")],
  },
};
