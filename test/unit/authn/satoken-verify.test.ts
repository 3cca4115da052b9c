/**
 * Service-account tokens used against the real Worker: a valid token is its service account (the 403 names it,
 * TokenReview shows the whole UserInfo), and every way upstream rejects one of our tokens is a 401 here, with
 * upstream's error in TokenReview.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { del, freshNamespace, get } from "../api/client";
import { verifyServiceAccountToken } from "../../../worker/authn/sa-token";
import {
  apiOutcome,
  claimsFor,
  createNode,
  createPod,
  createSecret,
  createServiceAccount,
  decodeJwt,
  deleteNow,
  forge,
  ISSUER,
  issueToken,
  type Obj,
  testEnv,
  tokenReview,
} from "./satoken-helpers";

let ns: string;
let sa: Obj;

beforeAll(async () => {
  ns = await freshNamespace("sav");
  sa = await createServiceAccount(ns, "runner");
});

const username = () => `system:serviceaccount:${ns}:runner`;
const groups = () => ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"];

/** Expects `token` to be refused by the API (401) and TokenReview to report `error`. */
async function expectRejected(token: string, error: string, audiences?: string[]) {
  expect(await apiOutcome(token)).toBe(401);
  expect(await tokenReview(token, audiences)).toEqual({ user: {}, error });
}

describe("a valid token", () => {
  it("authenticates as its service account", async () => {
    const token = await issueToken(ns, "runner");
    expect(await apiOutcome(token)).toBe(username());
    const { payload } = decodeJwt(token);
    expect(await tokenReview(token)).toEqual({
      authenticated: true,
      user: {
        username: username(),
        uid: sa.metadata.uid,
        groups: groups(),
        extra: { "authentication.kubernetes.io/credential-id": [`JTI=${payload.jti}`] },
      },
      audiences: [ISSUER],
    });
  });

  it("a pod-bound token carries the pod and node in extra", async () => {
    const node = await createNode(`sav-${ns}`);
    const pod = await createPod(ns, "p1", "runner", node.metadata.name);
    const token = await issueToken(ns, "runner", { boundObjectRef: { kind: "Pod", apiVersion: "v1", name: "p1" } });
    const status = await tokenReview(token);
    expect(status.authenticated).toBe(true);
    expect(status.user.extra).toEqual({
      "authentication.kubernetes.io/credential-id": [`JTI=${decodeJwt(token).payload.jti}`],
      "authentication.kubernetes.io/node-name": [node.metadata.name],
      "authentication.kubernetes.io/node-uid": [node.metadata.uid],
      "authentication.kubernetes.io/pod-name": ["p1"],
      "authentication.kubernetes.io/pod-uid": [pod.metadata.uid],
    });
  });

  it("TokenReview reports the requested audiences the token has", async () => {
    const token = await issueToken(ns, "runner", { audiences: ["https://vault.example", "api"] });
    expect(await tokenReview(token, ["api", "other"])).toMatchObject({ authenticated: true, audiences: ["api"] });
  });

  it("a token of another issuer or not a JWT is not ours: the chain's invalid bearer token", async () => {
    const foreign = await forge({ ...claimsFor(ns, sa), iss: "https://elsewhere.example" });
    await expectRejected(foreign, "invalid bearer token");
    await expectRejected("a.b.c", "invalid bearer token");
  });
});

describe("rejected tokens (401)", () => {
  it("a tampered payload (bad signature)", async () => {
    const [h, , s] = (await issueToken(ns, "runner")).split(".");
    const payload = btoa(JSON.stringify({ ...claimsFor(ns, sa), sub: "system:serviceaccount:kube-system:admin" })).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    await expectRejected(`${h}.${payload}.${s}`, "square/go-jose: error in cryptographic primitive");
  });

  it("an unknown kid (a removed key)", async () => {
    const [, p, s] = (await issueToken(ns, "runner")).split(".");
    const header = btoa(JSON.stringify({ alg: "RS256", kid: "removed-key" })).replace(/=+$/, "");
    await expectRejected(`${header}.${p}.${s}`, "invalid signature, no keys found");
  });

  it("expired more than the leeway ago", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(await forge(claimsFor(ns, sa, { iat: now - 7200, nbf: now - 7200, exp: now - 120 })), "service account token has expired");
    expect(await apiOutcome(await forge(claimsFor(ns, sa, { exp: now - 30 })))).toBe(username());
  });

  it("not valid yet, or issued in the future", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(await forge(claimsFor(ns, sa, { nbf: now + 600 })), "service account token is not valid yet");
    await expectRejected(await forge(claimsFor(ns, sa, { iat: now + 600 })), "service account token is issued in the future");
  });

  it("for another audience than the API's", async () => {
    const token = await issueToken(ns, "runner", { audiences: ["https://vault.example"] });
    expect(await apiOutcome(token)).toBe(401);
    expect(await tokenReview(token)).toEqual({
      user: {},
      error: `token audiences ["https://vault.example"] is invalid for the target audiences ["${ISSUER}"]`,
    });
    expect(await tokenReview(token, ["https://vault.example"])).toMatchObject({ authenticated: true, audiences: ["https://vault.example"] });
  });

  it("its service account was deleted, or deleted and recreated", async () => {
    const old = await createServiceAccount(ns, "short-lived");
    const token = await issueToken(ns, "short-lived");
    expect(await apiOutcome(token)).toBe(`system:serviceaccount:${ns}:short-lived`);
    await deleteNow(`/api/v1/namespaces/${ns}/serviceaccounts/short-lived`);
    await expectRejected(token, 'serviceaccounts "short-lived" not found');
    const again = await createServiceAccount(ns, "short-lived");
    await expectRejected(token, `service account UID (${again.metadata.uid}) does not match claim (${old.metadata.uid})`);
  });

  it("its bound pod was deleted, or recreated", async () => {
    const pod = await createPod(ns, "bound-pod", "runner");
    const token = await issueToken(ns, "runner", { boundObjectRef: { kind: "Pod", apiVersion: "v1", name: "bound-pod" } });
    expect(await apiOutcome(token)).toBe(username());
    await deleteNow(`/api/v1/namespaces/${ns}/pods/bound-pod`);
    await expectRejected(token, "service account token has been invalidated");
    const again = await createPod(ns, "bound-pod", "runner");
    await expectRejected(token, `pod UID (${again.metadata.uid}) does not match service account pod ref claim (${pod.metadata.uid})`);
  });

  it("its bound secret was deleted, or recreated", async () => {
    const secret = await createSecret(ns, "bound-secret");
    const token = await issueToken(ns, "runner", { boundObjectRef: { kind: "Secret", apiVersion: "v1", name: "bound-secret" } });
    expect(await apiOutcome(token)).toBe(username());
    await deleteNow(`/api/v1/namespaces/${ns}/secrets/bound-secret`);
    await expectRejected(token, "service account token has been invalidated");
    const again = await createSecret(ns, "bound-secret");
    await expectRejected(token, `secret UID (${again.metadata.uid}) does not match service account secret ref claim (${secret.metadata.uid})`);
  });

  it("its bound node was deleted, or recreated", async () => {
    const name = `sav-bound-${ns}`;
    const node = await createNode(name);
    const token = await issueToken(ns, "runner", { boundObjectRef: { kind: "Node", apiVersion: "v1", name } });
    expect(await apiOutcome(token)).toBe(username());
    await deleteNow(`/api/v1/nodes/${name}`);
    await expectRejected(token, "service account token has been invalidated");
    const again = await createNode(name);
    await expectRejected(token, `node UID (${again.metadata.uid}) does not match service account node ref claim (${node.metadata.uid})`);
  });

  it("its pod is being deleted and its grace period ended more than the leeway ago", async () => {
    const node = await createNode(`sav-grace-${ns}`);
    await createPod(ns, "graceful", "runner", node.metadata.name);
    const token = await issueToken(ns, "runner", { boundObjectRef: { kind: "Pod", apiVersion: "v1", name: "graceful" } });
    const res = await del(`/api/v1/namespaces/${ns}/pods/graceful?gracePeriodSeconds=30`);
    expect(res.status, res.text).toBe(200);
    const pod = (await get(`/api/v1/namespaces/${ns}/pods/graceful`)).body;
    const deletion = Date.parse(pod.metadata.deletionTimestamp);
    expect(deletion).toBeGreaterThan(Date.now());
    // Still valid during the grace period and the leeway; invalid after both (the clock is passed in).
    expect(await apiOutcome(token)).toBe(username());
    const at = (ms: number) => verifyServiceAccountToken(testEnv, token, [ISSUER], ms);
    expect(await at(deletion + 59_000)).toMatchObject({ user: { username: username() } });
    expect(await at(deletion + 61_000)).toEqual({ error: "service account token has been invalidated" });
  });
});
