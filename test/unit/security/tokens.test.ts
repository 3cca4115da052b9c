/**
 * Red team: bearer tokens. Only a token this cluster signed, for a live service account, for the API audience,
 * in an `Authorization: Bearer` header (any case) or the WebSocket bearer subprotocol, authenticates; every
 * forgery is 401; the identity comes from the private `kubernetes.io` claim, as upstream.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, TOKEN, call, freshNamespace, get } from "../api/client";
import { apiOutcome, claimsFor, createServiceAccount, decodeJwt, forge, issueToken, type Obj } from "../authn/satoken-helpers";

let ns: string;
let sa: Obj;
let good: string;

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
const segment = (o: unknown) => b64url(new TextEncoder().encode(JSON.stringify(o)));

/** The outcome of a request with these headers: 401, 200, or the user a 403 names. */
async function outcomeWith(headers: Record<string, string>, path = "/api/v1/secrets"): Promise<number | string> {
  const res = await SELF.fetch(BASE + path, { headers });
  const text = await res.text();
  if (res.status === 403) return /User \\?"([^"\\]*)\\?"/.exec(text)?.[1] ?? "403";
  return res.status;
}

beforeAll(async () => {
  ns = await freshNamespace("tok");
  sa = await createServiceAccount(ns, "runner");
  good = await issueToken(ns, "runner");
}, 60_000);

const me = () => `system:serviceaccount:${ns}:runner`;

describe("forged signatures", () => {
  it("the genuine token works (the control)", async () => {
    expect(await apiOutcome(good)).toBe(me());
  });

  it("alg none, with or without a signature", async () => {
    const [, p, s] = good.split(".");
    for (const alg of ["none", "None", "NONE"]) {
      expect(await apiOutcome(`${segment({ alg })}.${p}.`)).toBe(401);
      expect(await apiOutcome(`${segment({ alg })}.${p}.${s}`)).toBe(401);
    }
  });

  it("HS256 keyed with the public key (PEM, JWK JSON, modulus)", async () => {
    const jwks = (await get("/openid/v1/jwks")).body.keys as JsonWebKey[];
    const { header, payload } = decodeJwt(good);
    const jwk = jwks.find((k) => (k as { kid?: string }).kid === header.kid)!;
    const pub = await crypto.subtle.importKey("jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["verify"]);
    const spki = new Uint8Array((await crypto.subtle.exportKey("spki", pub)) as ArrayBuffer);
    const pem = `-----BEGIN PUBLIC KEY-----\n${btoa(String.fromCharCode(...spki)).replace(/(.{64})/g, "$1\n")}\n-----END PUBLIC KEY-----\n`;
    for (const secret of [pem, JSON.stringify(jwk), jwk.n!]) {
      const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      const input = `${segment({ alg: "HS256", kid: header.kid, typ: "JWT" })}.${segment(payload)}`;
      const sig = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input)));
      expect(await apiOutcome(`${input}.${b64url(sig)}`)).toBe(401);
    }
  });

  it("RS256 with another key under our kid, or with no kid", async () => {
    const { header, payload } = decodeJwt(good);
    const keys = (await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    for (const h of [{ alg: "RS256", kid: header.kid }, { alg: "RS256" }]) {
      const input = `${segment(h)}.${segment(payload)}`;
      const sig = new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", keys.privateKey, new TextEncoder().encode(input)));
      expect(await apiOutcome(`${input}.${b64url(sig)}`)).toBe(401);
    }
  });

  it("extra, missing or empty segments, JSON serialization, huge tokens", async () => {
    const [h, p, s] = good.split(".");
    for (const token of [`${good}.x`, `${h}.${p}`, `${h}..${s}`, `.${p}.${s}`, `${h}.${p}.${s}.`, JSON.stringify({ protected: h, payload: p, signature: s }), `${good}${"A".repeat(64 * 1024)}`]) {
      expect(await apiOutcome(token)).toBe(401);
    }
  });

  it("a signed token whose sub names another account is the account of its private claim", async () => {
    const forged = await forge(claimsFor(ns, sa, { sub: "system:serviceaccount:kube-system:clusterrole-aggregation-controller" }));
    expect(await apiOutcome(forged)).toBe(me());
  });

  it("expired beyond the 60 s leeway, or not yet valid beyond it", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await apiOutcome(await forge(claimsFor(ns, sa, { exp: now - 61 - 5 })))).toBe(401);
    expect(await apiOutcome(await forge(claimsFor(ns, sa, { nbf: now + 61 + 5 })))).toBe(401);
    expect(await apiOutcome(await forge(claimsFor(ns, sa, { exp: now - 20 })))).toBe(me());
  });
});

describe("where the token is read from", () => {
  it("the Bearer scheme in any case; other schemes and malformed headers are anonymous or 401", async () => {
    expect(await outcomeWith({ Authorization: `bEaReR ${good}` })).toBe(me());
    expect(await outcomeWith({ Authorization: `  Bearer ${good}  ` })).toBe(me());
    expect(await outcomeWith({ Authorization: `Bearer  ${good}` })).toBe("system:anonymous");
    expect(await outcomeWith({ Authorization: `Bearer\t${good}` })).toBe("system:anonymous");
    expect(await outcomeWith({ Authorization: `Basic ${btoa(`admin:${TOKEN}`)}` })).toBe("system:anonymous");
    expect(await outcomeWith({ Authorization: `Token ${TOKEN}` })).toBe("system:anonymous");
  });

  it("two Authorization headers never yield the admin", async () => {
    const headers = new Headers();
    headers.append("Authorization", `Bearer ${good}`);
    headers.append("Authorization", `Bearer ${TOKEN}`);
    const res = await SELF.fetch(`${BASE}/api/v1/secrets`, { headers });
    expect(res.status).not.toBe(200);
  });

  it("no ?access_token= query parameter", async () => {
    const res = await call("GET", `/api/v1/secrets?access_token=${TOKEN}`, undefined, { token: null });
    expect(res.status, res.text).toBe(403);
    expect(res.body.message).toMatch(/User "system:anonymous"/);
  });

  it("the WebSocket subprotocol counts only on an upgrade, beside another protocol, once", async () => {
    const proto = `base64url.bearer.authorization.k8s.io.${b64url(new TextEncoder().encode(TOKEN))}`;
    expect(await outcomeWith({ "Sec-WebSocket-Protocol": `${proto}, v4.channel.k8s.io` })).toBe("system:anonymous");
    expect(await outcomeWith({ Upgrade: "websocket", "Sec-WebSocket-Protocol": proto })).toBe(401);
    const twice = `${proto}, base64url.bearer.authorization.k8s.io.${b64url(new TextEncoder().encode(good))}, v4.channel.k8s.io`;
    expect(await outcomeWith({ Upgrade: "websocket", "Sec-WebSocket-Protocol": twice })).toBe(401);
    // A valid Authorization header is tried first and wins.
    expect(await outcomeWith({ Upgrade: "websocket", Authorization: `Bearer ${good}`, "Sec-WebSocket-Protocol": `${proto}, v4.channel.k8s.io` })).toBe(me());
  });
});

describe("the signing key is not an API object", () => {
  /**
   * Upstream keeps --service-account-signing-key-file outside the API: reading Secrets does not let one mint
   * tokens. The keys live under the internal store key /internal/serviceaccount-signing-keys, which no API
   * path addresses. A user who may read every Secret (and service accounts) tries every Secret's data as a
   * signing key for an operator account bound to cluster-admin; true when one of the forged tokens works.
   */
  async function readerBecomesClusterAdmin(): Promise<boolean> {
    const { grant, unique } = await import("./helpers");
    const { importSigningKey } = await import("../../../worker/authn/signing-keys");
    const { signWith } = await import("../../../worker/authn/sa-token");
    const opsNs = await freshNamespace("ops");
    const operator = await createServiceAccount(opsNs, "operator");
    await grant(`system:serviceaccount:${opsNs}:operator`, [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]);
    const reader = unique("reader");
    await grant(reader, [{ apiGroups: [""], resources: ["secrets", "serviceaccounts"], verbs: ["get", "list"] }]);
    const asReader = { headers: { "Impersonate-User": reader } };
    // The old location: gone (not even the admin finds it).
    expect((await call("GET", "/api/v1/namespaces/kube-system/secrets/service-account-signing-keys", undefined, asReader)).status).toBe(404);
    expect((await get("/api/v1/namespaces/kube-system/secrets/service-account-signing-keys")).status).toBe(404);
    // The admin endpoint is not the reader's.
    expect((await call("GET", "/admin/serviceaccount-signing-keys", undefined, asReader)).status).toBe(403);
    const secrets = await call("GET", "/api/v1/secrets", undefined, asReader);
    expect(secrets.status, secrets.text).toBe(200);
    for (const secret of secrets.body.items as Obj[]) {
      for (const value of Object.values((secret.data ?? {}) as Record<string, string>)) {
        let key;
        try {
          key = await importSigningKey(atob(value));
        } catch {
          continue; // not key material
        }
        const forged = await signWith(key, claimsFor(opsNs, operator));
        if ((await call("GET", "/api/v1/nodes", undefined, { token: forged })).status === 200) return true;
      }
    }
    return false;
  }

  it("a user who may read every Secret cannot become cluster-admin", async () => {
    expect(await readerBecomesClusterAdmin()).toBe(false);
  });

  it("no private key parameter appears in any Secret or ConfigMap the API serves", async () => {
    const { readSigningKeys } = await import("../../../worker/authn/signing-keys");
    const { testEnv } = await import("../authn/satoken-helpers");
    const stored = await readSigningKeys(testEnv);
    expect(stored?.doc.keys.length).toBeGreaterThan(0);
    const listed = (await get("/api/v1/secrets")).text + (await get("/api/v1/configmaps")).text;
    expect(listed).toContain('"kind":"SecretList"');
    for (const k of stored!.doc.keys) {
      expect(listed).not.toContain(k.jwk.d);
      expect(listed).not.toContain(btoa(JSON.stringify(k.jwk)).slice(0, 40));
    }
  });
});
