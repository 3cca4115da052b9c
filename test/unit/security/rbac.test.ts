/**
 * Red team: RBAC gives exactly what a binding says, and nobody writes RBAC objects granting more than they hold
 * — whether by create, update, patch, server-side apply, a changed roleRef, aggregation labels or a `bind`
 * grant in the wrong namespace.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { freshNamespace, get, post } from "../api/client";
import { APPLY, MERGE, RBAC, RBAC_GROUP, as, created, grant, unique } from "./helpers";

const V1 = `${RBAC_GROUP}/v1`;
const role = (kind: "Role" | "ClusterRole", name: string, rules: unknown[], labels?: Record<string, string>) => ({
  apiVersion: V1,
  kind,
  metadata: { name, ...(labels ? { labels } : {}) },
  rules,
});
const binding = (kind: "RoleBinding" | "ClusterRoleBinding", name: string, roleKind: string, roleName: string, user: string) => ({
  apiVersion: V1,
  kind,
  metadata: { name },
  roleRef: { apiGroup: RBAC_GROUP, kind: roleKind, name: roleName },
  subjects: [{ apiGroup: RBAC_GROUP, kind: "User", name: user }],
});
const ESCALATION = /is attempting to grant RBAC permissions not currently held/;

beforeAll(async () => {
  expect((await get("/api/v1/namespaces/default")).status).toBe(200);
}, 60_000);

describe("a RoleBinding to a ClusterRole grants within its namespace only", () => {
  let a: string;
  let b: string;
  const eve = { user: unique("eve") };
  beforeAll(async () => {
    a = await freshNamespace("rb-a");
    b = await freshNamespace("rb-b");
    await created(`${RBAC}/namespaces/${a}/rolebindings`, binding("RoleBinding", "ca", "ClusterRole", "cluster-admin", eve.user));
  });

  it.each([
    ["cluster-scoped nodes", "GET", "/api/v1/nodes", 403],
    ["namespaces list", "GET", "/api/v1/namespaces", 403],
    ["another namespace", "GET", () => `/api/v1/namespaces/${b}/secrets`, 403],
    ["all namespaces", "GET", "/api/v1/secrets", 403],
    ["cluster-wide rolebindings", "GET", `${RBAC}/rolebindings`, 403],
    ["clusterrolebindings", "GET", `${RBAC}/clusterrolebindings`, 403],
    ["another namespace object", "GET", () => `/api/v1/namespaces/${b}`, 403],
    ["another namespace through a nested path", "GET", () => `/api/v1/namespaces/${a}/namespaces/${b}`, 403],
    ["a cluster-scoped kind under its namespace", "GET", () => `/api/v1/namespaces/${a}/nodes`, 404],
    ["a token for another namespace's account", "POST", () => `/api/v1/namespaces/${b}/serviceaccounts/default/token`, 403],
    ["another namespace's status", "PUT", () => `/api/v1/namespaces/${b}/status`, 403],
    ["another namespace's finalize", "PUT", () => `/api/v1/namespaces/${b}/finalize`, 403],
    ["its own namespace's secrets", "GET", () => `/api/v1/namespaces/${a}/secrets`, 200],
  ])("%s", async (_what, method, path, status) => {
    const res = await as(eve, method as string, typeof path === "function" ? path() : (path as string));
    expect(res.status, res.text).toBe(status);
  });

  it("cannot bind itself cluster-wide or in another namespace", async () => {
    const crb = await as(eve, "POST", `${RBAC}/clusterrolebindings`, binding("ClusterRoleBinding", unique("x"), "ClusterRole", "view", eve.user));
    expect(crb.status, crb.text).toBe(403);
    const rb = await as(eve, "POST", `${RBAC}/namespaces/${b}/rolebindings`, binding("RoleBinding", "x", "ClusterRole", "view", eve.user));
    expect(rb.status, rb.text).toBe(403);
  });
});

describe("rule matching is literal", () => {
  it.each([
    ["`*` in resourceNames is a name, not a wildcard", { apiGroups: [""], resources: ["configmaps"], verbs: ["get"], resourceNames: ["*"] }, "configmaps/x", 403],
    ["`pods/*` is not every pod subresource", { apiGroups: [""], resources: ["pods/*"], verbs: ["get"] }, "pods/x/status", 403],
    ["`*/status` is every status", { apiGroups: [""], resources: ["*/status"], verbs: ["get"] }, "pods/x/status", 404],
    ["a named rule does not allow the list", { apiGroups: [""], resources: ["configmaps"], verbs: ["list"], resourceNames: ["x"] }, "configmaps", 403],
  ])("%s", async (_what, rule, target, status) => {
    const ns = await freshNamespace("lit");
    const u = unique("lit");
    await grant(u, [rule], ns);
    const res = await as({ user: u }, "GET", `/api/v1/namespaces/${ns}/${target}`);
    expect(res.status, res.text).toBe(status);
  });

  it("a resource rule without apiGroups is refused (validation), never stored as matching nothing or everything", async () => {
    const ns = await freshNamespace("lit");
    const res = await post(`${RBAC}/namespaces/${ns}/roles`, role("Role", "r", [{ apiGroups: [], resources: ["secrets"], verbs: ["get"] }]));
    expect(res.status, res.text).toBe(422);
    expect(res.body.message).toMatch(/resource rules must supply at least one api group/);
  });
});

describe("escalation through every write", () => {
  /** A user who may write Roles and RoleBindings in `ns` and holds only `get pods` there. */
  async function delegate(ns: string): Promise<{ user: string }> {
    const u = unique("del");
    await grant(u, [
      { apiGroups: [RBAC_GROUP], resources: ["roles", "rolebindings"], verbs: ["create", "update", "patch", "get"] },
      { apiGroups: [""], resources: ["pods"], verbs: ["get"] },
    ], ns);
    return { user: u };
  }
  const wide = [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }];

  it("update, merge patch and server-side apply of an existing Role", async () => {
    const ns = await freshNamespace("esc");
    const eve = await delegate(ns);
    const current = (await created(`${RBAC}/namespaces/${ns}/roles`, role("Role", "r", [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }]))).body;
    const path = `${RBAC}/namespaces/${ns}/roles/r`;
    for (const res of [
      await as(eve, "PUT", path, { ...current, rules: wide }),
      await as(eve, "PATCH", path, { rules: wide }, { contentType: MERGE }),
      await as(eve, "PATCH", `${path}?fieldManager=eve&force=true`, role("Role", "r", wide), { contentType: APPLY }),
    ]) {
      expect(res.status, res.text).toBe(403);
      expect(res.body.message).toMatch(ESCALATION);
    }
    expect((await get(path)).body.rules).toEqual([{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }]);
  });

  it("adding oneself to an existing binding of a stronger role", async () => {
    const ns = await freshNamespace("esc");
    const eve = await delegate(ns);
    const current = (await created(`${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "admins", "ClusterRole", "admin", "someone-else"))).body;
    const res = await as(eve, "PUT", `${RBAC}/namespaces/${ns}/rolebindings/admins`, {
      ...current,
      subjects: [...current.subjects, { apiGroup: RBAC_GROUP, kind: "User", name: eve.user }],
    });
    expect(res.status, res.text).toBe(403);
    expect(res.body.message).toMatch(ESCALATION);
  });

  it("changing a binding's roleRef is refused (immutable), even to a weaker role", async () => {
    const ns = await freshNamespace("esc");
    const eve = await delegate(ns);
    await created(`${RBAC}/namespaces/${ns}/roles`, role("Role", "weak", [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }]));
    await created(`${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "b", "Role", "weak", eve.user));
    const res = await as(eve, "PATCH", `${RBAC}/namespaces/${ns}/rolebindings/b`, { roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: "admin" } }, { contentType: MERGE });
    expect([403, 422], res.text).toContain(res.status);
    expect((await get(`${RBAC}/namespaces/${ns}/rolebindings/b`)).body.roleRef.name).toBe("weak");
  });

  it("`bind` granted in another namespace does not allow binding here", async () => {
    const a = await freshNamespace("esc");
    const b = await freshNamespace("esc");
    const eve = await delegate(a);
    await grant(eve.user, [{ apiGroups: [RBAC_GROUP], resources: ["roles", "clusterroles"], verbs: ["bind"] }], b);
    const res = await as(eve, "POST", `${RBAC}/namespaces/${a}/rolebindings`, binding("RoleBinding", "x", "ClusterRole", "admin", eve.user));
    expect(res.status, res.text).toBe(403);
    const there = await as(eve, "POST", `${RBAC}/namespaces/${b}/rolebindings`, binding("RoleBinding", "x", "ClusterRole", "admin", eve.user));
    // In b it may bind, but it cannot create bindings there at all.
    expect(there.status, there.text).toBe(403);
    expect(there.body.message).toMatch(/cannot create resource "rolebindings"/);
  });

  it("a ClusterRole labelled to aggregate into admin still needs its own rules held", async () => {
    const eve = { user: unique("agg") };
    await grant(eve.user, [{ apiGroups: [RBAC_GROUP], resources: ["clusterroles"], verbs: ["create", "update", "patch", "get"] }]);
    const name = unique("sneaky");
    const res = await as(eve, "POST", `${RBAC}/clusterroles`, role("ClusterRole", name, [{ apiGroups: [""], resources: ["nodes"], verbs: ["delete"] }], {
      "rbac.authorization.k8s.io/aggregate-to-admin": "true",
    }));
    expect(res.status, res.text).toBe(403);
    expect(res.body.message).toMatch(ESCALATION);
    // Labelling an existing stronger ClusterRole for aggregation is the same escalation.
    await created(`${RBAC}/clusterroles`, role("ClusterRole", name, [{ apiGroups: [""], resources: ["nodes"], verbs: ["delete"] }]));
    const label = await as(eve, "PATCH", `${RBAC}/clusterroles/${name}`, { metadata: { labels: { "rbac.authorization.k8s.io/aggregate-to-admin": "true" } } }, { contentType: MERGE });
    expect(label.status, label.text).toBe(403);
    const admin = (await get(`${RBAC}/clusterroles/admin`)).body.rules as { resources?: string[]; verbs?: string[] }[];
    expect(admin.some((r) => r.resources?.includes("nodes") && r.verbs?.includes("delete"))).toBe(false);
  });

  it("an aggregationRule needs cluster-admin", async () => {
    const eve = { user: unique("agg") };
    await grant(eve.user, [{ apiGroups: [RBAC_GROUP], resources: ["clusterroles"], verbs: ["create"] }]);
    const res = await as(eve, "POST", `${RBAC}/clusterroles`, {
      ...role("ClusterRole", unique("collector"), []),
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "rbac.authorization.k8s.io/aggregate-to-admin": "true" } }] },
    });
    expect(res.status, res.text).toBe(403);
    expect(res.body.message).toMatch(/must have cluster-admin privileges to use the aggregationRule|not currently held/);
  });

  it("`bind` on a named ClusterRole allows binding that one only", async () => {
    const ns = await freshNamespace("esc");
    const eve = await delegate(ns);
    await grant(eve.user, [{ apiGroups: [RBAC_GROUP], resources: ["clusterroles"], verbs: ["bind"], resourceNames: ["view"] }], ns);
    const view = await as(eve, "POST", `${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "v", "ClusterRole", "view", eve.user));
    expect(view.status, view.text).toBe(201);
    const admin = await as(eve, "POST", `${RBAC}/namespaces/${ns}/rolebindings`, binding("RoleBinding", "a", "ClusterRole", "admin", eve.user));
    expect(admin.status, admin.text).toBe(403);
  });
});
