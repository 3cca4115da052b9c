/** The generated bootstrap policy equals upstream's testdata (rules compared in order, member lists sorted). */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import { bootstrapPolicyObjects, normalizeRule } from "../../../worker/authz/policy";
import {
  EXPECTED_CLUSTER_ROLE_BINDINGS,
  EXPECTED_NAMESPACE_ROLE_BINDINGS,
  EXPECTED_NAMESPACE_ROLES,
  parseRule,
  parseSubject,
  type ExpectedBinding,
  type ExpectedRole,
} from "./bootstrap-expected";
import { EXPECTED_CLUSTER_ROLES } from "./bootstrap-expected-cluster-roles";
import { EXPECTED_CONTROLLER_ROLES } from "./bootstrap-expected-controller-roles";

const objects = bootstrapPolicyObjects();
const ofKind = (kind: string, namespace?: string) =>
  new Map(objects.filter((o) => o.kind === kind && o.metadata.namespace === namespace).map((o) => [o.metadata.name as string, o]));

const clusterRoles = ofKind("ClusterRole");
const clusterRoleBindings = ofKind("ClusterRoleBinding");

const controllerExpectations = Object.fromEntries(
  Object.entries(EXPECTED_CONTROLLER_ROLES).map(([name, e]) => [`system:controller:${name}`, e]),
);
const allClusterRoles: Record<string, ExpectedRole> = { ...EXPECTED_CLUSTER_ROLES, ...controllerExpectations };
const allClusterRoleBindings: Record<string, ExpectedBinding> = {
  ...EXPECTED_CLUSTER_ROLE_BINDINGS,
  ...Object.fromEntries(
    Object.keys(EXPECTED_CONTROLLER_ROLES).map((n) => [`system:controller:${n}`, { role: `system:controller:${n}`, subjects: [`ServiceAccount:kube-system/${n}`] }]),
  ),
};

function expectRole(actual: KubeObject | undefined, want: ExpectedRole): void {
  expect(actual).toBeDefined();
  expect(actual!.metadata.labels).toEqual({ "kubernetes.io/bootstrapping": "rbac-defaults", ...(want.labels ?? {}) });
  expect(actual!.metadata.annotations).toEqual({ "rbac.authorization.kubernetes.io/autoupdate": "true" });
  expect((actual!.rules ?? []).map(normalizeRule)).toEqual((want.rules ?? []).map(parseRule));
  if (want.aggregateTo) {
    expect(actual!.aggregationRule).toEqual({
      clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${want.aggregateTo}`]: "true" } }],
    });
  } else {
    expect(actual!.aggregationRule).toBeUndefined();
  }
}

function expectBinding(actual: KubeObject | undefined, want: ExpectedBinding): void {
  expect(actual).toBeDefined();
  expect(actual!.metadata.labels).toEqual({ "kubernetes.io/bootstrapping": "rbac-defaults" });
  expect(actual!.metadata.annotations).toEqual({ "rbac.authorization.kubernetes.io/autoupdate": "true" });
  expect(actual!.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: want.roleKind ?? "ClusterRole", name: want.role });
  expect(actual!.subjects ?? []).toEqual(want.subjects.map(parseSubject));
}

describe("bootstrap ClusterRoles (testdata/cluster-roles.yaml, controller-roles.yaml)", () => {
  it("has exactly upstream's set of ClusterRoles", () => {
    expect([...clusterRoles.keys()].sort()).toEqual(Object.keys(allClusterRoles).sort());
  });
  it.each(Object.entries(allClusterRoles))("%s", (name, want) => expectRole(clusterRoles.get(name), want));
});

describe("bootstrap ClusterRoleBindings (testdata/cluster-role-bindings.yaml, controller-role-bindings.yaml)", () => {
  it("has exactly upstream's set of ClusterRoleBindings", () => {
    expect([...clusterRoleBindings.keys()].sort()).toEqual(Object.keys(allClusterRoleBindings).sort());
  });
  it.each(Object.entries(allClusterRoleBindings))("%s", (name, want) => expectBinding(clusterRoleBindings.get(name), want));
  it("binds only roles that exist", () => {
    for (const b of clusterRoleBindings.values()) expect(clusterRoles.has(b.roleRef.name)).toBe(true);
  });
});

describe("bootstrap namespaced Roles and RoleBindings (testdata/namespace-roles.yaml, namespace-role-bindings.yaml)", () => {
  const namespaces = [...new Set(objects.filter((o) => o.metadata.namespace).map((o) => o.metadata.namespace))].sort();
  it("bootstraps only kube-system and kube-public", () => {
    expect(namespaces).toEqual(["kube-public", "kube-system"]);
  });
  for (const ns of Object.keys(EXPECTED_NAMESPACE_ROLES)) {
    const roles = ofKind("Role", ns);
    const bindings = ofKind("RoleBinding", ns);
    it(`${ns}: exactly upstream's Roles and RoleBindings`, () => {
      expect([...roles.keys()].sort()).toEqual(Object.keys(EXPECTED_NAMESPACE_ROLES[ns]).sort());
      expect([...bindings.keys()].sort()).toEqual(Object.keys(EXPECTED_NAMESPACE_ROLE_BINDINGS[ns]).sort());
    });
    it.each(Object.entries(EXPECTED_NAMESPACE_ROLES[ns]))(`${ns} Role %s`, (name, want) => expectRole(roles.get(name), want));
    it.each(Object.entries(EXPECTED_NAMESPACE_ROLE_BINDINGS[ns]))(`${ns} RoleBinding %s`, (name, want) =>
      expectBinding(bindings.get(name), want),
    );
  }
});

describe("bootstrap objects", () => {
  it("serialize their members in the Go structs' order", () => {
    expect(Object.keys(clusterRoles.get("view")!)).toEqual(["kind", "apiVersion", "metadata", "aggregationRule"]);
    expect(Object.keys(clusterRoles.get("system:node")!)).toEqual(["kind", "apiVersion", "metadata", "rules"]);
    expect(Object.keys(clusterRoleBindings.get("cluster-admin")!)).toEqual(["kind", "apiVersion", "metadata", "subjects", "roleRef"]);
    expect(Object.keys(clusterRoles.get("system:node")!.rules[0])).toEqual(["verbs", "apiGroups", "resources"]);
  });
  it("are valid API objects", () => {
    for (const o of objects) {
      expect(o.apiVersion).toBe("rbac.authorization.k8s.io/v1");
      for (const r of o.rules ?? []) expect(r.verbs.length).toBeGreaterThan(0);
    }
  });
});
