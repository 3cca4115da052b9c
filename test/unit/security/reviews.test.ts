/**
 * Red team: the review APIs answer only those allowed to ask (RBAC `create` on the review resource, by URL
 * namespace for the local kind), and a local review cannot ask about another namespace.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, freshNamespace, get } from "../api/client";
import { as, grant, unique } from "./helpers";

const AUTHZ = "/apis/authorization.k8s.io/v1";
const sar = (kind: string, namespace?: string) => ({
  apiVersion: "authorization.k8s.io/v1",
  kind,
  ...(namespace ? { metadata: { namespace } } : {}),
  spec: { user: "someone", resourceAttributes: { verb: "get", resource: "secrets", ...(namespace ? { namespace } : {}) } },
});
const tokenReview = { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token: "test-admin-token" } };

beforeAll(async () => {
  expect((await get("/api/v1/namespaces/default")).status).toBe(200);
}, 60_000);

describe("who may ask", () => {
  it("an ordinary user cannot create SubjectAccessReviews, LocalSubjectAccessReviews or TokenReviews", async () => {
    const eve = { user: unique("eve") };
    expect((await as(eve, "POST", `${AUTHZ}/subjectaccessreviews`, sar("SubjectAccessReview"))).status).toBe(403);
    expect((await as(eve, "POST", `${AUTHZ}/namespaces/default/localsubjectaccessreviews`, sar("LocalSubjectAccessReview", "default"))).status).toBe(403);
    expect((await as(eve, "POST", "/apis/authentication.k8s.io/v1/tokenreviews", tokenReview)).status).toBe(403);
    // Self reviews are everyone's (system:basic-user).
    const self = await as(eve, "POST", `${AUTHZ}/selfsubjectaccessreviews`, { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb: "get", resource: "secrets" } } });
    expect(self.status, self.text).toBe(201);
    expect(self.body.status.allowed).toBe(false);
  });

  it("anonymous cannot review tokens nor itself", async () => {
    for (const [path, body] of [
      ["/apis/authentication.k8s.io/v1/tokenreviews", tokenReview],
      [`${AUTHZ}/selfsubjectaccessreviews`, { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb: "get", resource: "secrets" } } }],
    ] as const) {
      const res = await SELF.fetch(BASE + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      expect(res.status).toBe(403);
    }
  });

  it("a LocalSubjectAccessReview grant in A does not answer for B, in B's URL or in A's body", async () => {
    const a = await freshNamespace("rev");
    const b = await freshNamespace("rev");
    const eve = { user: unique("eve") };
    await grant(eve.user, [{ apiGroups: ["authorization.k8s.io"], resources: ["localsubjectaccessreviews"], verbs: ["create"] }], a);
    expect((await as(eve, "POST", `${AUTHZ}/namespaces/${a}/localsubjectaccessreviews`, sar("LocalSubjectAccessReview", a))).status).toBe(201);
    expect((await as(eve, "POST", `${AUTHZ}/namespaces/${b}/localsubjectaccessreviews`, sar("LocalSubjectAccessReview", b))).status).toBe(403);
    const body = sar("LocalSubjectAccessReview", a);
    body.spec.resourceAttributes = { ...body.spec.resourceAttributes, namespace: b };
    const res = await as(eve, "POST", `${AUTHZ}/namespaces/${a}/localsubjectaccessreviews`, body);
    expect(res.status, res.text).toBe(422);
    expect(res.body.message).toMatch(/spec.resourceAttributes.namespace: Invalid value: "[^"]+": must match metadata.namespace/);
    const meta = await as(eve, "POST", `${AUTHZ}/namespaces/${a}/localsubjectaccessreviews`, sar("LocalSubjectAccessReview", b));
    expect(meta.status, meta.text).toBe(400);
  });

  it("a review created by GET, PUT or on a named path is not served", async () => {
    const eve = { user: unique("eve") };
    await grant(eve.user, [{ apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["*"] }]);
    expect((await as(eve, "GET", `${AUTHZ}/subjectaccessreviews`)).status).toBe(405);
    expect((await as(eve, "POST", `${AUTHZ}/subjectaccessreviews/x`, sar("SubjectAccessReview"))).status).toBe(405);
  });
});
