/** rbac.authorization.k8s.io/v1: accept corpus, subject/roleRef defaults, rejects and roleRef immutability. */
import { describe, expect, it } from "vitest";
import { rbacV1 } from "../../../schema/rbac-v1";
import { admit, kindOf, load, stored, update } from "./group-helpers";

const def = (kind: string) => kindOf(rbacV1, kind);

const ROLE = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: default}
rules:
- apiGroups: [""]
  resources: [pods, pods/log]
  verbs: [get, watch, list]
- apiGroups: [apps]
  resources: [deployments]
  resourceNames: [web]
  verbs: [get, patch]
`;

const CLUSTER_ROLE = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:metrics-reader"}
rules:
- nonResourceURLs: [/metrics, "/healthz/*"]
  verbs: [get]
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
`;

const AGGREGATED = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring}
aggregationRule:
  clusterRoleSelectors:
  - matchLabels: {rbac.example.com/aggregate-to-monitoring: "true"}
rules: []
`;

/** `kubectl create rolebinding … --dry-run=client -o yaml` (roleRef.apiGroup set, subjects without apiGroup for SA). */
const ROLE_BINDING = `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {creationTimestamp: null, name: read-pods, namespace: default}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects:
- {kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}
- {kind: ServiceAccount, name: default, namespace: default}
`;

const CLUSTER_ROLE_BINDING = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: read-secrets-global}
roleRef: {kind: ClusterRole, name: secret-reader}
subjects:
- {kind: Group, name: manager}
- {kind: ServiceAccount, name: prometheus, namespace: monitoring}
`;

describe("rbac/v1 accept corpus", () => {
  it.each([
    ["Role", ROLE],
    ["ClusterRole with non-resource URLs", CLUSTER_ROLE],
    ["aggregated ClusterRole", AGGREGATED],
    ["RoleBinding", ROLE_BINDING],
    ["ClusterRoleBinding", CLUSTER_ROLE_BINDING],
  ])("%s decodes, defaults and validates cleanly", (_n, yaml) => {
    const obj = load(yaml);
    const { issues, errors } = admit(def(obj.kind), obj);
    expect(issues).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe("rbac/v1 defaults", () => {
  it("roleRef.apiGroup and subject apiGroups as SetDefaults_Subject / RoleBinding", () => {
    const { obj } = admit(def("ClusterRoleBinding"), load(CLUSTER_ROLE_BINDING));
    expect(obj.roleRef.apiGroup).toBe("rbac.authorization.k8s.io");
    expect(obj.subjects).toEqual([
      { kind: "Group", name: "manager", apiGroup: "rbac.authorization.k8s.io" },
      { kind: "ServiceAccount", name: "prometheus", namespace: "monitoring", apiGroup: "" },
    ]);
  });
});

describe("rbac/v1 rejects", () => {
  it.each<[string, string, (o: any) => void, string[]]>([
    ["Role without verbs", ROLE, (o) => delete o.rules[0].verbs, ["rules[0].verbs: Required value: verbs must contain at least one value"]],
    [
      "Role with non-resource URLs",
      ROLE,
      (o) => (o.rules = [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }]),
      ['rules[0].nonResourceURLs: Invalid value: []string{"/metrics"}: namespaced rules cannot apply to non-resource URLs'],
    ],
    [
      "rule mixing resources and URLs",
      CLUSTER_ROLE,
      (o) => (o.rules[0].resources = ["pods"]),
      ['rules[0].nonResourceURLs: Invalid value: []string{"/metrics", "/healthz/*"}: rules cannot apply to both regular resources and non-resource URLs'],
    ],
    [
      "resource rule without groups or resources",
      CLUSTER_ROLE,
      (o) => (o.rules = [{ verbs: ["get"] }]),
      [
        "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
        "rules[0].resources: Required value: resource rules must supply at least one resource",
      ],
    ],
    ["name '..'", ROLE, (o) => (o.metadata.name = ".."), ['metadata.name: Invalid value: "..": may not be \'..\'']],
    [
      "roleRef kind",
      ROLE_BINDING,
      (o) => (o.roleRef.kind = "Deployment"),
      ['roleRef.kind: Unsupported value: "Deployment": supported values: "Role", "ClusterRole"'],
    ],
    [
      "subject kind",
      ROLE_BINDING,
      (o) => (o.subjects = [{ kind: "Robot", name: "r2" }]),
      ['subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"'],
    ],
    [
      "ServiceAccount subject with an apiGroup",
      ROLE_BINDING,
      (o) => (o.subjects = [{ kind: "ServiceAccount", name: "x", apiGroup: "rbac.authorization.k8s.io" }]),
      ['subjects[0].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""'],
    ],
  ])("%s", (_n, yaml, edit, expected) => {
    const obj = load(yaml);
    edit(obj);
    expect(admit(def(obj.kind), obj).errors).toEqual(expected);
  });

  it("ClusterRoleBinding: roleRef must be a ClusterRole, SA subjects need a namespace", () => {
    const obj = load(CLUSTER_ROLE_BINDING);
    obj.roleRef.kind = "Role";
    obj.subjects[1].namespace = "";
    expect(admit(def("ClusterRoleBinding"), obj).errors).toEqual([
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      "subjects[1].namespace: Required value",
    ]);
  });

  it("aggregationRule needs selectors", () => {
    const obj = load(AGGREGATED);
    obj.aggregationRule.clusterRoleSelectors = [];
    expect(admit(def("ClusterRole"), obj).errors).toEqual([
      "aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil",
    ]);
  });

  it.each(["RoleBinding", "ClusterRoleBinding"])("%s: roleRef is immutable, subjects are not", (kind) => {
    const old = stored(def(kind), kind === "RoleBinding" ? ROLE_BINDING : CLUSTER_ROLE_BINDING);
    expect(update(def(kind), old, (o) => o.subjects.pop()).errors).toEqual([]);
    const { errors } = update(def(kind), old, (o) => (o.roleRef.name = "admin"));
    expect(errors).toEqual([
      `roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"${old.roleRef.kind}", Name:"admin"}: cannot change roleRef`,
    ]);
  });
});

describe("rbac/v1 KindDefs", () => {
  it.each([
    ["Role", "roles", true],
    ["ClusterRole", "clusterroles", false],
    ["RoleBinding", "rolebindings", true],
    ["ClusterRoleBinding", "clusterrolebindings", false],
  ])("%s", (kind, resource, namespaced) => {
    expect([def(kind).resource, def(kind).namespaced, def(kind).status, def(kind).generation]).toEqual([resource, namespaced, undefined, undefined]);
  });
});
