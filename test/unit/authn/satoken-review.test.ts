/** TokenReview (authentication.k8s.io/v1) through the real Worker: the response shape, spec errors, RBAC. */
import { beforeAll, describe, expect, it } from "vitest";
import { get, post } from "../api/client";
import { ISSUER, tokenReview } from "./satoken-helpers";

const PATH = "/apis/authentication.k8s.io/v1/tokenreviews";
const review = (spec: unknown, token?: string) =>
  post(PATH, { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec }, token ? { token } : {});

describe("TokenReview", () => {
  // The first request of an isolate bootstraps the cluster (policy, signing key).
  beforeAll(async () => void (await get("/version")));

  it("echoes the review with the authenticated user (a static token)", async () => {
    const res = await review({ token: "alice-token" });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenReview",
      metadata: { creationTimestamp: null },
      spec: { token: "alice-token" },
      status: {
        authenticated: true,
        user: { username: "alice", uid: "1002", groups: ["devs", "system:authenticated"] },
        audiences: [ISSUER],
      },
    });
  });

  it("an unknown token is 201 with an error, authenticated unset and an empty user", async () => {
    expect(await tokenReview("nope")).toEqual({ user: {}, error: "invalid bearer token" });
  });

  it("audience-agnostic tokens are not valid for other audiences", async () => {
    expect(await tokenReview("alice-token", ["https://vault.example"])).toEqual({ user: {}, error: "invalid bearer token" });
  });

  it.each([
    [{}, "token is required for TokenReview in authentication"],
    [{ token: "" }, "token is required for TokenReview in authentication"],
  ])("spec %o → 400 %s", async (spec, message) => {
    const res = await review(spec);
    expect({ status: res.status, reason: res.body.reason, message: res.body.message }).toEqual({ status: 400, reason: "BadRequest", message });
  });

  it.each([[{ token: 42 }], [{ token: "t", audiences: "api" }], [{ token: "t", audiences: [1] }]])("a wrongly typed spec %o → 400", async (spec) => {
    const res = await review(spec);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^TokenReview in version "v1" cannot be handled as a TokenReview/);
  });

  it("needs create on tokenreviews", async () => {
    const res = await review({ token: "alice-token" }, "alice-token");
    expect(res.status).toBe(403);
  });
});
