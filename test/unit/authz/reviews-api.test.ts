/**
 * The access reviews through the API: SubjectAccessReview and LocalSubjectAccessReview asked by the admin
 * about other users, SelfSubjectAccessReview and SelfSubjectRulesReview asked by non-admin identities, and
 * upstream's validation errors.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { freshNamespace, post, get } from "../api/client";
import type { Env } from "../../../worker/env";
import type { UserInfo } from "../../../worker/authn/user";
import { internalRequest } from "../../../worker/internal-client";
import { registry } from "../../../schema/registry";

const E = env as unknown as Env;
const RBAC = "/apis/rbac.authorization.k8s.io/v1";
const AUTHZ = "/apis/authorization.k8s.io/v1";
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

/** A namespace where `user` may get/list pods and read pods/log, and may read one named secret. */
async function podReader(user: string): Promise<string> {
  const ns = await freshNamespace("review");
  await created(`${RBAC}/namespaces/${ns}/roles`, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: "reader" },
    rules: [
      { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list"] },
      { apiGroups: [""], resources: ["secrets"], resourceNames: ["token"], verbs: ["get"] },
    ],
  });
  await created(`${RBAC}/namespaces/${ns}/rolebindings`, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "reader" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" },
    subjects: [{ kind: "User", name: user }],
  });
  return ns;
}

/** Lets `user` create self reviews (upstream's system:basic-user does this for every authenticated user). */
async function allowSelfReviews(user: string): Promise<void> {
  const name = unique("self-reviews");
  await created(`${RBAC}/clusterroles`, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name },
    rules: [{ apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], verbs: ["create"] }],
  });
  await created(`${RBAC}/clusterrolebindings`, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
    subjects: [{ kind: "User", name: user }],
  });
}

const sar = (spec: unknown, metadata: unknown = {}) => ({ apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", metadata, spec });

describe("SubjectAccessReview", () => {
  it("answers for another user, with upstream's reason", async () => {
    const alice = unique("alice");
    const ns = await podReader(alice);
    const res = await post(`${AUTHZ}/subjectaccessreviews`, sar({ user: alice, resourceAttributes: { namespace: ns, verb: "get", resource: "pods", subresource: "log" } }));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      kind: "SubjectAccessReview",
      apiVersion: "authorization.k8s.io/v1",
      metadata: { creationTimestamp: null },
      spec: { user: alice, resourceAttributes: { namespace: ns, verb: "get", resource: "pods", subresource: "log" } },
      status: { allowed: true, reason: `RBAC: allowed by RoleBinding "reader/${ns}" of Role "reader" to User "${alice}"` },
    });
    const no = await post(`${AUTHZ}/subjectaccessreviews`, sar({ user: alice, resourceAttributes: { namespace: ns, verb: "delete", resource: "pods" } }));
    expect(no.body.status).toEqual({ allowed: false });
  });

  it.each([
    ["named secret", { name: "token" }, true],
    ["other secret", { name: "other" }, false],
    ["list of secrets", { verb: "list" }, false],
  ])("resourceNames: %s", async (_name, extra, allowed) => {
    const alice = unique("alice");
    const ns = await podReader(alice);
    const res = await post(`${AUTHZ}/subjectaccessreviews`, sar({ user: alice, resourceAttributes: { namespace: ns, verb: "get", resource: "secrets", ...extra } }));
    expect(res.body.status.allowed).toBe(allowed);
  });

  it("groups alone are enough, and system:masters is allowed everything", async () => {
    const res = await post(`${AUTHZ}/subjectaccessreviews`, sar({ groups: ["system:masters"], nonResourceAttributes: { path: "/metrics", verb: "get" } }));
    expect(res.body.status).toEqual({ allowed: true });
  });

  it.each([
    [
      "empty spec",
      {},
      '.authorization.k8s.io "" is invalid: [spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified, spec.user: Invalid value: "": at least one of user or group must be specified]',
    ],
    [
      "both attributes",
      { user: "u", resourceAttributes: { verb: "get" }, nonResourceAttributes: { path: "/x", verb: "get" } },
      '.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:"/x", Verb:"get"}: cannot be specified in combination with resourceAttributes',
    ],
    [
      "selector with both forms",
      { user: "u", resourceAttributes: { verb: "list", resource: "pods", fieldSelector: { rawSelector: "a=b", requirements: [{ key: "a", operator: "In", values: ["b"] }] } } },
      '.authorization.k8s.io "" is invalid: spec.resourceAttributes.fieldSelector.rawSelector: Invalid value: "a=b": may not specified at the same time as requirements',
    ],
    [
      "empty selector",
      { user: "u", resourceAttributes: { verb: "list", resource: "pods", labelSelector: {} } },
      '.authorization.k8s.io "" is invalid: spec.resourceAttributes.labelSelector.requirements: Required value: when spec.resourceAttributes.labelSelector is specified, requirements or rawSelector is required',
    ],
  ])("422 for %s", async (_name, spec, message) => {
    const res = await post(`${AUTHZ}/subjectaccessreviews`, sar(spec));
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe("Invalid");
    expect(res.body.message).toBe(message);
    expect(res.body.details.group).toBe("authorization.k8s.io");
  });

  it("metadata must be empty", async () => {
    const res = await post(`${AUTHZ}/subjectaccessreviews`, sar({ user: "u", resourceAttributes: { verb: "get" } }, { name: "x" }));
    expect(res.status).toBe(422);
    expect(res.body.details.causes).toEqual([expect.objectContaining({ field: "metadata", reason: "FieldValueInvalid" })]);
    expect(res.body.message).toMatch(/: must be empty$/);
  });

  it("a selector that does not parse is ignored and reported in evaluationError", async () => {
    const res = await post(`${AUTHZ}/subjectaccessreviews`, sar({
      groups: ["system:masters"],
      resourceAttributes: { verb: "list", resource: "pods", fieldSelector: { rawSelector: "no-operator" }, labelSelector: { rawSelector: "a in (b" } },
    }));
    expect(res.body.status).toEqual({
      allowed: true,
      evaluationError: "spec.resourceAttributes.fieldSelector ignored due to parse error; spec.resourceAttributes.labelSelector ignored due to parse error",
    });
    const partial = await post(`${AUTHZ}/subjectaccessreviews`, sar({
      user: "u",
      resourceAttributes: { verb: "list", resource: "pods", fieldSelector: { requirements: [{ key: "a", operator: "In", values: ["b"] }, { key: "c", operator: "Exists" }] } },
    }));
    expect(partial.body.status).toEqual({ allowed: false, evaluationError: "spec.resourceAttributes.fieldSelector partially ignored due to parse error" });
  });
});

describe("LocalSubjectAccessReview", () => {
  const lsar = (ns: string, spec: unknown) => ({ apiVersion: "authorization.k8s.io/v1", kind: "LocalSubjectAccessReview", metadata: { namespace: ns }, spec });

  it("answers within the URL's namespace", async () => {
    const alice = unique("alice");
    const ns = await podReader(alice);
    const res = await post(`${AUTHZ}/namespaces/${ns}/localsubjectaccessreviews`, lsar(ns, { user: alice, resourceAttributes: { namespace: ns, verb: "list", resource: "pods" } }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.metadata).toEqual({ namespace: ns, creationTimestamp: null });
    expect(res.body.status.allowed).toBe(true);
  });

  it("the attributes' namespace must match, and non-resource attributes are refused", async () => {
    const ns = await freshNamespace("review");
    const wrong = await post(`${AUTHZ}/namespaces/${ns}/localsubjectaccessreviews`, lsar(ns, { user: "u", resourceAttributes: { namespace: "other", verb: "get", resource: "pods" } }));
    expect(wrong.status).toBe(422);
    expect(wrong.body.message).toBe('.authorization.k8s.io "" is invalid: spec.resourceAttributes.namespace: Invalid value: "other": must match metadata.namespace');
    const nonResource = await post(`${AUTHZ}/namespaces/${ns}/localsubjectaccessreviews`, lsar(ns, { user: "u", nonResourceAttributes: { path: "/x", verb: "get" } }));
    expect(nonResource.status).toBe(422);
    expect(nonResource.body.message).toBe(
      '.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:"/x", Verb:"get"}: disallowed on this kind of request',
    );
    const otherMeta = await post(`${AUTHZ}/namespaces/${ns}/localsubjectaccessreviews`, lsar("elsewhere", { user: "u", resourceAttributes: { namespace: ns, verb: "get" } }));
    expect(otherMeta.status).toBe(400);
    expect(otherMeta.body.message).toBe("the namespace of the provided object does not match the namespace sent on the request");
  });
});

describe("self reviews of a non-admin identity", () => {
  it("SelfSubjectAccessReview answers for the caller", async () => {
    const user: UserInfo = { username: unique("frank"), groups: [] };
    const ns = await podReader(user.username);
    await allowSelfReviews(user.username);
    const ask = (spec: unknown) =>
      internalRequest(E, registry, user, "POST", `${AUTHZ}/selfsubjectaccessreviews`, { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec });
    const yes = await ask({ resourceAttributes: { namespace: ns, verb: "get", resource: "pods", subresource: "log" } });
    expect(yes.status, JSON.stringify(yes.body)).toBe(201);
    expect(yes.body.status).toEqual({ allowed: true, reason: `RBAC: allowed by RoleBinding "reader/${ns}" of Role "reader" to User "${user.username}"` });
    expect((await ask({ resourceAttributes: { namespace: ns, verb: "create", resource: "pods" } })).body.status).toEqual({ allowed: false });
    expect((await ask({ nonResourceAttributes: { path: "/logs", verb: "get" } })).body.status).toEqual({ allowed: false });
    const bad = await ask({});
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe('.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
  });

  it("SelfSubjectRulesReview lists the caller's rules in a namespace", async () => {
    const user: UserInfo = { username: unique("gina"), groups: [] };
    const ns = await podReader(user.username);
    await allowSelfReviews(user.username);
    const res = await internalRequest(E, registry, user, "POST", `${AUTHZ}/selfsubjectrulesreviews`, {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectRulesReview",
      spec: { namespace: ns },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      kind: "SelfSubjectRulesReview",
      apiVersion: "authorization.k8s.io/v1",
      metadata: { creationTimestamp: null },
      spec: {},
      status: {
        resourceRules: [
          { verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"] },
          { verbs: ["get", "list"], apiGroups: [""], resources: ["pods", "pods/log"] },
          { verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["token"] },
        ],
        nonResourceRules: [],
        incomplete: false,
      },
    });
    const elsewhere = await internalRequest(E, registry, user, "POST", `${AUTHZ}/selfsubjectrulesreviews`, { spec: { namespace: "default" } });
    expect(elsewhere.body.status.resourceRules).toHaveLength(1);
  });

  it("SelfSubjectRulesReview reports unresolvable bindings and needs a namespace", async () => {
    const user = unique("hank");
    const ns = await freshNamespace("review");
    await created(`${RBAC}/namespaces/${ns}/rolebindings`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "dangling" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "missing" },
      subjects: [{ kind: "User", name: user }],
    });
    const res = await post(`${AUTHZ}/selfsubjectrulesreviews`, { spec: { namespace: ns } });
    expect(res.status).toBe(201);
    const asUser = await internalRequest(E, registry, { username: user, groups: ["system:masters"] }, "POST", `${AUTHZ}/selfsubjectrulesreviews`, { spec: { namespace: ns } });
    expect(asUser.body.status.evaluationError).toBe('role.rbac.authorization.k8s.io "missing" not found');
    expect(asUser.body.status.incomplete).toBe(false);
    const noNs = await post(`${AUTHZ}/selfsubjectrulesreviews`, { spec: {} });
    expect(noNs.status).toBe(400);
    expect(noNs.body.message).toBe("no namespace on request");
  });

  it("a node's rules are marked incomplete", async () => {
    const node: UserInfo = { username: "system:node:n1", groups: ["system:nodes", "system:masters"] };
    const res = await internalRequest(E, registry, node, "POST", `${AUTHZ}/selfsubjectrulesreviews`, { spec: { namespace: "default" } });
    expect(res.body.status).toMatchObject({ incomplete: true, evaluationError: "node authorizer does not support user rule resolution" });
  });
});
