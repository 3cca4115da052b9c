/**
 * Who a registry request is and what it may do.
 *
 * Authentication: registry clients (docker, skopeo, crane) send HTTP Basic once challenged; the password is
 * a cluster bearer token (admin, static, service-account) and the username is ignored, so
 * `skopeo copy --dest-creds any:$TOKEN …` works. `Authorization: Bearer` and client certificates go through
 * the API server's own request authenticators. No credentials → `system:anonymous`; credentials nobody
 * accepts → 401.
 *
 * Authorization: RBAC on the non-resource URL = the request path, verb = the lower-cased method, except that
 * HEAD is authorized as `get` (it reads what GET reads). So pulling is `get` on `/v2/<name>/*`, pushing
 * `post`, `patch` and `put` there, deleting `delete`; the catalog is `get` on `/v2/_catalog`, the version
 * check `get` on `/v2/`. A denied anonymous request gets 401 with a Basic challenge (clients then retry with
 * credentials); a denied authenticated one 403 DENIED.
 */
import { authenticateRequest, authenticateToken } from "../authn/authenticate";
import { ANONYMOUS, ANONYMOUS_USER, type UserInfo } from "../authn/user";
import { authorize } from "../authz/authorize";
import { forbiddenMessage } from "../authz/forbidden";
import { nonResourceAttributes } from "../authz/request-attributes";
import type { Env } from "../env";
import { denied, unauthorized } from "./errors";

/** What the Authorization header holds: a Basic password (the token), a malformed Basic header, or other. */
export type RegistryCredentials = { kind: "basic"; token: string } | { kind: "malformed" } | { kind: "other" };

/**
 * Reads `Authorization: Basic base64(user:password)` (RFC 7617; the scheme in any case, UTF-8 credentials);
 * a Basic header without a `:` or with an empty password is malformed. Anything else is "other": the
 * request authenticators decide (Bearer), or nobody does (anonymous). Pure.
 */
export function registryCredentials(header: string | null): RegistryCredentials {
  const m = /^basic +(\S*) *$/i.exec((header ?? "").trim());
  if (!m) return { kind: "other" };
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0)));
  } catch {
    return { kind: "malformed" };
  }
  const colon = decoded.indexOf(":");
  if (colon < 0 || colon === decoded.length - 1) return { kind: "malformed" };
  return { kind: "basic", token: decoded.slice(colon + 1) };
}

/** The RBAC verb of a registry request's method: lower-cased, HEAD as `get`. Pure. */
export function registryVerb(method: string): string {
  const verb = method.toLowerCase();
  return verb === "head" ? "get" : verb;
}

/** The requester, or 401 UNAUTHORIZED (with the challenge) for credentials that are not accepted. */
export async function authenticateRegistry(request: Request, env: Env): Promise<UserInfo> {
  const credentials = registryCredentials(request.headers.get("authorization"));
  if (credentials.kind === "malformed") throw unauthorized("malformed Basic credentials");
  if (credentials.kind === "basic") {
    const r = await authenticateToken(env, credentials.token);
    if ("error" in r) throw unauthorized("invalid credentials");
    return r.user;
  }
  const r = await authenticateRequest(request, env);
  if (r === undefined) return ANONYMOUS;
  if ("error" in r) throw unauthorized("invalid credentials");
  return r.user;
}

/** Whether `user` may do `method` on `path`. */
export async function allowed(env: Env, user: UserInfo, method: string, path: string): Promise<boolean> {
  return (await authorize(env, nonResourceAttributes(user, registryVerb(method), path))).allowed;
}

/** Throws 401 (anonymous) or 403 DENIED unless `user` may do `method` on `path`. */
export async function requireAllowed(env: Env, user: UserInfo, method: string, path: string): Promise<void> {
  const attributes = nonResourceAttributes(user, registryVerb(method), path);
  const decision = await authorize(env, attributes);
  if (decision.allowed) return;
  if (user.username === ANONYMOUS_USER) throw unauthorized();
  throw denied(forbiddenMessage(attributes) + (decision.reason ? `: ${decision.reason}` : ""));
}
