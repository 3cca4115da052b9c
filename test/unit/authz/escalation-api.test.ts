/**
 * RBAC escalation prevention (upstream's policybased storages, our RBACEscalation plugin): non-admin users
 * writing Roles and bindings through the API, plus the pure decision functions.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { freshNamespace, post, get } from "../api/client";
import type { Env } from "../../../worker/env";
import type { UserInfo } from "../../../worker/authn/user";
import { internalRequest } from "../../../worker/internal-client";
import { registry } from "../../../schema/registry";
import { buildRbacIndex, type PolicyRule } from "../../../worker/authz/rbac";
import { confirmNoEscalation, onlyGCFieldsChanged, roleEscalation } from "../../../worker/admission/rbac-escalation";

const E = env as unknown as Env;
const RBAC = "/apis/rbac.authorization.k8s.io/v1";
const GROUP = "rbac.authorization.k8s.io";
let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${n++}`;

/** The first request bootstraps the cluster (namespaces, the RBAC policy): slower than a test's default timeout. */
beforeAll(async () => {
  expect((await get("/api/v1/namespaces/default")).status).toBe(200);
}, 60_000);

async function created(path: string, body: unknown) {
  const res = await post(path, body);
  expect(res.status, res.text).toBe(201);
  return res.body;
}
const role = (kind: "Role" | "ClusterRole", name: string, rules: unknown[], extra: Record<string, unknown> = {}) => ({
  apiVersion: `${GROUP}/v1`,
  kind,
  metadata: { name },
  rules,
  ...extra,
});
const binding = (kind: "RoleBinding" | "ClusterRoleBinding", name: string, roleKind: string, roleName: string, subjects: unknown[]) => ({
  apiVersion: `${GROUP}/v1`,
  kind,
  metadata: { name },
  roleRef: { apiGroup: GROUP, kind: roleKind, name: roleName },
  subjects,
});

/** A namespace where `user` may manage Roles and RoleBindings and may read pods — and nothing else. */
async function delegate(user: UserInfo): Promise<string> {
  const ns = await freshNamespace("esc");
  await created(`${RBAC}/namespaces/${ns}/roles`, role("Role", "delegate", [
    { apiGroups: [GROUP], resources: ["roles", "rolebindings"], verbs: ["create", "update", "get"] },
    { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
  ]));
  await created(`${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "delegate", "Role", "delegate", [{ kind: "User", name: user.username }]));
  return ns;
}

const as = (user: UserInfo, method: string, path: string, body?: unknown) => internalRequest(E, registry, user, method, path, body);

describe("Roles", () => {
  it("a user may write a Role with rules it holds, not more", async () => {
    const alice: UserInfo = { username: unique("alice"), groups: ["team", "system:authenticated"] };
    const ns = await delegate(alice);
    const ok = await as(alice, "POST", `${RBAC}/namespaces/${ns}/roles`, role("Role", "reader", [{ apiGroups: [""], resources: ["pods"], verbs: ["list"] }]));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);

    const res = await as(alice, "POST", `${RBAC}/namespaces/${ns}/roles`, role("Role", "escalator", [
      { apiGroups: [""], resources: ["pods", "secrets"], verbs: ["get", "delete"] },
    ]));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message:
        `roles.${GROUP} "escalator" is forbidden: user "${alice.username}" (groups=["team" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n` +
        `{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}\n` +
        `{APIGroups:[""], Resources:["secrets"], Verbs:["get" "delete"]}`,
      reason: "Forbidden",
      details: { name: "escalator", group: GROUP, kind: "roles" },
      code: 403,
    });
  });

  it("the escalate verb lifts the check", async () => {
    const bob: UserInfo = { username: unique("bob"), groups: [] };
    const ns = await delegate(bob);
    await created(`${RBAC}/namespaces/${ns}/roles`, role("Role", "escalate", [{ apiGroups: [GROUP], resources: ["roles"], verbs: ["escalate"] }]));
    await created(`${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "escalate", "Role", "escalate", [{ kind: "User", name: bob.username }]));
    const res = await as(bob, "POST", `${RBAC}/namespaces/${ns}/roles`, role("Role", "anything", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it("an update of finalizers only is allowed; an update of rules is checked", async () => {
    const carol: UserInfo = { username: unique("carol"), groups: [] };
    const ns = await delegate(carol);
    const stored = await created(`${RBAC}/namespaces/${ns}/roles`, role("Role", "powerful", [{ apiGroups: [""], resources: ["secrets"], verbs: ["*"] }]));
    const withFinalizer = { ...stored, metadata: { ...stored.metadata, finalizers: ["example.com/keep"] } };
    const fin = await as(carol, "PUT", `${RBAC}/namespaces/${ns}/roles/powerful`, withFinalizer);
    expect(fin.status, JSON.stringify(fin.body)).toBe(200);
    const rules = await as(carol, "PUT", `${RBAC}/namespaces/${ns}/roles/powerful`, { ...fin.body, rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }] });
    expect(rules.status).toBe(403);
    expect(rules.body.message).toContain(`roles.${GROUP} "powerful" is forbidden: user "${carol.username}" (groups=[]) is attempting to grant`);
  });
});

describe("ClusterRoles", () => {
  it("an aggregationRule needs cluster-admin privileges", async () => {
    const dora: UserInfo = { username: unique("dora"), groups: [] };
    const cr = unique("cr-writer");
    await created(`${RBAC}/clusterroles`, role("ClusterRole", cr, [{ apiGroups: [GROUP], resources: ["clusterroles"], verbs: ["create"] }]));
    await created(`${RBAC}/clusterrolebindings`, binding("ClusterRoleBinding", cr, "ClusterRole", cr, [{ kind: "User", name: dora.username }]));
    const plain = await as(dora, "POST", `${RBAC}/clusterroles`, role("ClusterRole", unique("sub"), [{ apiGroups: [GROUP], resources: ["clusterroles"], verbs: ["create"] }]));
    expect(plain.status, JSON.stringify(plain.body)).toBe(201);
    const name = unique("agg");
    const agg = await as(dora, "POST", `${RBAC}/clusterroles`, role("ClusterRole", name, [], {
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "example.com/aggregate": "true" } }] },
    }));
    expect(agg.status).toBe(403);
    expect(agg.body.message).toBe(`clusterroles.${GROUP} "${name}" is forbidden: must have cluster-admin privileges to use the aggregationRule`);
  });
});

describe("bindings", () => {
  it("binding a role the user does not hold is refused; `bind` on that role name allows it", async () => {
    const erin: UserInfo = { username: unique("erin"), groups: [] };
    const ns = await delegate(erin);
    const admin = unique("ns-admin");
    await created(`${RBAC}/clusterroles`, role("ClusterRole", admin, [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]));
    const rb = binding("RoleBinding", "to-admin", "ClusterRole", admin, [{ kind: "User", name: "someone" }]);
    const denied = await as(erin, "POST", `${RBAC}/namespaces/${ns}/rolebindings`, rb);
    expect(denied.status).toBe(403);
    expect(denied.body.message).toBe(
      `rolebindings.${GROUP} "to-admin" is forbidden: user "${erin.username}" (groups=[]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:["*"], Resources:["*"], Verbs:["*"]}`,
    );
    expect(denied.body.details).toEqual({ name: "to-admin", group: GROUP, kind: "rolebindings" });

    await created(`${RBAC}/namespaces/${ns}/roles`, role("Role", "binder", [{ apiGroups: [GROUP], resources: ["clusterroles"], verbs: ["bind"], resourceNames: [admin] }]));
    await created(`${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "binder", "Role", "binder", [{ kind: "User", name: erin.username }]));
    const allowed = await as(erin, "POST", `${RBAC}/namespaces/${ns}/rolebindings`, rb);
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(201);
  });

  it("binding a role whose permissions the user holds is allowed", async () => {
    const fred: UserInfo = { username: unique("fred"), groups: [] };
    const ns = await delegate(fred);
    await created(`${RBAC}/namespaces/${ns}/roles`, role("Role", "pod-lister", [{ apiGroups: [""], resources: ["pods"], verbs: ["list"] }]));
    const res = await as(fred, "POST", `${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "share", "Role", "pod-lister", [{ kind: "User", name: "friend" }]));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it("binding a missing role is 404 without `bind`, allowed with it", async () => {
    const gus: UserInfo = { username: unique("gus"), groups: [] };
    const ns = await delegate(gus);
    const rb = binding("RoleBinding", "ghost", "Role", "ghost", [{ kind: "User", name: "x" }]);
    const res = await as(gus, "POST", `${RBAC}/namespaces/${ns}/rolebindings`, rb);
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(`roles.${GROUP} "ghost" not found`);
    expect(res.body.details).toEqual({ name: "ghost", group: GROUP, kind: "roles" });
    await created(`${RBAC}/namespaces/${ns}/roles`, role("Role", "bind-any", [{ apiGroups: [GROUP], resources: ["roles"], verbs: ["bind"] }]));
    await created(`${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "bind-any", "Role", "bind-any", [{ kind: "User", name: gus.username }]));
    expect((await as(gus, "POST", `${RBAC}/namespaces/${ns}/rolebindings`, rb)).status).toBe(201);
  });

  it("a ClusterRoleBinding needs the permissions cluster-wide", async () => {
    const hana: UserInfo = { username: unique("hana"), groups: [] };
    const ns = await delegate(hana);
    const crbWriter = unique("crb-writer");
    await created(`${RBAC}/clusterroles`, role("ClusterRole", crbWriter, [{ apiGroups: [GROUP], resources: ["clusterrolebindings"], verbs: ["create"] }]));
    await created(`${RBAC}/clusterrolebindings`, binding("ClusterRoleBinding", crbWriter, "ClusterRole", crbWriter, [{ kind: "User", name: hana.username }]));
    const podReader = unique("pod-reader");
    await created(`${RBAC}/clusterroles`, role("ClusterRole", podReader, [{ apiGroups: [""], resources: ["pods"], verbs: ["list"] }]));
    // hana may list pods in her namespace only: not enough to grant it cluster-wide.
    const res = await as(hana, "POST", `${RBAC}/clusterrolebindings`, binding("ClusterRoleBinding", unique("crb"), "ClusterRole", podReader, [{ kind: "User", name: "x" }]));
    expect(res.status).toBe(403);
    expect(res.body.message).toContain(`is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["list"]}`);
    void ns;
  });
});

describe("pure decisions", () => {
  const index = buildRbacIndex({
    roles: [{ kind: "Role", metadata: { namespace: "ns", name: "r" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }] }],
    clusterRoles: [{ kind: "ClusterRole", metadata: { name: "all" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { nonResourceURLs: ["*"], verbs: ["*"] }] }],
    roleBindings: [
      { kind: "RoleBinding", metadata: { namespace: "ns", name: "b" }, roleRef: { kind: "Role", name: "r" }, subjects: [{ kind: "User", name: "u" }] },
      { kind: "RoleBinding", metadata: { namespace: "ns", name: "bad" }, roleRef: { kind: "Role", name: "missing" }, subjects: [{ kind: "User", name: "u" }] },
    ],
    clusterRoleBindings: [{ kind: "ClusterRoleBinding", metadata: { name: "root" }, roleRef: { kind: "ClusterRole", name: "all" }, subjects: [{ kind: "User", name: "root" }] }],
  });
  const u: UserInfo = { username: "u", groups: [] };
  const root: UserInfo = { username: "root", groups: [] };

  it.each<[string, UserInfo, string, PolicyRule[], boolean]>([
    ["covered in its namespace", u, "ns", [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }], true],
    ["not covered elsewhere", u, "other", [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }], false],
    ["full authority covers anything", root, "", [{ nonResourceURLs: ["/x"], verbs: ["get"] }], true],
  ])("confirmNoEscalation: %s", (_name, user, ns, rules, allowed) => {
    expect(confirmNoEscalation(index, user, ns, rules).allowed).toBe(allowed);
  });

  it("reports the user's unresolvable references in the registry's wording", () => {
    expect(confirmNoEscalation(index, u, "ns", [{ apiGroups: [""], resources: ["pods"], verbs: ["delete"] }])).toEqual({
      allowed: false,
      message: `user "u" (groups=[]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}; resolution errors: [roles.${GROUP} "missing" not found]`,
    });
  });

  it("roleEscalation: aggregation needs full authority, also to remove it", () => {
    const agg = { metadata: { name: "a" }, rules: [], aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: "b" } }] } };
    expect(roleEscalation(index, u, "", agg)).toEqual({ allowed: false, message: "must have cluster-admin privileges to use the aggregationRule" });
    expect(roleEscalation(index, u, "", { metadata: { name: "a" }, rules: [] }, { ...agg, metadata: { name: "a", labels: { x: "y" } } })).toEqual({
      allowed: false,
      message: "must have cluster-admin privileges to use the aggregationRule",
    });
    expect(roleEscalation(index, root, "", agg)).toEqual({ allowed: true });
  });

  it.each([
    ["finalizers added", { finalizers: ["f"] }, true],
    ["ownerReferences added", { ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "o", uid: "1" }] }, true],
    ["resourceVersion and managedFields", { resourceVersion: "9", managedFields: [{ manager: "m" }] }, true],
    ["labels changed", { labels: { a: "b" } }, false],
  ])("onlyGCFieldsChanged: %s", (_name, meta, expected) => {
    const old = { kind: "Role", metadata: { name: "r", namespace: "ns", resourceVersion: "1" }, rules: [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }] };
    expect(onlyGCFieldsChanged({ ...old, metadata: { ...old.metadata, ...meta } }, old)).toBe(expected);
    expect(onlyGCFieldsChanged({ ...old, rules: [] }, old)).toBe(false);
  });
});
