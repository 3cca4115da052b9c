/**
 * Authentication as kube-apiserver builds it (pkg/kubeapiserver/authenticator): a union of request
 * authenticators — x509 client certificate, then bearer token (the `Authorization: Bearer` header, and the
 * `base64url.bearer.authorization.k8s.io.` WebSocket subprotocol) — wrapped in the authenticated-group adder,
 * then anonymous with FailOnError:
 *
 * - the first authenticator that accepts the request wins, errors of the others are then ignored;
 * - none accepts and one erred (a presented token nobody accepts, a bad client certificate) → 401 Unauthorized;
 * - none had anything to check (no credentials, a non-Bearer scheme such as Basic) → `system:anonymous` in
 *   `system:unauthenticated`;
 * - an authenticated user gets `system:authenticated` unless it is `system:anonymous` or already has
 *   `system:authenticated` / `system:unauthenticated`.
 *
 * Tokens: the ADMIN_TOKEN (cluster-admin), STATIC_TOKENS (`--token-auth-file`), service-account JWTs, tried in
 * that order. The admin and static tokens are audience-agnostic: they are valid for the API audiences only.
 * A token in the `?access_token=` query is not read (kube-apiserver has no such authenticator).
 */
import { unauthorized } from "../errors";
import type { Env } from "../env";
import { authenticateClientCertificate } from "./client-cert";
import { authenticateServiceAccountToken } from "./sa-token";
import { constantTimeEqual, lookupStaticToken, tokenDigest } from "./static-tokens";
import { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, ANONYMOUS, ANONYMOUS_USER, CLUSTER_ADMIN, type UserInfo } from "./user";

/** An authenticator's answer: accepted (user + audiences), rejected with an error, or no opinion. */
export type AuthenticationResult = { user: UserInfo; audiences: string[] } | { error: string } | undefined;

/** `--service-account-issuer` default; the API audiences default to the issuer (`--api-audiences`). */
export const DEFAULT_SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";

/** The audiences the API server identifies as (`--api-audiences`, default: the service-account issuer). */
export function apiAudiences(env: Env): string[] {
  return [env.SERVICE_ACCOUNT_ISSUER || DEFAULT_SERVICE_ACCOUNT_ISSUER];
}

/** bearertoken.Authenticator's error for a token no token authenticator accepted or rejected. */
export const INVALID_BEARER_TOKEN = "invalid bearer token";

/** utilerrors.NewAggregate(...).Error(): one message as is, several de-duplicated in `[a, b]`. */
export function aggregateErrors(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(", ")}]`;
}

/** group.AuthenticatedGroupAdder: adds `system:authenticated` once, never to anonymous or unauthenticated users. */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.username === ANONYMOUS_USER) return user;
  if (user.groups.some((g) => g === ALL_AUTHENTICATED || g === ALL_UNAUTHENTICATED)) return user;
  return { ...user, groups: [...user.groups, ALL_AUTHENTICATED] };
}

/** authenticator.Audiences.Intersect, in the order of `a`. */
export function intersectAudiences(a: string[], b: string[]): string[] {
  return a.filter((x) => b.includes(x));
}

/**
 * The token of an Authorization header as bearertoken.Authenticator reads it: trimmed, split on the first two
 * spaces, scheme `Bearer` in any case; the token is the text between the first and second space. An empty
 * token (`Bearer` followed by two spaces) is ignored, as is every other scheme.
 */
export function bearerTokenOf(header: string | null): string | undefined {
  const auth = (header ?? "").trim();
  const sp = auth.indexOf(" ");
  if (sp < 0 || auth.slice(0, sp).toLowerCase() !== "bearer") return undefined;
  const rest = auth.slice(sp + 1);
  const token = rest.split(" ", 1)[0];
  return token === "" ? undefined : token;
}

const BEARER_PROTOCOL_PREFIX = "base64url.bearer.authorization.k8s.io.";

/**
 * The token of websocket.ProtocolAuthenticator: a WebSocket upgrade carrying the subprotocol
 * `base64url.bearer.authorization.k8s.io.<base64url(token)>` next to at least one other subprotocol.
 */
export function websocketBearerTokenOf(headers: Headers): { token: string } | { error: string } | undefined {
  // Upstream also wants `Connection: upgrade`; the runtime may consume that hop-by-hop header, so only
  // `Upgrade: websocket` is required here.
  if ((headers.get("upgrade") ?? "").toLowerCase() !== "websocket") return undefined;
  let token = "";
  let sawToken = false;
  let others = 0;
  for (const raw of (headers.get("sec-websocket-protocol") ?? "").split(",")) {
    const protocol = raw.trim();
    if (!protocol.startsWith(BEARER_PROTOCOL_PREFIX)) {
      others++;
      continue;
    }
    if (sawToken) return { error: "multiple base64.bearer.authorization tokens specified" };
    sawToken = true;
    const decoded = decodeRawBase64Url(protocol.slice(BEARER_PROTOCOL_PREFIX.length));
    if (decoded === undefined) return { error: "invalid base64.bearer.authorization token encoding" };
    try {
      token = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(decoded);
    } catch {
      return { error: "invalid base64.bearer.authorization token" };
    }
  }
  if (token && others === 0) return { error: "missing additional subprotocol" };
  return token ? { token } : undefined;
}

/** Go's base64.RawURLEncoding.DecodeString: URL alphabet, no padding. */
function decodeRawBase64Url(s: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return undefined;
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

type TokenAuthenticator = (env: Env, token: string, audiences: string[]) => Promise<AuthenticationResult>;

/** WrapAudienceAgnosticToken: valid only for the API audiences; responds with the audiences in common. */
function audienceAgnostic(lookup: (env: Env, token: string) => Promise<UserInfo | undefined>): TokenAuthenticator {
  return async (env, token, audiences) => {
    const auds = intersectAudiences(apiAudiences(env), audiences);
    if (auds.length === 0) return undefined;
    const user = await lookup(env, token);
    return user ? { user, audiences: auds } : undefined;
  };
}

const adminToken = audienceAgnostic(async (env, token) => {
  if (!env.ADMIN_TOKEN) return undefined;
  const [a, b] = await Promise.all([tokenDigest(token), tokenDigest(env.ADMIN_TOKEN)]);
  return constantTimeEqual(a, b) ? { ...CLUSTER_ADMIN, groups: [...CLUSTER_ADMIN.groups] } : undefined;
});

const staticToken = audienceAgnostic((env, token) => lookupStaticToken(env.STATIC_TOKENS, token));

/** The token authenticators in kube-apiserver's order (token file, then service accounts). */
const TOKEN_AUTHENTICATORS: TokenAuthenticator[] = [adminToken, staticToken, authenticateServiceAccountToken];

/**
 * A bearer token's identity, as TokenReview and the request chain see it (`system:authenticated` added).
 * `audiences` are the ones the token must be valid for (default: the API audiences). A token nobody accepts is
 * `{ error }`: the authenticators' errors, or "invalid bearer token".
 */
export async function authenticateToken(
  env: Env,
  token: string,
  audiences: string[] = apiAudiences(env),
): Promise<{ user: UserInfo; audiences: string[] } | { error: string }> {
  const errors: string[] = [];
  for (const authenticator of TOKEN_AUTHENTICATORS) {
    const r = await authenticator(env, token, audiences);
    if (r === undefined) continue;
    if ("error" in r) {
      errors.push(r.error);
      continue;
    }
    return { user: withAuthenticatedGroup(r.user), audiences: r.audiences };
  }
  return { error: errors.length ? aggregateErrors(errors) : INVALID_BEARER_TOKEN };
}

type RequestAuthenticator = (req: Request, env: Env) => Promise<AuthenticationResult>;

const bearerToken: RequestAuthenticator = async (req, env) => {
  const token = bearerTokenOf(req.headers.get("authorization"));
  return token === undefined ? undefined : authenticateToken(env, token);
};

const websocketBearerToken: RequestAuthenticator = async (req, env) => {
  const found = websocketBearerTokenOf(req.headers);
  if (found === undefined || "error" in found) return found;
  return authenticateToken(env, found.token);
};

/** The request authenticators of the union, in kube-apiserver's order. */
const REQUEST_AUTHENTICATORS: RequestAuthenticator[] = [authenticateClientCertificate, bearerToken, websocketBearerToken];

/** The union: the first authenticator that accepts wins; otherwise the aggregated errors, or no opinion. */
export async function authenticateRequest(req: Request, env: Env): Promise<AuthenticationResult> {
  const errors: string[] = [];
  for (const authenticator of REQUEST_AUTHENTICATORS) {
    const r = await authenticator(req, env);
    if (r === undefined) continue;
    if ("error" in r) {
      errors.push(r.error);
      continue;
    }
    // WithAuthentication: a response for other audiences than the API's is refused.
    const api = apiAudiences(env);
    if (r.audiences.length > 0 && intersectAudiences(api, r.audiences).length === 0) {
      return { error: `token audiences ${JSON.stringify(r.audiences)} are invalid for the target audiences ${JSON.stringify(api)}` };
    }
    return { user: withAuthenticatedGroup(r.user), audiences: r.audiences };
  }
  return errors.length ? { error: aggregateErrors(errors) } : undefined;
}

/** The requester: the authenticated user, or anonymous without credentials; 401 for rejected credentials. */
export async function authenticate(req: Request, env: Env): Promise<UserInfo> {
  const r = await authenticateRequest(req, env);
  if (r === undefined) return ANONYMOUS;
  if ("error" in r) throw unauthorized();
  return r.user;
}

/**
 * Headers that carried credentials, removed once they were used (bearertoken and the WebSocket protocol
 * authenticator delete the token; the impersonation filter deletes `Impersonate-*`), so that nothing
 * downstream (proxies, logs) sees them. Returns `req` itself when there is nothing to remove.
 */
export function withoutCredentialHeaders(req: Request): Request {
  const headers = new Headers(req.headers);
  let changed = false;
  for (const name of [...headers.keys()]) {
    if (name === "authorization" ? bearerTokenOf(headers.get(name)) !== undefined : name.startsWith("impersonate-")) {
      headers.delete(name);
      changed = true;
    }
  }
  const protocols = headers.get("sec-websocket-protocol");
  if (protocols?.includes(BEARER_PROTOCOL_PREFIX)) {
    const kept = protocols
      .split(",")
      .map((p) => p.trim())
      .filter((p) => !p.startsWith(BEARER_PROTOCOL_PREFIX));
    headers.set("sec-websocket-protocol", kept.join(","));
    changed = true;
  }
  return changed ? new Request(req, { headers }) : req;
}

/** Constant-time string comparison (equal lengths take the same time). Kept for callers comparing secrets. */
export function timingSafeEqual(a: string, b: string): boolean {
  return constantTimeEqual(new TextEncoder().encode(a), new TextEncoder().encode(b));
}
