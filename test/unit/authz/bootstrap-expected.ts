/**
 * Expectations transcribed from upstream's bootstrappolicy testdata (the exact output of kube-apiserver's
 * policy), in a compact notation:
 *   rule:  "verbs | groups | resources[ | resourceNames]"  or  "verbs | urls | nonResourceURLs"
 *   lists are comma-separated, `""` is the core group. Roles and bindings list their non-default
 *   labels only (every bootstrap object has `kubernetes.io/bootstrapping: rbac-defaults` and
 *   `rbac.authorization.kubernetes.io/autoupdate: "true"`, checked separately).
 */
import type { PolicyRule } from "../../../worker/authz/policy";

export interface ExpectedRole {
  rules?: string[];
  labels?: Record<string, string>;
  /** aggregationRule with one selector matching `rbac.authorization.k8s.io/aggregate-to-<x>: "true"`. */
  aggregateTo?: "admin" | "edit" | "view";
}

/** "kind:name[:namespace]" subjects, e.g. "Group:system:masters" → kind Group, name system:masters. */
export interface ExpectedBinding {
  role: string;
  roleKind?: "Role" | "ClusterRole";
  subjects: string[];
}

const list = (s: string): string[] => s.split(",").map((x) => (x === '""' ? "" : x));

export function parseRule(s: string): PolicyRule {
  const [verbs, groups, resources, names] = s.split(" | ");
  if (groups === "urls") return { verbs: list(verbs), nonResourceURLs: list(resources) };
  return { verbs: list(verbs), apiGroups: list(groups), resources: list(resources), ...(names ? { resourceNames: list(names) } : {}) };
}

const RBAC = "rbac.authorization.k8s.io";

/** Subject notation: "User:name", "Group:name", "ServiceAccount:namespace/name". */
export function parseSubject(s: string): Record<string, string> {
  const i = s.indexOf(":");
  const kind = s.slice(0, i);
  const rest = s.slice(i + 1);
  if (kind === "ServiceAccount") {
    const [namespace, name] = rest.split("/");
    return { kind, name, namespace };
  }
  return { kind, apiGroup: RBAC, name: rest };
}

const AUTH = "system:authenticated";

/** testdata/cluster-role-bindings.yaml */
export const EXPECTED_CLUSTER_ROLE_BINDINGS: Record<string, ExpectedBinding> = {
  "cluster-admin": { role: "cluster-admin", subjects: ["Group:system:masters"] },
  "system:basic-user": { role: "system:basic-user", subjects: [`Group:${AUTH}`] },
  "system:discovery": { role: "system:discovery", subjects: [`Group:${AUTH}`] },
  "system:kube-controller-manager": { role: "system:kube-controller-manager", subjects: ["User:system:kube-controller-manager"] },
  "system:kube-dns": { role: "system:kube-dns", subjects: ["ServiceAccount:kube-system/kube-dns"] },
  "system:kube-scheduler": { role: "system:kube-scheduler", subjects: ["User:system:kube-scheduler"] },
  "system:monitoring": { role: "system:monitoring", subjects: ["Group:system:monitoring"] },
  "system:node": { role: "system:node", subjects: [] },
  "system:node-proxier": { role: "system:node-proxier", subjects: ["User:system:kube-proxy"] },
  "system:public-info-viewer": { role: "system:public-info-viewer", subjects: [`Group:${AUTH}`, "Group:system:unauthenticated"] },
  "system:service-account-issuer-discovery": { role: "system:service-account-issuer-discovery", subjects: ["Group:system:serviceaccounts"] },
  "system:volume-scheduler": { role: "system:volume-scheduler", subjects: ["User:system:kube-scheduler"] },
};

/** testdata/namespace-roles.yaml, by namespace. */
export const EXPECTED_NAMESPACE_ROLES: Record<string, Record<string, ExpectedRole>> = {
  "kube-public": {
    "system:controller:bootstrap-signer": {
      rules: ['get,list,watch | "" | configmaps', 'update | "" | configmaps | cluster-info', 'create,patch,update | "",events.k8s.io | events'],
    },
  },
  "kube-system": {
    "extension-apiserver-authentication-reader": { rules: ['get,list,watch | "" | configmaps | extension-apiserver-authentication'] },
    "system::leader-locking-kube-controller-manager": {
      rules: [
        'watch | "" | configmaps',
        'get,update | "" | configmaps | kube-controller-manager',
        "create,get,list,update,watch | coordination.k8s.io | leases",
      ],
    },
    "system::leader-locking-kube-scheduler": { rules: ['watch | "" | configmaps', 'get,update | "" | configmaps | kube-scheduler'] },
    "system:controller:bootstrap-signer": { rules: ['get,list,watch | "" | secrets'] },
    "system:controller:cloud-provider": { rules: ['create,get,list,watch | "" | configmaps'] },
    "system:controller:token-cleaner": { rules: ['delete,get,list,watch | "" | secrets', 'create,patch,update | "",events.k8s.io | events'] },
  },
};

/** testdata/namespace-role-bindings.yaml, by namespace. */
export const EXPECTED_NAMESPACE_ROLE_BINDINGS: Record<string, Record<string, ExpectedBinding>> = {
  "kube-public": {
    "system:controller:bootstrap-signer": { role: "system:controller:bootstrap-signer", roleKind: "Role", subjects: ["ServiceAccount:kube-system/bootstrap-signer"] },
  },
  "kube-system": {
    "system::extension-apiserver-authentication-reader": {
      role: "extension-apiserver-authentication-reader",
      roleKind: "Role",
      subjects: ["User:system:kube-controller-manager", "User:system:kube-scheduler"],
    },
    "system::leader-locking-kube-controller-manager": {
      role: "system::leader-locking-kube-controller-manager",
      roleKind: "Role",
      subjects: [
        "User:system:kube-controller-manager",
        "ServiceAccount:kube-system/kube-controller-manager",
        "ServiceAccount:kube-system/leader-election-controller",
      ],
    },
    "system::leader-locking-kube-scheduler": {
      role: "system::leader-locking-kube-scheduler",
      roleKind: "Role",
      subjects: ["User:system:kube-scheduler", "ServiceAccount:kube-system/kube-scheduler"],
    },
    "system:controller:bootstrap-signer": { role: "system:controller:bootstrap-signer", roleKind: "Role", subjects: ["ServiceAccount:kube-system/bootstrap-signer"] },
    "system:controller:cloud-provider": { role: "system:controller:cloud-provider", roleKind: "Role", subjects: ["ServiceAccount:kube-system/cloud-provider"] },
    "system:controller:token-cleaner": { role: "system:controller:token-cleaner", roleKind: "Role", subjects: ["ServiceAccount:kube-system/token-cleaner"] },
  },
};
