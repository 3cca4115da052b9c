/**
 * Service-account issuer discovery (pkg/serviceaccount/openidmetadata.go, pkg/routes/openidmetadata.go):
 * `/.well-known/openid-configuration` and `/openid/v1/jwks`, so that outside systems can verify service-account
 * tokens. Authorization is RBAC's, on these non-resource URLs (role system:service-account-issuer-discovery).
 * As upstream, the endpoints are not served when the issuer is not an https URL without query or fragment.
 * `jwks_uri` is built from the request's host (upstream: the API server's external address).
 */
import type { Hono } from "hono";
import type { JWK } from "jose";
import { pathNotFound } from "../errors";
import type { Env } from "../env";
import { serviceAccountIssuer } from "./sa-token";
import { loadKeyring, SIGNING_ALG } from "./signing-keys";

export const OPENID_CONFIG_PATH = "/.well-known/openid-configuration";
export const JWKS_PATH = "/openid/v1/jwks";
/** Overrides the API's `private, no-cache`, as upstream. */
export const CACHE_CONTROL = "public, max-age=3600";
export const JWKS_CONTENT_TYPE = "application/jwk-set+json";

/** NewOpenIDMetadataProvider's issuer checks: undefined when the endpoints can be served. Pure. */
export function issuerUrlError(issuer: string): string | undefined {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return `invalid issuer URL: ${issuer}`;
  }
  if (url.protocol !== "https:") return `issuer URL must use https scheme, got: ${issuer}`;
  if (url.search || issuer.includes("?")) return `issuer URL may not include a query, got: ${issuer}`;
  if (url.hash || issuer.includes("#")) return `issuer URL may not include a fragment, got: ${issuer}`;
  return undefined;
}

/** The discovery document, fields in upstream's order. Pure. */
export function openIdConfiguration(issuer: string, jwksUri: string, algs: string[]) {
  return {
    issuer,
    jwks_uri: jwksUri,
    response_types_supported: ["id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: [...new Set(algs)].sort(),
  };
}

/** The key set: public keys only, as go-jose marshals a JSONWebKey (use, kty, kid, alg, n, e). Pure. */
export function publicJwks(keys: { kid: string; publicJwk: JWK }[]) {
  return {
    keys: keys.map((k) => ({ use: "sig", kty: "RSA", kid: k.kid, alg: SIGNING_ALG, n: k.publicJwk.n, e: k.publicJwk.e })),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function oidcRoutes(app: Hono<any>): void {
  app.get(OPENID_CONFIG_PATH, async (c) => {
    const env = c.env as Env;
    const issuer = servedIssuer(env);
    const ring = await loadKeyring(env);
    const jwksUri = `https://${new URL(c.req.url).host}${JWKS_PATH}`;
    const doc = openIdConfiguration(issuer, jwksUri, ring.keys.map(() => SIGNING_ALG));
    return respond(JSON.stringify(doc), "application/json");
  });
  app.get(JWKS_PATH, async (c) => {
    const env = c.env as Env;
    servedIssuer(env);
    const ring = await loadKeyring(env);
    return respond(JSON.stringify(publicJwks(ring.keys)), JWKS_CONTENT_TYPE);
  });
}

function servedIssuer(env: Env): string {
  const issuer = serviceAccountIssuer(env);
  if (issuerUrlError(issuer)) throw pathNotFound();
  return issuer;
}

function respond(body: string, contentType: string): Response {
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": CACHE_CONTROL } });
}
