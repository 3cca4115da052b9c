/**
 * The authentication chain through the real Worker: anonymous, ignored schemes, 401 for rejected tokens, the
 * admin token, STATIC_TOKENS users (test/fixtures/static-tokens.csv) and the authenticated-group adder, seen
 * through SelfSubjectReview (`kubectl auth whoami`) for identities RBAC lets through without grants
 * (system:masters), and through the 403 message (which names the user) for the others.
 */
import { env as testEnv, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { authenticateToken } from "../../../worker/authn/authenticate";
import type { Env } from "../../../worker/env";
import { BASE, call, get, post } from "../api/client";

const SSR = "/apis/authentication.k8s.io/v1/selfsubjectreviews";
const ssrBody = { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" };
const ISSUER = "https://kubernetes.default.svc.cluster.local";
const env = testEnv as unknown as Env;

beforeAll(async () => {
  await get("/livez"); // the first request bootstraps the cluster
}, 60_000);

/** The user named by a 403 for listing secrets cluster-wide (no default policy grants it to anyone but masters). */
async function forbiddenUserOf(headers: Record<string, string>, path = "/api/v1/secrets"): Promise<string> {
  const res = await call("GET", path, undefined, { token: null, headers });
  expect(res.status, res.text).toBe(403);
  return /User "([^"]*)"/.exec(res.body.message)![1];
}

describe("requests without accepted credentials", () => {
  it.each([
    ["no Authorization header", {}],
    ["a Basic Authorization (not read by any authenticator)", { Authorization: "Basic YWxpY2U6c2VjcmV0" }],
    ["an empty bearer token after two spaces", { Authorization: "Bearer  test-admin-token" }],
    ["a scheme other than Bearer", { Authorization: "Token test-admin-token" }],
  ])("%s → system:anonymous", async (_name, headers) => {
    expect(await forbiddenUserOf(headers)).toBe("system:anonymous");
  });

  it("?access_token= is not read (kube-apiserver has no query-parameter authenticator)", async () => {
    expect(await forbiddenUserOf({}, "/api/v1/secrets?access_token=test-admin-token")).toBe("system:anonymous");
  });

  it.each([["nope"], ["test-admin-token-but-longer"], ["test-admin-toke"], ["alice"]])(
    "an unknown bearer token %j → 401 Unauthorized Status",
    async (token) => {
      const res = await get("/api/v1/namespaces", { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: "Unauthorized",
        reason: "Unauthorized",
        code: 401,
      });
    },
  );

  it("the header is trimmed and the token ends at the next space, as upstream", async () => {
    expect(await forbiddenUserOf({ Authorization: "Bearer alice-token " })).toBe("alice");
    expect(await forbiddenUserOf({ Authorization: "Bearer alice-token ignored-part" })).toBe("alice");
  });

  it("a rejected token is 401 even on paths anonymous may read", async () => {
    expect((await get("/livez", { token: "nope" })).status).toBe(401);
    expect((await get("/livez", { token: null })).status).toBe(200);
  });
});

describe("SelfSubjectReview of token users", () => {
  it.each([
    ["the admin token", "test-admin-token", { username: "kubernetes-admin", groups: ["system:masters", "system:authenticated"] }],
    [
      "a static token with uid and groups",
      "static-admin-token",
      { username: "static-admin", uid: "1001", groups: ["system:masters", "ops", "system:authenticated"] },
    ],
    ["a static token already in system:authenticated (not added twice)", "bob-token", { username: "bob", groups: ["system:masters", "system:authenticated"] }],
    ["a static token named system:anonymous (the adder skips it)", "named-anonymous-token", { username: "system:anonymous", groups: ["system:masters"] }],
  ])("%s", async (_name, token, userInfo) => {
    const res = await post(SSR, ssrBody, { token });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ kind: "SelfSubjectReview", apiVersion: "authentication.k8s.io/v1" });
    expect(res.body.status.userInfo).toEqual(userInfo);
  });

  it("a static token without system:masters is that user (403 names it)", async () => {
    expect(await forbiddenUserOf({ Authorization: "Bearer alice-token" })).toBe("alice");
  });

  // Waits on RBAC: system:basic-user (bound to system:authenticated) grants create selfsubjectreviews.
  it("any authenticated user can ask who it is (RBAC system:basic-user)", async () => {
    const res = await post(SSR, ssrBody, { token: "alice-token" });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status.userInfo).toEqual({ username: "alice", uid: "1002", groups: ["devs", "system:authenticated"] });
  });
});

describe("the WebSocket bearer subprotocol", () => {
  const protocol = (token: string) => `base64url.bearer.authorization.k8s.io.${btoa(token).replace(/=+$/, "")}`;

  it("authenticates an upgrade request carrying the token as a subprotocol", async () => {
    const res = await SELF.fetch(`${BASE}/api/v1/secrets`, {
      headers: { Upgrade: "websocket", Connection: "Upgrade", "Sec-WebSocket-Protocol": `v5.channel.k8s.io, ${protocol("alice-token")}` },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toContain('User "alice"');
  });

  it("an unknown token in the subprotocol → 401", async () => {
    const res = await SELF.fetch(`${BASE}/api/v1/secrets`, {
      headers: { Upgrade: "websocket", Connection: "Upgrade", "Sec-WebSocket-Protocol": `v5.channel.k8s.io, ${protocol("nope")}` },
    });
    expect(res.status).toBe(401);
  });
});

describe("authenticateToken (used by TokenReview)", () => {
  it("the admin token, valid for the API audience", async () => {
    expect(await authenticateToken(env, "test-admin-token")).toEqual({
      user: { username: "kubernetes-admin", groups: ["system:masters", "system:authenticated"] },
      audiences: [ISSUER],
    });
  });

  it("a static token gets system:authenticated", async () => {
    expect(await authenticateToken(env, "alice-token")).toEqual({
      user: { username: "alice", uid: "1002", groups: ["devs", "system:authenticated"] },
      audiences: [ISSUER],
    });
  });

  it("an unknown token → invalid bearer token", async () => {
    expect(await authenticateToken(env, "nope")).toEqual({ error: "invalid bearer token" });
  });

  it("audience-agnostic tokens are valid only for the API audiences", async () => {
    expect(await authenticateToken(env, "alice-token", ["https://vault.example"])).toEqual({ error: "invalid bearer token" });
    expect(await authenticateToken(env, "alice-token", ["https://vault.example", ISSUER])).toMatchObject({ audiences: [ISSUER] });
  });
});
