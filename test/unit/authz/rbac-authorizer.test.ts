/**
 * The RBAC authorizer over the real Store: Roles and bindings written through the API (as cluster-admin) are
 * decided on at once, a deleted binding stops granting on the very next request, and requests of non-admin
 * identities through the resource path get upstream's 403.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { del, freshNamespace, post, put, get } from "../api/client";
import { rbacAuthorize } from "../../../worker/authz/rbac-authorizer";
import { authorize } from "../../../worker/authz/authorize";
import type { Env } from "../../../worker/env";
import type { Attributes } from "../../../worker/authz/types";
import type { UserInfo } from "../../../worker/authn/user";
import { internalRequest } from "../../../worker/internal-client";
import { registry } from "../../../schema/registry";

const E = env as unknown as Env;
const RBAC = "/apis/rbac.authorization.k8s.io/v1";
let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${n++}`;

/** The first request bootstraps the cluster (namespaces, the RBAC policy): slower than a test's default timeout. */
beforeAll(async () => {
  expect((await get("/api/v1/namespaces/default")).status).toBe(200);
}, 60_000);

const role = (name: string, rules: unknown[]) => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name }, rules });
const clusterRole = (name: string, rules: unknown[]) => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name }, rules });
const binding = (kind: "RoleBinding" | "ClusterRoleBinding", name: string, roleKind: string, roleName: string, subjects: unknown[]) => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind,
  metadata: { name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: roleName },
  subjects,
});

async function created(path: string, body: unknown) {
  const res = await post(path, body);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const podsIn = (user: UserInfo, namespace: string, verb = "get"): Attributes => ({
  user,
  verb,
  resourceRequest: true,
  apiGroup: "",
  apiVersion: "v1",
  resource: "pods",
  namespace,
});

describe("rbacAuthorize over the Store", () => {
  it("grants through a RoleBinding, and stops on the next request once the binding is deleted", async () => {
    const ns = await freshNamespace("rbac");
    const alice: UserInfo = { username: unique("alice"), groups: ["system:authenticated"] };
    await created(`${RBAC}/namespaces/${ns}/roles`, role("pod-reader", [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }]));
    expect(await rbacAuthorize(E, podsIn(alice, ns))).toEqual({ allowed: false, reason: "" });

    await created(`${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "read-pods", "Role", "pod-reader", [{ kind: "User", name: alice.username }]));
    expect(await rbacAuthorize(E, podsIn(alice, ns))).toEqual({
      allowed: true,
      reason: `RBAC: allowed by RoleBinding "read-pods/${ns}" of Role "pod-reader" to User "${alice.username}"`,
    });
    expect((await rbacAuthorize(E, podsIn(alice, ns, "delete"))).allowed).toBe(false);
    expect((await rbacAuthorize(E, podsIn(alice, "default"))).allowed).toBe(false);

    expect((await del(`${RBAC}/namespaces/${ns}/rolebindings/read-pods`)).status).toBe(200);
    expect(await rbacAuthorize(E, podsIn(alice, ns))).toEqual({ allowed: false, reason: "" });
  });

  it("follows an update of the role's rules at once", async () => {
    const ns = await freshNamespace("rbac");
    const bob: UserInfo = { username: unique("bob"), groups: [] };
    const r = await created(`${RBAC}/namespaces/${ns}/roles`, role("r", [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }]));
    await created(`${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "b", "Role", "r", [{ kind: "User", name: bob.username }]));
    expect((await rbacAuthorize(E, podsIn(bob, ns))).allowed).toBe(true);
    const res = await put(`${RBAC}/namespaces/${ns}/roles/r`, { ...r, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["list"] }] });
    expect(res.status, res.text).toBe(200);
    expect((await rbacAuthorize(E, podsIn(bob, ns))).allowed).toBe(false);
    expect((await rbacAuthorize(E, podsIn(bob, ns, "list"))).allowed).toBe(true);
  });

  it("grants a ClusterRole everywhere through a ClusterRoleBinding, to groups and service accounts", async () => {
    const cr = unique("health-reader");
    const group = unique("watchers");
    await created(`${RBAC}/clusterroles`, clusterRole(cr, [
      { nonResourceURLs: ["/healthz", "/healthz/*"], verbs: ["get"] },
      { apiGroups: ["apps"], resources: ["deployments"], verbs: ["watch"] },
    ]));
    await created(`${RBAC}/clusterrolebindings`, binding("ClusterRoleBinding", cr, "ClusterRole", cr, [
      { kind: "Group", name: group },
      { kind: "ServiceAccount", name: "robot", namespace: "kube-system" },
    ]));
    const member: UserInfo = { username: "anyone", groups: [group] };
    expect(await rbacAuthorize(E, { user: member, verb: "get", resourceRequest: false, path: "/healthz/ready" })).toEqual({
      allowed: true,
      reason: `RBAC: allowed by ClusterRoleBinding "${cr}" of ClusterRole "${cr}" to Group "${group}"`,
    });
    const robot: UserInfo = { username: "system:serviceaccount:kube-system:robot", groups: ["system:serviceaccounts"] };
    const watch: Attributes = { user: robot, verb: "watch", resourceRequest: true, apiGroup: "apps", resource: "deployments", namespace: "any" };
    expect(await rbacAuthorize(E, watch)).toEqual({
      allowed: true,
      reason: `RBAC: allowed by ClusterRoleBinding "${cr}" of ClusterRole "${cr}" to ServiceAccount "robot/kube-system"`,
    });
    expect((await rbacAuthorize(E, { ...watch, user: { username: "system:serviceaccount:default:robot", groups: [] } })).allowed).toBe(false);
  });

  it("reports a binding to a missing role in the reason", async () => {
    const ns = await freshNamespace("rbac");
    const carol: UserInfo = { username: unique("carol"), groups: [] };
    await created(`${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "dangling", "ClusterRole", "no-such-role", [{ kind: "User", name: carol.username }]));
    expect(await rbacAuthorize(E, podsIn(carol, ns))).toEqual({
      allowed: false,
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "no-such-role" not found',
    });
  });

  it("system:masters is allowed before RBAC is asked", async () => {
    expect(await authorize(E, podsIn({ username: "root", groups: ["system:masters"] }, "x", "delete"))).toEqual({ allowed: true, reason: "" });
  });
});

describe("resource requests of non-admin identities", () => {
  it("are allowed by their bindings and otherwise get upstream's 403", async () => {
    const ns = await freshNamespace("rbac");
    const dave: UserInfo = { username: unique("dave"), groups: ["system:authenticated"] };
    const list = () => internalRequest(E, registry, dave, "GET", `/api/v1/namespaces/${ns}/configmaps`);
    const denied = await list();
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: `configmaps is forbidden: User "${dave.username}" cannot list resource "configmaps" in API group "" in the namespace "${ns}"`,
      reason: "Forbidden",
      details: { kind: "configmaps" },
      code: 403,
    });

    await created(`${RBAC}/namespaces/${ns}/roles`, role("cm", [{ apiGroups: [""], resources: ["configmaps"], verbs: ["list", "get"] }]));
    await created(`${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "cm", "Role", "cm", [{ kind: "Group", name: "system:authenticated" }]));
    expect((await list()).status).toBe(200);

    const getOne = await internalRequest(E, registry, dave, "DELETE", `/api/v1/namespaces/${ns}/configmaps/x`);
    expect(getOne.status).toBe(403);
    expect(getOne.body.message).toBe(
      `configmaps "x" is forbidden: User "${dave.username}" cannot delete resource "configmaps" in API group "" in the namespace "${ns}"`,
    );
    expect(getOne.body.details).toEqual({ name: "x", kind: "configmaps" });

    expect((await del(`${RBAC}/namespaces/${ns}/rolebindings/cm`)).status).toBe(200);
    expect((await list()).status).toBe(403);
  });

  it("a dangling binding's error is appended to the 403", async () => {
    const ns = await freshNamespace("rbac");
    const erin: UserInfo = { username: unique("erin"), groups: [] };
    await created(`${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "gone", "Role", "gone", [{ kind: "User", name: erin.username }]));
    const res = await internalRequest(E, registry, erin, "GET", `/apis/apps/v1/namespaces/${ns}/deployments/web`);
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      `deployments.apps "web" is forbidden: User "${erin.username}" cannot get resource "deployments" in API group "apps" in the namespace "${ns}": RBAC: role.rbac.authorization.k8s.io "gone" not found`,
    );
    expect(res.body.details).toEqual({ name: "web", group: "apps", kind: "deployments" });
  });

  it("admin reads still work (sanity of the admin path)", async () => {
    expect((await get("/api/v1/namespaces/default")).status).toBe(200);
  });
});
