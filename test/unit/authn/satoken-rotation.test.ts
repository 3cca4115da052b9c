/**
 * Signing-key rotation through the admin endpoints (worker/authn/admin-routes.ts, README.md): the public view,
 * rotate (old tokens keep verifying), activate, remove (tokens of a removed key are refused), the refusals as
 * metav1.Status, concurrent rotations, and RBAC on the non-resource URL.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, call, freshNamespace, get, post, TOKEN } from "../api/client";
import { generateSigningKey, importSigningKey, readSigningKeys } from "../../../worker/authn/signing-keys";
import { MAX_SIGNING_KEYS } from "../../../worker/authn/admin-routes";
import { grant, unique } from "../security/helpers";
import { ADMIN_KEYS_PATH, apiOutcome, createServiceAccount, decodeJwt, issueToken, type Obj, testEnv, tokenReview } from "./satoken-helpers";

let ns: string;

beforeAll(async () => {
  ns = await freshNamespace("rot");
  await createServiceAccount(ns, "rotor");
});

const user = () => `system:serviceaccount:${ns}:rotor`;

async function jwksKids(): Promise<string[]> {
  const res = await get("/openid/v1/jwks");
  expect(res.status, res.text).toBe(200);
  return res.body.keys.map((k: { kid: string }) => k.kid).sort();
}

async function keys(): Promise<Obj> {
  const res = await get(ADMIN_KEYS_PATH);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function act(body: unknown, want = 200): Promise<Obj> {
  const res = await post(ADMIN_KEYS_PATH, body);
  expect(res.status, res.text).toBe(want);
  return res.body;
}

describe("the admin view", () => {
  it("shows key ids, creation times and public JWKs, never private material", async () => {
    await issueToken(ns, "rotor"); // bootstrapped
    const view = await keys();
    const stored = (await readSigningKeys(testEnv))!.doc;
    expect(view.active).toBe(stored.active);
    expect(view.keys.map((k: Obj) => k.kid)).toEqual(stored.keys.map((k) => k.kid));
    const [first] = view.keys;
    expect(first.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Object.keys(first.publicJwk)).toEqual(["use", "kty", "kid", "alg", "n", "e"]);
    expect(first.publicJwk).toMatchObject({ use: "sig", kty: "RSA", kid: first.kid, alg: "RS256", n: stored.keys[0].jwk.n });
    const text = JSON.stringify(view);
    for (const k of stored.keys) for (const part of ["d", "p", "q", "dp", "dq", "qi"] as const) expect(text).not.toContain(k.jwk[part]);
  });
});

describe("signing key rotation", () => {
  it("rotate, activate, remove: old tokens verify until their key is removed", async () => {
    const before = await keys();
    const oldKid = before.active as string;
    const oldToken = await issueToken(ns, "rotor");
    expect(decodeJwt(oldToken).header.kid).toBe(oldKid);

    // kubectl create --raw /admin/serviceaccount-signing-keys -f rotate.json
    const rotated = await act({ action: "rotate" });
    const newKid = rotated.active as string;
    expect(newKid).not.toBe(oldKid);
    expect(rotated.keys.map((k: Obj) => k.kid)).toEqual([...before.keys.map((k: Obj) => k.kid), newKid]);
    const newToken = await issueToken(ns, "rotor");
    expect(decodeJwt(newToken).header.kid).toBe(newKid);
    expect(await apiOutcome(oldToken)).toBe(user());
    expect(await apiOutcome(newToken)).toBe(user());
    expect(await jwksKids()).toEqual([oldKid, newKid].sort());

    // The active key cannot be removed.
    const refused = await act({ action: "remove", kid: newKid }, 409);
    expect(refused).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "Conflict",
      code: 409,
      message: `cannot remove the active service account signing key "${newKid}": activate another key first`,
    });

    // Activate the old key again (and again: no change), then back to the new one.
    expect((await act({ action: "activate", kid: oldKid })).active).toBe(oldKid);
    expect((await act({ action: "activate", kid: oldKid })).active).toBe(oldKid);
    expect(decodeJwt(await issueToken(ns, "rotor")).header.kid).toBe(oldKid);
    expect((await act({ action: "activate", kid: newKid })).active).toBe(newKid);

    // Remove the old key: its tokens are refused, as upstream's for a key no longer in the key files.
    const removed = await act({ action: "remove", kid: oldKid });
    expect(removed.keys.map((k: Obj) => k.kid)).toEqual([newKid]);
    expect(await apiOutcome(oldToken)).toBe(401);
    expect(await tokenReview(oldToken)).toEqual({ user: {}, error: "invalid signature, no keys found" });
    expect(await apiOutcome(newToken)).toBe(user());
    expect(await jwksKids()).toEqual([newKid]);
  });

  it("concurrent rotations all land (compare-and-swap retries)", async () => {
    const before = (await keys()).keys.length;
    const results = await Promise.all([1, 2, 3].map(() => post(ADMIN_KEYS_PATH, { action: "rotate" })));
    for (const r of results) expect(r.status, r.text).toBe(200);
    const after = await keys();
    expect(after.keys).toHaveLength(before + 3);
    expect(results.map((r) => r.body.active)).toContain(after.active);
  });

  it(`refuses a rotation beyond ${MAX_SIGNING_KEYS} keys`, async () => {
    let view = await keys();
    while (view.keys.length < MAX_SIGNING_KEYS) view = await act({ action: "rotate" });
    const refused = await act({ action: "rotate" }, 409);
    expect(refused.message).toBe(`there are already ${MAX_SIGNING_KEYS} service account signing keys (at most ${MAX_SIGNING_KEYS}): remove an old key first`);
    expect((await keys()).keys).toHaveLength(MAX_SIGNING_KEYS);
    // Make room again for the other tests of this file.
    for (const k of view.keys.slice(0, MAX_SIGNING_KEYS - 2)) if (k.kid !== view.active) await act({ action: "remove", kid: k.kid });
  });

  it.each([
    ["not an object", [], 400, 'the request body must be a JSON object with "action": one of "rotate", "activate", "remove"'],
    ["an unknown action", { action: "delete" }, 400, 'unsupported action "delete": must be one of "rotate", "activate", "remove"'],
    ["no action", {}, 400, 'unsupported action "": must be one of "rotate", "activate", "remove"'],
    ["activate without kid", { action: "activate" }, 400, '"kid" is required for action "activate"'],
    ["remove an unknown kid", { action: "remove", kid: "nope" }, 404, 'service account signing key "nope" not found'],
  ])("refuses %s", async (_n, body, code, message) => {
    const before = await keys();
    const res = await act(body, code);
    expect(res).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", code, message });
    expect(await keys()).toEqual(before);
  });

  it("takes YAML and a body without Content-Type (as kubectl create --raw sends a file)", async () => {
    const res = await call("POST", ADMIN_KEYS_PATH, "action: rotate\n", { contentType: "application/yaml" });
    expect(res.status, res.text).toBe(200);
    const kid = res.body.active;
    const bare = await fetchWithoutContentType(JSON.stringify({ action: "remove", kid: (await keys()).keys[0].kid }));
    expect(bare.status).toBe(200);
    expect((await keys()).active).toBe(kid);
  });
});

async function fetchWithoutContentType(body: string): Promise<Response> {
  // Bytes, not a string: fetch would add `text/plain` to a string body.
  const res = await SELF.fetch(BASE + ADMIN_KEYS_PATH, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` }, body: new TextEncoder().encode(body) });
  await res.text();
  return res;
}

describe("who may see and rotate the keys", () => {
  const as = (who: string, method: string, body?: unknown) => call(method, ADMIN_KEYS_PATH, body, { headers: { "Impersonate-User": who } });

  it("an ordinary user: 403 with upstream's non-resource message", async () => {
    const who = unique("nobody");
    for (const [method, verb] of [["GET", "get"], ["POST", "post"]]) {
      const res = await as(who, method, method === "POST" ? { action: "rotate" } : undefined);
      expect(res.status, res.text).toBe(403);
      expect(res.body.message).toBe(`forbidden: User "${who}" cannot ${verb} path "${ADMIN_KEYS_PATH}"`);
    }
  });

  it("nonResourceURLs grant exactly what they name: get may look, not rotate", async () => {
    const who = unique("auditor");
    await grant(who, [{ nonResourceURLs: [ADMIN_KEYS_PATH], verbs: ["get"] }]);
    const before = await keys();
    const looked = await as(who, "GET");
    expect(looked.status, looked.text).toBe(200);
    expect(looked.body).toEqual(before);
    const rotated = await as(who, "POST", { action: "rotate" });
    expect(rotated.status).toBe(403);
    expect(await keys()).toEqual(before);
  });
});

describe("keys", () => {
  it("the key id is upstream's: base64url(SHA-256(DER public key))", async () => {
    const { jwk, kid } = await generateSigningKey();
    const spki = await crypto.subtle.exportKey(
      "spki",
      await crypto.subtle.importKey("jwk", { kty: "RSA", n: jwk.n, e: jwk.e }, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["verify"]),
    );
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", spki as ArrayBuffer));
    const expected = btoa(String.fromCharCode(...digest)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    expect(kid).toBe(expected);
    expect((await importSigningKey(JSON.stringify(jwk))).kid).toBe(expected);
  });
});
