/**
 * Impersonation through the real Worker: the admin (system:masters) may impersonate anything; a static-token
 * user without grants may not (403 worded as upstream); grants through RBAC (ClusterRole with the
 * `impersonate` verb, resourceNames, `userextras/<key>`) open exactly what they name.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, TOKEN, call, get, post } from "../api/client";

const SSR = "/apis/authentication.k8s.io/v1/selfsubjectreviews";
const ssrBody = { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" };

beforeAll(async () => {
  await get("/livez"); // the first request bootstraps the cluster
}, 60_000);

const whoami = (headers: Record<string, string>, token?: string | null) => post(SSR, ssrBody, { headers, token });

/** The user a request acts as, from the 403 for listing secrets cluster-wide (granted to no default role). */
async function actingUserOf(headers: Record<string, string>, token: string): Promise<string> {
  const res = await call("GET", "/api/v1/secrets", undefined, { headers, token });
  expect(res.status, res.text).toBe(403);
  expect(res.body.message).toMatch(/^secrets is forbidden: /);
  return /User "([^"]*)"/.exec(res.body.message)![1];
}

describe("the admin impersonates", () => {
  it("a user in system:masters, with uid and extra (Impersonate-Extra key lower-cased and percent-decoded)", async () => {
    const res = await whoami({
      "Impersonate-User": "bob",
      "Impersonate-Group": "system:masters",
      "Impersonate-Uid": "u-42",
      "Impersonate-Extra-Scopes": "view",
      "Impersonate-Extra-Example.com%2FTeam": "blue",
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status.userInfo).toEqual({
      username: "bob",
      uid: "u-42",
      groups: ["system:masters", "system:authenticated"],
      extra: { scopes: ["view"], "example.com/team": ["blue"] },
    });
  });

  it("repeated Impersonate-Group headers are groups in order", async () => {
    const headers = new Headers({ Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" });
    headers.append("Impersonate-User", "bob");
    headers.append("Impersonate-Group", "system:masters");
    headers.append("Impersonate-Group", "devs");
    const res = await SELF.fetch(BASE + SSR, { method: "POST", headers, body: JSON.stringify(ssrBody) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { status: { userInfo: { groups: string[] } } };
    expect(body.status.userInfo.groups).toEqual(["system:masters", "devs", "system:authenticated"]);
  });

  it("a user, who then is that user for authorization (no longer system:masters)", async () => {
    expect(await actingUserOf({ "Impersonate-User": "bob" }, "test-admin-token")).toBe("bob");
  });

  // Needs the default RBAC policy: system:basic-user lets system:authenticated create selfsubjectreviews.
  it("bob in devs (kubectl auth whoami --as bob --as-group devs)", async () => {
    const res = await whoami({ "Impersonate-User": "bob", "Impersonate-Group": "devs" });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status.userInfo).toEqual({ username: "bob", groups: ["devs", "system:authenticated"] });
  });

  // Needs the default RBAC policy (as above).
  it("a service account, which gets its groups when none are given", async () => {
    const res = await whoami({ "Impersonate-User": "system:serviceaccount:ns1:builder" });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status.userInfo).toEqual({
      username: "system:serviceaccount:ns1:builder",
      groups: ["system:serviceaccounts", "system:serviceaccounts:ns1", "system:authenticated"],
    });
  });
});

describe("refused impersonation", () => {
  it.each([
    [
      "a user",
      { "Impersonate-User": "bob" },
      'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope',
      { name: "bob", kind: "users" },
    ],
    [
      "a service account",
      { "Impersonate-User": "system:serviceaccount:ns1:builder" },
      'serviceaccounts "builder" is forbidden: User "alice" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "ns1"',
      { name: "builder", kind: "serviceaccounts" },
    ],
  ])("a static-token user without grants impersonating %s → 403", async (_name, headers, message, details) => {
    const res = await whoami(headers, "alice-token");
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason: "Forbidden", details, code: 403 });
  });

  it("anonymous → 403 naming system:anonymous", async () => {
    const res = await whoami({ "Impersonate-User": "bob" }, null);
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('users "bob" is forbidden: User "system:anonymous" cannot impersonate resource "users" in API group "" at the cluster scope');
  });

  it("a group without a user → 400, even for the admin", async () => {
    const res = await whoami({ "Impersonate-Group": "devs" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ reason: "BadRequest", message: "requested [{Group  devs    }] without impersonating a user", code: 400 });
  });

  it("an unknown token is 401 before impersonation is considered", async () => {
    expect((await whoami({ "Impersonate-User": "bob" }, "nope")).status).toBe(401);
  });
});

// These need RBAC evaluation (worker/authz/rbac-authorizer.ts) to pass.
describe("impersonation granted through RBAC", () => {
  const suffix = Date.now().toString(36);

  async function grant(name: string, rules: unknown[]) {
    const role = await post("/apis/rbac.authorization.k8s.io/v1/clusterroles", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: `${name}-${suffix}` },
      rules,
    });
    expect(role.status, role.text).toBe(201);
    const binding = await post("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: `${name}-${suffix}` },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `${name}-${suffix}` },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice" }],
    });
    expect(binding.status, binding.text).toBe(201);
  }

  it("resourceNames limit who may be impersonated; groups and extra need their own grants", async () => {
    await grant("impersonate-bob", [
      { apiGroups: [""], resources: ["users"], verbs: ["impersonate"], resourceNames: ["bob"] },
      { apiGroups: ["authentication.k8s.io"], resources: ["userextras/scopes"], verbs: ["impersonate"] },
    ]);
    expect(await actingUserOf({ "Impersonate-User": "bob" }, "alice-token")).toBe("bob");
    expect(await actingUserOf({ "Impersonate-User": "bob", "Impersonate-Extra-Scopes": "view" }, "alice-token")).toBe("bob");

    const carol = await whoami({ "Impersonate-User": "carol" }, "alice-token");
    expect(carol.status).toBe(403);
    expect(carol.body.message).toBe('users "carol" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope');

    const group = await whoami({ "Impersonate-User": "bob", "Impersonate-Group": "devs" }, "alice-token");
    expect(group.status).toBe(403);
    expect(group.body.message).toBe('groups "devs" is forbidden: User "alice" cannot impersonate resource "groups" in API group "" at the cluster scope');

    const extra = await whoami({ "Impersonate-User": "bob", "Impersonate-Extra-Team": "blue" }, "alice-token");
    expect(extra.status).toBe(403);
    expect(extra.body).toMatchObject({
      message:
        'userextras.authentication.k8s.io "blue" is forbidden: User "alice" cannot impersonate resource "userextras/team" in API group "authentication.k8s.io" at the cluster scope',
      details: { name: "blue", group: "authentication.k8s.io", kind: "userextras" },
    });

    const uid = await whoami({ "Impersonate-User": "bob", "Impersonate-Uid": "7" }, "alice-token");
    expect(uid.status).toBe(403);
    expect(uid.body.message).toBe('uids.authentication.k8s.io "7" is forbidden: User "alice" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope');
  });

  it("a service account is granted per namespace", async () => {
    const ns = `imp-${suffix}`;
    const created = await post("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    expect(created.status, created.text).toBe(201);
    const role = await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "impersonate-sa" },
      rules: [{ apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] }],
    });
    expect(role.status, role.text).toBe(201);
    const binding = await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "impersonate-sa" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "impersonate-sa" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice" }],
    });
    expect(binding.status, binding.text).toBe(201);
    expect(await actingUserOf({ "Impersonate-User": `system:serviceaccount:${ns}:builder` }, "alice-token")).toBe(`system:serviceaccount:${ns}:builder`);
    const other = await whoami({ "Impersonate-User": "system:serviceaccount:default:builder" }, "alice-token");
    expect(other.status).toBe(403);
  });
});
