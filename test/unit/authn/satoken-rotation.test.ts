/**
 * Signing-key rotation with kubectl-style edits of the signing-keys Secret (worker/authn/README.md): a new key
 * is added and marked active, old tokens keep verifying until their key's entry is removed; PEM entries work
 * too; an active-key annotation naming no key stops issuing but not verifying.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { freshNamespace, get, patch } from "../api/client";
import { ACTIVE_KEY_ANNOTATION, generateSigningKey, importSigningKey } from "../../../worker/authn/signing-keys";
import { apiOutcome, createServiceAccount, decodeJwt, issueToken, requestToken, SECRET_PATH, tokenReview } from "./satoken-helpers";

let ns: string;

beforeAll(async () => {
  ns = await freshNamespace("rot");
  await createServiceAccount(ns, "rotor");
});

const MERGE = "application/merge-patch+json";
const JSON_PATCH = "application/json-patch+json";
const user = () => `system:serviceaccount:${ns}:rotor`;

async function jwksKids(): Promise<string[]> {
  const res = await get("/openid/v1/jwks");
  expect(res.status, res.text).toBe(200);
  return res.body.keys.map((k: { kid: string }) => k.kid);
}

async function pkcs8Pem(): Promise<{ pem: string; kid: string }> {
  const { jwk, kid } = await generateSigningKey();
  const key = await crypto.subtle.importKey("jwk", { ...jwk, alg: "RS256" } as JsonWebKey, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["sign"]);
  const der = new Uint8Array((await crypto.subtle.exportKey("pkcs8", key)) as ArrayBuffer);
  const b64 = btoa(String.fromCharCode(...der)).replace(/(.{64})/g, "$1\n");
  return { pem: `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`, kid };
}

describe("signing key rotation", () => {
  it("add + activate a key, old tokens verify until their entry is removed", async () => {
    const secret = (await get(SECRET_PATH)).body;
    expect(secret.type).toBe("kube-edge/service-account-signing-keys");
    const [oldEntry] = Object.keys(secret.data);
    expect(secret.metadata.annotations[ACTIVE_KEY_ANNOTATION]).toBe(oldEntry);
    const oldToken = await issueToken(ns, "rotor");
    expect(decodeJwt(oldToken).header.kid).toBe(oldEntry);

    // kubectl patch secret … --type merge -p '{"metadata":{"annotations":{…}},"stringData":{…}}'
    const next = await generateSigningKey();
    const added = await patch(
      SECRET_PATH,
      { metadata: { annotations: { [ACTIVE_KEY_ANNOTATION]: next.kid } }, stringData: { [next.kid]: JSON.stringify(next.jwk) } },
      MERGE,
    );
    expect(added.status, added.text).toBe(200);
    const newToken = await issueToken(ns, "rotor");
    expect(decodeJwt(newToken).header.kid).toBe(next.kid);
    expect(await apiOutcome(oldToken)).toBe(user());
    expect(await apiOutcome(newToken)).toBe(user());
    expect((await jwksKids()).sort()).toEqual([oldEntry, next.kid].sort());

    // kubectl patch secret … --type json -p '[{"op":"remove","path":"/data/<old>"}]'
    const removed = await patch(SECRET_PATH, [{ op: "remove", path: `/data/${oldEntry}` }], JSON_PATCH);
    expect(removed.status, removed.text).toBe(200);
    expect(await apiOutcome(oldToken)).toBe(401);
    expect(await tokenReview(oldToken)).toEqual({ user: {}, error: "invalid signature, no keys found" });
    expect(await apiOutcome(newToken)).toBe(user());
    expect(await jwksKids()).toEqual([next.kid]);

    // A PKCS#8 PEM entry under any name, activated by its entry name; its kid is still derived from the key.
    const pem = await pkcs8Pem();
    const withPem = await patch(
      SECRET_PATH,
      { metadata: { annotations: { [ACTIVE_KEY_ANNOTATION]: "pem-key" } }, stringData: { "pem-key": pem.pem } },
      MERGE,
    );
    expect(withPem.status, withPem.text).toBe(200);
    const pemToken = await issueToken(ns, "rotor");
    expect(decodeJwt(pemToken).header.kid).toBe(pem.kid);
    expect(await apiOutcome(pemToken)).toBe(user());
    expect(await apiOutcome(newToken)).toBe(user());

    // An annotation naming no key: no new tokens (500 as upstream's failed generation), verification goes on.
    const broken = await patch(SECRET_PATH, { metadata: { annotations: { [ACTIVE_KEY_ANNOTATION]: "missing" } } }, MERGE);
    expect(broken.status, broken.text).toBe(200);
    const refused = await requestToken(ns, "rotor");
    expect(refused.status).toBe(500);
    expect(refused.body.message).toMatch(/^Internal error occurred: failed to generate token: the active signing key "missing"/);
    expect(await apiOutcome(pemToken)).toBe(user());
  });

  it("the key id is upstream's: base64url(SHA-256(DER public key))", async () => {
    const { jwk, kid } = await generateSigningKey();
    const spki = await crypto.subtle.exportKey(
      "spki",
      await crypto.subtle.importKey("jwk", { kty: "RSA", n: jwk.n, e: jwk.e }, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["verify"]),
    );
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", spki as ArrayBuffer));
    const expected = btoa(String.fromCharCode(...digest)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    expect(kid).toBe(expected);
    expect((await importSigningKey("any-name", JSON.stringify(jwk))).kid).toBe(expected);
  });
});
