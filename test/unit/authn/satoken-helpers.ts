/** Helpers of the service-account token tests: objects to bind to, TokenRequest/TokenReview calls, forged tokens. */
import { env } from "cloudflare:test";
import { expect } from "vitest";
import type { Env } from "../../../worker/env";
import { signWith } from "../../../worker/authn/sa-token";
import { importPrivateJwk, readSigningKeys } from "../../../worker/authn/signing-keys";
import { type ApiResponse, del, get, post } from "../api/client";

export const testEnv = env as unknown as Env;
export const ISSUER = "https://kubernetes.default.svc.cluster.local";
export const ADMIN_KEYS_PATH = "/admin/serviceaccount-signing-keys";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export async function created(path: string, body: Obj): Promise<Obj> {
  const res = await post(path, body);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export const createServiceAccount = (ns: string, name: string) =>
  created(`/api/v1/namespaces/${ns}/serviceaccounts`, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name } });

export const createPod = (ns: string, name: string, serviceAccountName: string, nodeName?: string) =>
  created(`/api/v1/namespaces/${ns}/pods`, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { serviceAccountName, ...(nodeName ? { nodeName } : {}), containers: [{ name: "c", image: "nginx" }] },
  });

export const createSecret = (ns: string, name: string) =>
  created(`/api/v1/namespaces/${ns}/secrets`, { apiVersion: "v1", kind: "Secret", metadata: { name }, data: {} });

export const createNode = (name: string) => created("/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name } });

/** Deletes at once (gracePeriodSeconds=0), and waits until the object is gone. */
export async function deleteNow(path: string): Promise<void> {
  const res = await del(`${path}?gracePeriodSeconds=0`);
  expect([200, 202], res.text).toContain(res.status);
  for (let i = 0; i < 50 && (await get(path)).status !== 404; i++) await new Promise((r) => setTimeout(r, 20));
  expect((await get(path)).status).toBe(404);
}

export const tokenPath = (ns: string, sa: string) => `/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`;

export function requestToken(ns: string, sa: string, spec: Obj = {}, token?: string): Promise<ApiResponse> {
  return post(tokenPath(ns, sa), { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec }, token ? { token } : {});
}

export async function issueToken(ns: string, sa: string, spec: Obj = {}): Promise<string> {
  const res = await requestToken(ns, sa, spec);
  expect(res.status, res.text).toBe(201);
  return res.body.status.token;
}

export async function tokenReview(token: string, audiences?: string[]): Promise<Obj> {
  const res = await post("/apis/authentication.k8s.io/v1/tokenreviews", {
    apiVersion: "authentication.k8s.io/v1",
    kind: "TokenReview",
    spec: { token, ...(audiences ? { audiences } : {}) },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.status;
}

/** The outcome of using `token` against the API: 401, or the user a 403 names (or "ok" when allowed). */
export async function apiOutcome(token: string): Promise<number | string> {
  const res = await get("/api/v1/secrets", { token });
  if (res.status === 403) return /User "([^"]*)"/.exec(res.body.message)?.[1] ?? "403";
  return res.status === 200 ? "ok" : res.status;
}

/** The decoded payload and header of a compact JWT. */
export function decodeJwt(token: string): { header: Obj; payload: Obj } {
  const [h, p] = token.split(".");
  const dec = (s: string) => JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0))));
  return { header: dec(h), payload: dec(p) };
}

/**
 * Signs arbitrary claims with a stored signing key (the active one unless `kid` is given), read from the store
 * through the test's bindings: no API path hands out private keys.
 */
export async function forge(claims: Obj, kid?: string): Promise<string> {
  const stored = await readSigningKeys(testEnv);
  expect(stored, "the signing keys are stored").toBeDefined();
  const jwk = stored!.doc.keys.find((k) => k.kid === (kid ?? stored!.doc.active))?.jwk;
  expect(jwk, `signing key ${kid ?? stored!.doc.active}`).toBeDefined();
  return signWith(await importPrivateJwk(jwk!), claims);
}

/** Valid claims for a service account, one hour from now; override what a case needs. */
export function claimsFor(ns: string, sa: Obj, extra: Obj = {}): Obj {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: [ISSUER],
    exp: now + 3600,
    iat: now,
    iss: ISSUER,
    jti: crypto.randomUUID(),
    "kubernetes.io": { namespace: ns, serviceaccount: { name: sa.metadata.name, uid: sa.metadata.uid } },
    nbf: now,
    sub: `system:serviceaccount:${ns}:${sa.metadata.name}`,
    ...extra,
  };
}
