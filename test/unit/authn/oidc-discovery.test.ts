/**
 * Service-account issuer discovery through the real Worker: the documents as upstream serves them, RBAC on
 * the non-resource URLs, and a token verified against the served key set with `jose`, as an outside system would.
 */
import { createLocalJWKSet, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { freshNamespace, get } from "../api/client";
import { issuerUrlError, openIdConfiguration, publicJwks } from "../../../worker/authn/oidc";
import { createServiceAccount, ISSUER, issueToken } from "./satoken-helpers";

let ns: string;

beforeAll(async () => {
  ns = await freshNamespace("oidc");
  await createServiceAccount(ns, "relying");
});

describe("/.well-known/openid-configuration", () => {
  it("is upstream's document, cacheable for an hour", async () => {
    const res = await get("/.well-known/openid-configuration");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(res.text).toBe(
      JSON.stringify({
        issuer: ISSUER,
        jwks_uri: "https://k8s.test/openid/v1/jwks",
        response_types_supported: ["id_token"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
      }),
    );
  });
});

describe("/openid/v1/jwks", () => {
  it("holds public keys only, as go-jose marshals them", async () => {
    const res = await get("/openid/v1/jwks");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/jwk-set+json");
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(res.body.keys.length).toBeGreaterThan(0);
    for (const key of res.body.keys) {
      expect(Object.keys(key)).toEqual(["use", "kty", "kid", "alg", "n", "e"]);
      expect(key).toMatchObject({ use: "sig", kty: "RSA", alg: "RS256", e: "AQAB" });
    }
  });

  it("verifies an issued token with jose, issuer and audience checked", async () => {
    const token = await issueToken(ns, "relying", { audiences: ["https://vault.example"] });
    const jwks = createLocalJWKSet((await get("/openid/v1/jwks")).body);
    const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: ISSUER, audience: "https://vault.example" });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload.sub).toBe(`system:serviceaccount:${ns}:relying`);
    await expect(jwtVerify(token, jwks, { issuer: ISSUER, audience: "https://other.example" })).rejects.toThrow();
  });
});

describe("authorization (system:service-account-issuer-discovery)", () => {
  it("service accounts may read both documents, anonymous may not", async () => {
    const token = await issueToken(ns, "relying");
    for (const path of ["/.well-known/openid-configuration", "/openid/v1/jwks"]) {
      expect((await get(path, { token })).status).toBe(200);
      expect((await get(path, { token: null })).status).toBe(403);
    }
  });
});

describe("pure parts", () => {
  it.each([
    ["https://kubernetes.default.svc.cluster.local", undefined],
    ["https://issuer.example/path", undefined],
    ["http://issuer.example", "issuer URL must use https scheme, got: http://issuer.example"],
    ["https://issuer.example?x=1", "issuer URL may not include a query, got: https://issuer.example?x=1"],
    ["https://issuer.example#frag", "issuer URL may not include a fragment, got: https://issuer.example#frag"],
    ["not a url", "invalid issuer URL: not a url"],
  ])("issuer %s → %s", (issuer, error) => {
    expect(issuerUrlError(issuer)).toBe(error);
  });

  it("lists each signing algorithm once, sorted", () => {
    expect(openIdConfiguration("https://i", "https://h/openid/v1/jwks", ["RS256", "RS256"]).id_token_signing_alg_values_supported).toEqual(["RS256"]);
  });

  it("never copies private parameters into the key set", () => {
    const jwks = publicJwks([{ kid: "k1", publicJwk: { kty: "RSA", n: "nn", e: "AQAB", d: "secret" } }]);
    expect(jwks).toEqual({ keys: [{ use: "sig", kty: "RSA", kid: "k1", alg: "RS256", n: "nn", e: "AQAB" }] });
  });
});
