/**
 * The pure RBAC evaluator: upstream's rule matching (rbac_test.go TestRuleMatches / TestAuthorizer cases) and
 * the examples of the "Using RBAC Authorization" documentation (resources, subresources, resourceNames,
 * non-resource URLs, subjects), plus the reasons and evaluation errors upstream reports.
 */
import { describe, expect, it } from "vitest";
import type { UserInfo } from "../../../worker/authn/user";
import type { Attributes } from "../../../worker/authz/types";
import {
  aggregateMessage,
  appliesToUser,
  buildRbacIndex,
  rbacDecide,
  ruleAllows,
  rulesFor,
  type PolicyRule,
  type RbacSnapshot,
  type Subject,
} from "../../../worker/authz/rbac";

const user = (username: string, groups: string[] = []): UserInfo => ({ username, groups });
const res = (verb: string, group: string, resource: string, extra: Partial<Attributes> = {}): Attributes => ({
  user: user("u"),
  verb,
  resourceRequest: true,
  apiGroup: group,
  resource,
  ...extra,
});
const url = (verb: string, path: string): Attributes => ({ user: user("u"), verb, resourceRequest: false, path });

describe("ruleAllows (rbac_test.go TestRuleMatches)", () => {
  const cases: [string, PolicyRule, Attributes, boolean][] = [
    ["star verb", { verbs: ["*"], apiGroups: ["group1"], resources: ["resource1"] }, res("verb1", "group1", "resource1"), true],
    ["star verb, other group", { verbs: ["*"], apiGroups: ["group1"], resources: ["resource1"] }, res("verb2", "group2", "resource1"), false],
    ["star verb, other resource", { verbs: ["*"], apiGroups: ["group1"], resources: ["resource1"] }, res("verb2", "group1", "resource2"), false],
    ["star group", { verbs: ["verb1"], apiGroups: ["*"], resources: ["resource1"] }, res("verb1", "group2", "resource1"), true],
    ["star group, other verb", { verbs: ["verb1"], apiGroups: ["*"], resources: ["resource1"] }, res("verb2", "group2", "resource1"), false],
    ["star resource", { verbs: ["verb1"], apiGroups: ["group1"], resources: ["*"] }, res("verb1", "group1", "resource2"), true],
    ["star resource, other group", { verbs: ["verb1"], apiGroups: ["group1"], resources: ["*"] }, res("verb1", "group2", "resource2"), false],
    ["tuple expansion", { verbs: ["verb1", "verb2"], apiGroups: ["group1", "group2"], resources: ["resource1", "resource2"] }, res("verb2", "group2", "resource1"), true],
    ["subresource exact", { verbs: ["*"], apiGroups: ["*"], resources: ["resource1/subresource1"] }, res("verb1", "group1", "resource1", { subresource: "subresource1" }), true],
    ["subresource other", { verbs: ["*"], apiGroups: ["*"], resources: ["resource1/subresource1"] }, res("verb1", "group2", "resource1", { subresource: "subresource2" }), false],
    ["subresource of other resource", { verbs: ["*"], apiGroups: ["*"], resources: ["resource1/subresource1"] }, res("verb1", "group1", "resource2", { subresource: "subresource1" }), false],
    ["star subresource", { verbs: ["*"], apiGroups: ["*"], resources: ["*/subresource1"] }, res("verb1", "group1", "resource2", { subresource: "subresource1" }), true],
    ["star subresource, other sub", { verbs: ["*"], apiGroups: ["*"], resources: ["*/subresource1"] }, res("verb1", "group1", "resource2", { subresource: "subresource2" }), false],
    ["star subresource, main resource", { verbs: ["*"], apiGroups: ["*"], resources: ["*/subresource1"] }, res("verb1", "group1", "resource2"), false],
    ["resource does not grant its subresource", { verbs: ["*"], apiGroups: ["*"], resources: ["pods"] }, res("get", "", "pods", { subresource: "status" }), false],
    ["subresource does not grant its resource", { verbs: ["*"], apiGroups: ["*"], resources: ["pods/status"] }, res("get", "", "pods"), false],
    ["star resource grants subresources", { verbs: ["*"], apiGroups: ["*"], resources: ["*"] }, res("get", "", "pods", { subresource: "log" }), true],
    ["resource names: listed", { verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["my-configmap"] }, res("get", "", "configmaps", { name: "my-configmap" }), true],
    ["resource names: other name", { verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["my-configmap"] }, res("get", "", "configmaps", { name: "other" }), false],
    ["resource names: no name never matches", { verbs: ["list"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["my-configmap"] }, res("list", "", "configmaps"), false],
    ["no resource names: any name", { verbs: ["get"], apiGroups: [""], resources: ["configmaps"] }, res("get", "", "configmaps", { name: "x" }), true],
    ["core group is the empty string", { verbs: ["get"], apiGroups: [""], resources: ["pods"] }, res("get", "apps", "pods"), false],
    ["star nonresource", { verbs: ["verb1"], nonResourceURLs: ["*"] }, url("verb1", "/foo/bar/one"), true],
    ["star nonresource, other verb", { verbs: ["verb1"], nonResourceURLs: ["*"] }, url("verb2", "/foo"), false],
    ["nonresource subpath: parent", { verbs: ["verb1"], nonResourceURLs: ["/foo/*"] }, url("verb1", "/foo"), false],
    ["nonresource subpath: child", { verbs: ["verb1"], nonResourceURLs: ["/foo/*"] }, url("verb1", "/foo/bar"), true],
    ["nonresource subpath: grandchild", { verbs: ["verb1"], nonResourceURLs: ["/foo/*"] }, url("verb1", "/foo/bar/one"), true],
    ["nonresource exact", { verbs: ["get"], nonResourceURLs: ["/healthz"] }, url("get", "/healthz"), true],
    ["nonresource exact, child", { verbs: ["get"], nonResourceURLs: ["/healthz"] }, url("get", "/healthz/etcd"), false],
    ["nonresource prefix without slash", { verbs: ["get"], nonResourceURLs: ["/healthz*"] }, url("get", "/healthzz"), true],
    ["nonresource rule vs resource request", { verbs: ["*"], nonResourceURLs: ["*"] }, res("get", "", "pods"), false],
    ["resource rule vs nonresource request", { verbs: ["*"], apiGroups: ["*"], resources: ["*"] }, url("get", "/api"), false],
    ["verbs are case sensitive", { verbs: ["get"], apiGroups: ["*"], resources: ["*"] }, res("GET", "", "pods"), false],
  ];
  it.each(cases)("%s", (_name, rule, a, expected) => {
    expect(ruleAllows(a, rule)).toBe(expected);
  });
});

describe("appliesToUser (subjects examples of the RBAC documentation)", () => {
  const sa = user("system:serviceaccount:kube-system:default", ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]);
  const cases: [string, Subject, UserInfo, string, boolean][] = [
    ["user by name", { kind: "User", name: "alice@example.com" }, user("alice@example.com"), "", true],
    ["user by other name", { kind: "User", name: "alice@example.com" }, user("bob"), "", false],
    ["group", { kind: "Group", name: "frontend-admins" }, user("bob", ["frontend-admins"]), "", true],
    ["group not held", { kind: "Group", name: "frontend-admins" }, user("bob", ["backend"]), "", false],
    ["service account with namespace", { kind: "ServiceAccount", name: "default", namespace: "kube-system" }, sa, "", true],
    ["service account, other namespace", { kind: "ServiceAccount", name: "default", namespace: "qa" }, sa, "", false],
    ["service account defaults to the binding's namespace", { kind: "ServiceAccount", name: "default" }, sa, "kube-system", true],
    ["service account without any namespace", { kind: "ServiceAccount", name: "default" }, sa, "", false],
    ["all service accounts of a namespace", { kind: "Group", name: "system:serviceaccounts:kube-system" }, sa, "", true],
    ["all service accounts", { kind: "Group", name: "system:serviceaccounts" }, sa, "", true],
    ["all authenticated", { kind: "Group", name: "system:authenticated" }, sa, "", true],
    ["unauthenticated", { kind: "Group", name: "system:unauthenticated" }, user("system:anonymous", ["system:unauthenticated"]), "", true],
    ["a user named like a service account", { kind: "User", name: "system:serviceaccount:kube-system:default" }, sa, "", true],
    ["unknown kind", { kind: "Robot", name: "bob" }, user("bob"), "", false],
  ];
  it.each(cases)("%s", (_name, subject, u, ns, expected) => {
    expect(appliesToUser(u, subject, ns)).toBe(expected);
  });
});

const rb = (ns: string, name: string, kind: string, role: string, subjects: Subject[]) => ({
  kind: "RoleBinding",
  metadata: { name, namespace: ns },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind, name: role },
  subjects,
});
const crb = (name: string, role: string, subjects: Subject[]) => ({
  kind: "ClusterRoleBinding",
  metadata: { name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
  subjects,
});

/** The documentation's examples: pod-reader, secret-reader, read-pods, read-secrets, read-secrets-global, … */
const docs: RbacSnapshot = {
  roles: [{ kind: "Role", metadata: { namespace: "default", name: "pod-reader" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "watch", "list"] }] }],
  clusterRoles: [
    { kind: "ClusterRole", metadata: { name: "secret-reader" }, rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "watch", "list"] }] },
    { kind: "ClusterRole", metadata: { name: "pod-and-pod-logs-reader" }, rules: [{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list"] }] },
    { kind: "ClusterRole", metadata: { name: "configmap-updater" }, rules: [{ apiGroups: [""], resources: ["configmaps"], resourceNames: ["my-configmap"], verbs: ["update", "get"] }] },
    { kind: "ClusterRole", metadata: { name: "health" }, rules: [{ nonResourceURLs: ["/healthz", "/healthz/*"], verbs: ["get", "post"] }] },
  ],
  roleBindings: [
    rb("default", "read-pods", "Role", "pod-reader", [{ kind: "User", name: "jane", apiGroup: "rbac.authorization.k8s.io" }]),
    rb("development", "read-secrets", "ClusterRole", "secret-reader", [{ kind: "User", name: "dave" }]),
    rb("default", "logs", "ClusterRole", "pod-and-pod-logs-reader", [{ kind: "ServiceAccount", name: "logger" }]),
    rb("default", "cm", "ClusterRole", "configmap-updater", [{ kind: "Group", name: "editors" }]),
  ],
  clusterRoleBindings: [
    crb("read-secrets-global", "secret-reader", [{ kind: "User", name: "bob" }, { kind: "Group", name: "manager" }]),
    crb("health", "health", [{ kind: "Group", name: "system:authenticated" }]),
  ],
};

describe("rbacDecide over the documentation's Roles and bindings", () => {
  const index = buildRbacIndex(docs);
  const cases: [string, Attributes, boolean, string][] = [
    ["jane reads pods in default", res("get", "", "pods", { user: user("jane"), namespace: "default" }), true, 'RBAC: allowed by RoleBinding "read-pods/default" of Role "pod-reader" to User "jane"'],
    ["jane cannot read pods elsewhere", res("get", "", "pods", { user: user("jane"), namespace: "dev" }), false, ""],
    ["jane cannot delete pods", res("delete", "", "pods", { user: user("jane"), namespace: "default" }), false, ""],
    ["dave reads secrets in development only", res("list", "", "secrets", { user: user("dave"), namespace: "development" }), true, 'RBAC: allowed by RoleBinding "read-secrets/development" of ClusterRole "secret-reader" to User "dave"'],
    ["dave cannot read secrets cluster-wide", res("list", "", "secrets", { user: user("dave") }), false, ""],
    ["a group member reads secrets everywhere", res("get", "", "secrets", { user: user("carol", ["manager"]), namespace: "x" }), true, 'RBAC: allowed by ClusterRoleBinding "read-secrets-global" of ClusterRole "secret-reader" to Group "manager"'],
    ["bob, first subject", res("watch", "", "secrets", { user: user("bob", ["manager"]) }), true, 'RBAC: allowed by ClusterRoleBinding "read-secrets-global" of ClusterRole "secret-reader" to User "bob"'],
    ["service account reads pod logs", res("get", "", "pods", { user: user("system:serviceaccount:default:logger"), namespace: "default", subresource: "log" }), true, 'RBAC: allowed by RoleBinding "logs/default" of ClusterRole "pod-and-pod-logs-reader" to ServiceAccount "logger/default"'],
    ["named configmap", res("update", "", "configmaps", { user: user("e", ["editors"]), namespace: "default", name: "my-configmap" }), true, 'RBAC: allowed by RoleBinding "cm/default" of ClusterRole "configmap-updater" to Group "editors"'],
    ["other configmap", res("update", "", "configmaps", { user: user("e", ["editors"]), namespace: "default", name: "other" }), false, ""],
    ["configmap list (no name)", res("list", "", "configmaps", { user: user("e", ["editors"]), namespace: "default" }), false, ""],
    ["health URL", { ...url("get", "/healthz/etcd"), user: user("x", ["system:authenticated"]) }, true, 'RBAC: allowed by ClusterRoleBinding "health" of ClusterRole "health" to Group "system:authenticated"'],
    ["health URL, anonymous", { ...url("get", "/healthz"), user: user("system:anonymous", ["system:unauthenticated"]) }, false, ""],
  ];
  it.each(cases)("%s", (_name, a, allowed, reason) => {
    expect(rbacDecide(index, a)).toEqual({ allowed, reason });
  });
});

describe("evaluation errors", () => {
  const snap: RbacSnapshot = {
    roles: [],
    clusterRoles: [{ kind: "ClusterRole", metadata: { name: "view" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }] }],
    roleBindings: [rb("ns1", "missing-role", "Role", "ghost", [{ kind: "User", name: "alice" }])],
    clusterRoleBindings: [
      crb("a-missing", "nope", [{ kind: "User", name: "alice" }]),
      crb("b-view", "view", [{ kind: "User", name: "alice" }]),
      crb("c-missing-again", "nope", [{ kind: "Group", name: "g" }]),
    ],
  };
  const index = buildRbacIndex(snap);

  it("a missing role is reported in the denial's reason, never as a denial by itself", () => {
    expect(rbacDecide(index, res("list", "", "secrets", { user: user("alice"), namespace: "ns1" }))).toEqual({
      allowed: false,
      reason: 'RBAC: [clusterrole.rbac.authorization.k8s.io "nope" not found, role.rbac.authorization.k8s.io "ghost" not found]',
    });
    expect(rbacDecide(index, res("get", "", "pods", { user: user("alice"), namespace: "ns1" }))).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "b-view" of ClusterRole "view" to User "alice"',
    });
  });

  it("the same error twice is reported once, without brackets", () => {
    expect(rbacDecide(index, res("list", "", "secrets", { user: user("alice", ["g"]) })).reason).toBe('RBAC: clusterrole.rbac.authorization.k8s.io "nope" not found');
  });

  it("users no binding names get an empty reason", () => {
    expect(rbacDecide(index, res("get", "", "pods", { user: user("mallory") }))).toEqual({ allowed: false, reason: "" });
  });

  it("rulesFor returns the rules it could resolve and the references it could not", () => {
    const { rules, errors } = rulesFor(index, user("alice"), "ns1");
    expect(rules).toEqual([{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }]);
    expect(errors).toEqual([{ kind: "ClusterRole", name: "nope" }, { kind: "Role", name: "ghost" }]);
    expect(rulesFor(index, user("alice"), "").errors).toEqual([{ kind: "ClusterRole", name: "nope" }]);
  });

  it.each([
    [[], ""],
    [["a"], "a"],
    [["a", "b"], "[a, b]"],
    [["a", "a"], "a"],
    [["a", "b", "a"], "[a, b]"],
  ])("aggregateMessage(%j) = %j", (msgs, want) => {
    expect(aggregateMessage(msgs)).toBe(want);
  });
});

describe("rbac_test.go TestAuthorizer", () => {
  const admin: RbacSnapshot = {
    roles: [],
    clusterRoles: [{ kind: "ClusterRole", metadata: { name: "admin" }, rules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"], nonResourceURLs: ["*"] }] }],
    roleBindings: [rb("ns1", "b", "ClusterRole", "admin", [{ kind: "User", name: "admin" }, { kind: "Group", name: "admins" }])],
    clusterRoleBindings: [],
  };
  const index = buildRbacIndex(admin);
  it.each([
    ["admin", [], "get", "Pods", "ns1", true],
    ["admin", [], "watch", "Pods", "ns1", true],
    ["admin", ["group1"], "watch", "Foobar", "ns1", true],
    ["joe", ["admins"], "watch", "Foobar", "ns1", true],
    ["joe", ["group1", "admins"], "watch", "Foobar", "ns1", true],
    ["admin", [], "GET", "Pods", "ns2", false],
    ["admin", [], "GET", "Nodes", "", false],
    ["admin", ["admins"], "GET", "Pods", "ns2", false],
    ["admin", ["admins"], "GET", "Nodes", "", false],
  ] as [string, string[], string, string, string, boolean][])("%s %j %s %s in %j → %s", (name, groups, verb, resource, ns, allowed) => {
    const a = res(verb, "", resource, { user: user(name, groups), ...(ns ? { namespace: ns } : {}) });
    expect(rbacDecide(index, a).allowed).toBe(allowed);
  });
});
