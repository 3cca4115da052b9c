/**
 * Service-account JWTs (pkg/serviceaccount/jwt.go): signing with the active key, and the bound-token
 * authenticator: issuer → key by `kid` → signature → audiences → times → the referenced objects.
 * Legacy Secret-based tokens (issuer `kubernetes/serviceaccount`) are not issued here and not accepted.
 */
import { loadJose } from "./jose";
import type { Env } from "../env";
import { apiAudiences, DEFAULT_SERVICE_ACCOUNT_ISSUER } from "./authenticate";
import { getCoreObject } from "./core-objects";
import {
  audienceClaim,
  type BoundObjects,
  canonicalJson,
  checkBoundObjects,
  claimTimeError,
  decodeSegment,
  type KubernetesClaim,
  matchAudiences,
  type ServiceAccountClaims,
  serviceAccountUser,
  unverifiedIssuer,
} from "./sa-claims";
import { loadKeyring, SIGNING_ALG, type SigningKey } from "./signing-keys";
import type { UserInfo } from "./user";

/** `--service-account-issuer`: the `iss` of issued tokens, the only one accepted. */
export function serviceAccountIssuer(env: Env): string {
  return env.SERVICE_ACCOUNT_ISSUER || DEFAULT_SERVICE_ACCOUNT_ISSUER;
}

/** go-jose's error for a signature that does not verify with a key. */
export const SIGNATURE_ERROR = "square/go-jose: error in cryptographic primitive";

/** Signs claims with the active key: header `{"alg":"RS256","kid":…}`, payload keys sorted as upstream's. */
export async function signServiceAccountToken(env: Env, claims: ServiceAccountClaims): Promise<string> {
  const ring = await loadKeyring(env);
  if ("error" in ring.active) throw new Error(ring.active.error);
  return signWith(ring.active, claims);
}

export async function signWith(key: SigningKey, claims: unknown): Promise<string> {
  const { CompactSign } = await loadJose();
  return new CompactSign(new TextEncoder().encode(canonicalJson(claims)))
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid })
    .sign(key.privateKey);
}

export type ServiceAccountAuthentication = { user: UserInfo; audiences: string[] } | { error: string } | undefined;

/**
 * The identity of a service-account JWT: undefined when `token` is not a JWT of our issuer (the next
 * authenticator is tried), `{ error }` when it is one but invalid (401), else the user and the audiences of
 * `audiences` (default: the API audiences) the token is valid for.
 */
export async function authenticateServiceAccountToken(env: Env, token: string, audiences?: string[]): Promise<ServiceAccountAuthentication> {
  return verifyServiceAccountToken(env, token, audiences ?? apiAudiences(env), Date.now());
}

/** authenticateServiceAccountToken with the clock passed in. */
export async function verifyServiceAccountToken(env: Env, token: string, requested: string[], nowMs: number): Promise<ServiceAccountAuthentication> {
  const issuer = serviceAccountIssuer(env);
  if (unverifiedIssuer(token) !== issuer) return undefined;
  const header = parseJson(decodeSegment(token.split(".")[0]));
  if (!header) return undefined;
  const payload = await verifySignature(env, token, typeof header.kid === "string" ? header.kid : "");
  if ("error" in payload) return payload;
  const claims = payload.claims;
  if (claims.iss !== issuer) return { error: `token issuer "${String(claims.iss)}" is invalid` };
  const auds = matchAudiences(audienceClaim(claims.aud), requested, apiAudiences(env));
  if ("error" in auds) return auds;
  const timeError = claimTimeError(claims, nowMs);
  if (timeError) return { error: timeError };
  const k8s = (claims["kubernetes.io"] ?? {}) as KubernetesClaim;
  const info = checkBoundObjects(k8s, await boundObjectsOf(env, k8s), nowMs, typeof claims.jti === "string" ? claims.jti : undefined);
  if ("error" in info) return info;
  return { user: serviceAccountUser(info), audiences: auds.audiences };
}

/**
 * The keys of the token's `kid` (all keys when it has none) and the first that verifies; no key of that id is
 * upstream's "invalid signature, no keys found" (a removed key), failures aggregate as utilerrors does.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function verifySignature(env: Env, token: string, kid: string): Promise<{ claims: Record<string, any> } | { error: string }> {
  const ring = await loadKeyring(env);
  const keys = kid ? ring.keys.filter((k) => k.kid === kid) : ring.keys;
  if (keys.length === 0) return { error: "invalid signature, no keys found" };
  const errors: string[] = [];
  const { compactVerify } = await loadJose();
  for (const key of keys) {
    try {
      const { payload } = await compactVerify(token, key.publicKey, { algorithms: [SIGNING_ALG] });
      const claims = parseJson(new TextDecoder().decode(payload));
      if (!claims) return { error: "square/go-jose/jwt: error unmarshalling claims" };
      return { claims };
    } catch {
      errors.push(SIGNATURE_ERROR);
    }
  }
  const unique = [...new Set(errors)];
  return { error: unique.length === 1 ? unique[0] : `[${unique.join(", ")}]` };
}

/** The objects the claims reference, read in parallel (only those referenced). */
async function boundObjectsOf(env: Env, k8s: KubernetesClaim): Promise<BoundObjects> {
  const ns = k8s.namespace ?? "";
  const [serviceAccount, secret, pod, node] = await Promise.all([
    getCoreObject(env, "serviceaccounts", ns, k8s.serviceaccount?.name ?? ""),
    k8s.secret ? getCoreObject(env, "secrets", ns, k8s.secret.name ?? "") : undefined,
    k8s.pod ? getCoreObject(env, "pods", ns, k8s.pod.name ?? "") : undefined,
    k8s.node && !k8s.pod ? getCoreObject(env, "nodes", undefined, k8s.node.name ?? "") : undefined,
  ]);
  return { serviceAccount, secret, pod, node };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function parseJson(text: string | undefined): Record<string, any> | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
