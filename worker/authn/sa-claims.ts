/**
 * Service-account JWT claims as upstream issues and checks them (pkg/serviceaccount/claims.go, jwt.go and
 * k8s.io/apiserver/pkg/authentication/serviceaccount): pure functions, the clock passed in.
 */
import type { KubeObject } from "../../schema/types";
import { serviceAccountGroups, serviceAccountUsername, type UserInfo } from "./user";

/** A reference to a bound object in the `kubernetes.io` claim (empty fields omitted, as Go's omitempty). */
export interface ObjectRef {
  name?: string;
  uid?: string;
}

/** The private `kubernetes.io` claim. */
export interface KubernetesClaim {
  namespace?: string;
  node?: ObjectRef;
  pod?: ObjectRef;
  secret?: ObjectRef;
  serviceaccount?: ObjectRef;
  warnafter?: number;
}

export interface ServiceAccountClaims {
  aud: string[];
  exp: number;
  iat: number;
  iss: string;
  jti: string;
  "kubernetes.io": KubernetesClaim;
  nbf: number;
  sub: string;
}

/** go-jose's jwt.DefaultLeeway, applied to exp/nbf/iat and to deletion timestamps. */
export const LEEWAY_SECONDS = 60;
/** A pod-bound token asked for with exactly this lifetime is extended (`--service-account-extend-token-expiration`). */
export const WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS = 60 * 60 + 7;
/** The lifetime such a token really gets: one year. */
export const EXPIRATION_EXTENSION_SECONDS = 24 * 365 * 60 * 60;

export const EXTRA_POD_NAME = "authentication.kubernetes.io/pod-name";
export const EXTRA_POD_UID = "authentication.kubernetes.io/pod-uid";
export const EXTRA_NODE_NAME = "authentication.kubernetes.io/node-name";
export const EXTRA_NODE_UID = "authentication.kubernetes.io/node-uid";
export const EXTRA_CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

export const TOKEN_INVALIDATED = "service account token has been invalidated";

export function refOf(obj: { name?: string; uid?: string }): ObjectRef {
  return { ...(obj.name ? { name: obj.name } : {}), ...(obj.uid ? { uid: obj.uid } : {}) };
}

export interface ClaimsInput {
  issuer: string;
  serviceAccount: { namespace: string; name: string; uid: string };
  /** At most one of pod and secret; node alone (node-bound) or with a pod (the pod's node). */
  pod?: ObjectRef;
  secret?: ObjectRef;
  node?: ObjectRef;
  expirationSeconds: number;
  /** Non-zero for an extended pod-bound token: the lifetime asked for, after which use is only warned about. */
  warnAfterSeconds?: number;
  audiences: string[];
  now: Date;
  jti: string;
}

/** claims.go Claims(): the public and private claims of a new token (NumericDates are whole seconds). */
export function buildClaims(input: ClaimsInput): ServiceAccountClaims {
  const now = Math.floor(input.now.getTime() / 1000);
  const { namespace, name, uid } = input.serviceAccount;
  const k8s: KubernetesClaim = { namespace, serviceaccount: refOf({ name, uid }) };
  if (input.pod) {
    k8s.pod = refOf(input.pod);
    if (input.node) k8s.node = refOf(input.node);
  } else if (input.secret) {
    k8s.secret = refOf(input.secret);
  } else if (input.node) {
    k8s.node = refOf(input.node);
  }
  if (input.warnAfterSeconds) k8s.warnafter = now + input.warnAfterSeconds;
  return {
    aud: input.audiences,
    exp: now + input.expirationSeconds,
    iat: now,
    iss: input.issuer,
    jti: input.jti,
    "kubernetes.io": k8s,
    nbf: now,
    sub: serviceAccountUsername(namespace, name),
  };
}

/** JSON with object keys sorted at every level, as go-jose's builder serializes merged claims. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}

/**
 * jwtTokenAuthenticator.hasCorrectIssuer: the unverified `iss` of a compact JWT, or undefined when `token` is
 * not one (a JSON serialization, not three parts, undecodable payload).
 */
export function unverifiedIssuer(token: string): string | undefined {
  if (token.trim().startsWith("{")) return undefined;
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const payload = decodeSegment(parts[1]);
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(payload);
    return claims && typeof claims === "object" && typeof claims.iss === "string" ? claims.iss : undefined;
  } catch {
    return undefined;
  }
}

/** Go's base64.RawURLEncoding.DecodeString then UTF-8, or undefined. */
export function decodeSegment(s: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return undefined;
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  try {
    const bytes = Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The `aud` claim as go-jose reads it: a string or a list of strings. */
export function audienceClaim(aud: unknown): string[] {
  if (typeof aud === "string") return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === "string") : [];
}

const goQuotedList = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(" ")}]`;

/**
 * jwt.go's audience check: a token without audiences counts as for the API audiences; the answer is the
 * requested audiences the token has (authenticator.Audiences.Intersect), none of them an error.
 */
export function matchAudiences(tokenAud: string[], requested: string[], apiAudiences: string[]): { audiences: string[] } | { error: string } {
  const token = tokenAud.length ? tokenAud : apiAudiences;
  const audiences = requested.filter((a) => token.includes(a));
  if (audiences.length === 0 && apiAudiences.length) {
    return { error: `token audiences ${goQuotedList(token)} is invalid for the target audiences ${goQuotedList(requested)}` };
  }
  return { audiences };
}

/** go-jose Claims.ValidateWithLeeway(DefaultLeeway) as claims.go words its failures; absent times are not checked. */
export function claimTimeError(claims: { exp?: unknown; nbf?: unknown; iat?: unknown }, nowMs: number): string | undefined {
  const leeway = LEEWAY_SECONDS * 1000;
  const at = (v: unknown) => (typeof v === "number" ? Math.trunc(v) * 1000 : undefined);
  const nbf = at(claims.nbf);
  const exp = at(claims.exp);
  const iat = at(claims.iat);
  if (nbf !== undefined && nowMs + leeway < nbf) return "service account token is not valid yet";
  if (exp !== undefined && nowMs - leeway > exp) return "service account token has expired";
  if (iat !== undefined && nowMs + leeway < iat) return "service account token is issued in the future";
  return undefined;
}

/** ServiceAccountInfo: who a valid token is. */
export interface ServiceAccountInfo {
  namespace: string;
  name: string;
  uid: string;
  podName?: string;
  podUid?: string;
  nodeName?: string;
  nodeUid?: string;
  credentialId?: string;
}

/** The objects a token's claims reference, as found in storage (undefined = not found). */
export interface BoundObjects {
  serviceAccount?: KubeObject;
  secret?: KubeObject;
  pod?: KubeObject;
  node?: KubeObject;
}

function deletedBefore(obj: KubeObject, limitMs: number): boolean {
  const ts = obj.metadata?.deletionTimestamp;
  return typeof ts === "string" && Date.parse(ts) < limitMs;
}

/**
 * claims.go validator.Validate after the time checks: the service account and every bound object must still
 * exist with the uid of the claim and not have been deleted more than the leeway ago (a pod past its grace period).
 * A pod-bound token's node is informational; a node-bound token's node is checked.
 */
export function checkBoundObjects(k8s: KubernetesClaim, found: BoundObjects, nowMs: number, jti?: string): ServiceAccountInfo | { error: string } {
  const limit = nowMs - LEEWAY_SECONDS * 1000;
  const namespace = k8s.namespace ?? "";
  const saRef = k8s.serviceaccount ?? {};
  const sa = found.serviceAccount;
  if (!sa) return { error: `serviceaccounts "${saRef.name ?? ""}" not found` };
  const saUid = (sa.metadata?.uid as string | undefined) ?? "";
  if (saUid !== (saRef.uid ?? "")) return { error: `service account UID (${saUid}) does not match claim (${saRef.uid ?? ""})` };
  if (deletedBefore(sa, limit)) return { error: `service account ${namespace}/${saRef.name ?? ""} has been deleted` };
  if (k8s.secret) {
    const s = found.secret;
    if (!s) return { error: TOKEN_INVALIDATED };
    const uid = (s.metadata?.uid as string | undefined) ?? "";
    if (uid !== (k8s.secret.uid ?? "")) return { error: `secret UID (${uid}) does not match service account secret ref claim (${k8s.secret.uid ?? ""})` };
    if (deletedBefore(s, limit)) return { error: TOKEN_INVALIDATED };
  }
  const info: ServiceAccountInfo = { namespace, name: saRef.name ?? "", uid: saRef.uid ?? "" };
  if (k8s.pod) {
    const p = found.pod;
    if (!p) return { error: TOKEN_INVALIDATED };
    const uid = (p.metadata?.uid as string | undefined) ?? "";
    if (uid !== (k8s.pod.uid ?? "")) return { error: `pod UID (${uid}) does not match service account pod ref claim (${k8s.pod.uid ?? ""})` };
    if (deletedBefore(p, limit)) return { error: TOKEN_INVALIDATED };
    info.podName = k8s.pod.name;
    info.podUid = k8s.pod.uid;
  }
  if (k8s.node) {
    if (!k8s.pod) {
      const n = found.node;
      if (!n) return { error: TOKEN_INVALIDATED };
      const uid = (n.metadata?.uid as string | undefined) ?? "";
      if (uid !== (k8s.node.uid ?? "")) return { error: `node UID (${uid}) does not match service account node ref claim (${k8s.node.uid ?? ""})` };
      if (deletedBefore(n, limit)) return { error: TOKEN_INVALIDATED };
    }
    info.nodeName = k8s.node.name;
    info.nodeUid = k8s.node.uid;
  }
  if (jti) info.credentialId = `JTI=${jti}`;
  return info;
}

/** ServiceAccountInfo.UserInfo(), with `system:authenticated` (the authenticated-group adder's). */
export function serviceAccountUser(info: ServiceAccountInfo): UserInfo {
  const extra: Record<string, string[]> = {};
  if (info.credentialId) extra[EXTRA_CREDENTIAL_ID] = [info.credentialId];
  if (info.nodeName) {
    extra[EXTRA_NODE_NAME] = [info.nodeName];
    if (info.nodeUid) extra[EXTRA_NODE_UID] = [info.nodeUid];
  }
  if (info.podName && info.podUid) {
    extra[EXTRA_POD_NAME] = [info.podName];
    extra[EXTRA_POD_UID] = [info.podUid];
  }
  return {
    username: serviceAccountUsername(info.namespace, info.name),
    ...(info.uid ? { uid: info.uid } : {}),
    groups: serviceAccountGroups(info.namespace),
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}
