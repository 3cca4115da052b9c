/**
 * Impersonation (`kubectl --as`, `--as-group`, `--as-uid`), as k8s.io/apiserver's WithImpersonation filter:
 * `Impersonate-User`, `Impersonate-Group` (repeatable), `Impersonate-Uid` and `Impersonate-Extra-<key>`
 * (key lower-cased, then percent-decoded) replace the requester's identity once the requester is allowed the
 * `impersonate` verb on every requested attribute:
 *
 * | header                    | authorized as (group / resource / subresource) | name  | namespace |
 * |---------------------------|------------------------------------------------|-------|-----------|
 * | User (a service account)  | "" / serviceaccounts                           | name  | namespace |
 * | User (anyone else)        | "" / users                                     | user  |           |
 * | Group                     | "" / groups                                    | group |           |
 * | Extra-<key>               | authentication.k8s.io / userextras / <key>     | value |           |
 * | Uid                       | authentication.k8s.io / uids                   | uid   |           |
 *
 * Groups, extra or uid without a user → 400. A denied attribute → 403 worded by responsewriters.Forbidden.
 * Without `Impersonate-Group`, a service account gets `system:serviceaccounts` and
 * `system:serviceaccounts:<ns>`; then every user but `system:anonymous` gets `system:authenticated` unless a
 * group already is `system:authenticated` or `system:unauthenticated` (anonymous gets `system:unauthenticated`).
 *
 * Repeated headers reach the Worker joined by ", " (Fetch semantics): groups and extra values are split there,
 * so a group name containing ", " cannot be impersonated.
 */
import type { Env } from "../env";
import { badRequest } from "../errors";
import { authorize } from "../authz/authorize";
import { forbiddenError } from "../authz/forbidden";
import type { Attributes } from "../authz/types";
import { ALL_AUTHENTICATED, ALL_SERVICE_ACCOUNTS, ALL_UNAUTHENTICATED, ANONYMOUS_USER, SERVICE_ACCOUNT_PREFIX, type UserInfo } from "./user";

export const IMPERSONATE_USER = "impersonate-user";
export const IMPERSONATE_GROUP = "impersonate-group";
export const IMPERSONATE_UID = "impersonate-uid";
export const IMPERSONATE_EXTRA_PREFIX = "impersonate-extra-";

const AUTHN_GROUP = "authentication.k8s.io";

/** One thing to impersonate (upstream builds a v1.ObjectReference per header value). */
export type ImpersonationRequest =
  | { kind: "ServiceAccount"; namespace: string; name: string }
  | { kind: "User" | "Group" | "UID"; name: string }
  | { kind: "UserExtra"; key: string; name: string };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** serviceaccount.SplitUsername: namespace a DNS label, name a DNS subdomain; anything else is not a service account. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(":");
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts;
  if (namespace.length > 63 || !DNS_LABEL.test(namespace)) return undefined;
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) return undefined;
  return { namespace, name };
}

/** Go's url.PathUnescape, falling back to the input on a malformed escape (upstream unescapeExtraKey). */
export function unescapeExtraKey(encoded: string): string {
  if (!/^(?:[^%]|%[0-9A-Fa-f]{2})*$/.test(encoded)) return encoded;
  if (!encoded.includes("%")) return encoded;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < encoded.length; ) {
    if (encoded[i] === "%") {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const ch = String.fromCodePoint(encoded.codePointAt(i)!);
      bytes.push(...enc.encode(ch));
      i += ch.length;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** The values of a repeatable header (the runtime joins repeats with ", "). */
function headerValues(headers: Headers, name: string): string[] {
  const v = headers.get(name);
  return v === null ? [] : v.split(", ");
}

/** Go's `%v` of the []v1.ObjectReference upstream builds (for the 400 message). */
export function describeImpersonationRequests(requests: ImpersonationRequest[]): string {
  const ref = (r: ImpersonationRequest) => {
    const namespace = r.kind === "ServiceAccount" ? r.namespace : "";
    const apiVersion = r.kind === "UserExtra" || r.kind === "UID" ? `${AUTHN_GROUP}/v1` : "";
    const fieldPath = r.kind === "UserExtra" ? r.key : "";
    return `{${[r.kind, namespace, r.name, "", apiVersion, "", fieldPath].join(" ")}}`;
  };
  return `[${requests.map(ref).join(" ")}]`;
}

/** buildImpersonationRequests: what the headers ask for, in upstream's order (user, groups, extra, uid). */
export function impersonationRequestsOf(headers: Headers): ImpersonationRequest[] {
  const requests: ImpersonationRequest[] = [];
  const user = headers.get(IMPERSONATE_USER) ?? "";
  if (user) {
    const sa = splitServiceAccountUsername(user);
    requests.push(sa ? { kind: "ServiceAccount", ...sa } : { kind: "User", name: user });
  }
  const groups = headerValues(headers, IMPERSONATE_GROUP);
  for (const name of groups) requests.push({ kind: "Group", name });
  let hasExtra = false;
  for (const [header] of headers) {
    if (!header.startsWith(IMPERSONATE_EXTRA_PREFIX)) continue;
    hasExtra = true;
    const key = unescapeExtraKey(header.slice(IMPERSONATE_EXTRA_PREFIX.length).toLowerCase());
    for (const name of headerValues(headers, header)) requests.push({ kind: "UserExtra", key, name });
  }
  const uid = headers.get(IMPERSONATE_UID) ?? "";
  if (uid) requests.push({ kind: "UID", name: uid });
  if ((groups.length > 0 || hasExtra || uid) && !user) {
    throw badRequest(`requested ${describeImpersonationRequests(requests)} without impersonating a user`);
  }
  return requests;
}

/** The authorization attributes checking that `requestor` may impersonate `r`. */
export function impersonationAttributes(requestor: UserInfo, r: ImpersonationRequest): Attributes {
  const a: Attributes = { user: requestor, verb: "impersonate", resourceRequest: true, apiGroup: "", apiVersion: "", name: r.name };
  switch (r.kind) {
    case "ServiceAccount":
      return { ...a, resource: "serviceaccounts", namespace: r.namespace };
    case "User":
      return { ...a, resource: "users" };
    case "Group":
      return { ...a, resource: "groups" };
    case "UserExtra":
      return { ...a, apiGroup: AUTHN_GROUP, apiVersion: "v1", resource: "userextras", subresource: r.key };
    case "UID":
      return { ...a, apiGroup: AUTHN_GROUP, apiVersion: "v1", resource: "uids" };
  }
}

/** The identity the requests describe (all of them already authorized). */
export function impersonatedUser(requests: ImpersonationRequest[], groupsSpecified: boolean): UserInfo {
  let username = "";
  let uid = "";
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};
  for (const r of requests) {
    switch (r.kind) {
      case "ServiceAccount":
        username = `${SERVICE_ACCOUNT_PREFIX}${r.namespace}:${r.name}`;
        if (!groupsSpecified) groups = [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${r.namespace}`];
        break;
      case "User":
        username = r.name;
        break;
      case "Group":
        groups.push(r.name);
        break;
      case "UserExtra":
        (extra[r.key] ??= []).push(r.name);
        break;
      case "UID":
        uid = r.name;
        break;
    }
  }
  if (username !== ANONYMOUS_USER) {
    if (!groups.some((g) => g === ALL_AUTHENTICATED || g === ALL_UNAUTHENTICATED)) groups.push(ALL_AUTHENTICATED);
  } else if (!groups.includes(ALL_UNAUTHENTICATED)) {
    groups.push(ALL_UNAUTHENTICATED);
  }
  return {
    username,
    ...(uid ? { uid } : {}),
    groups,
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}

/** The identity a request acts as: `user` itself, or the impersonated one once every attribute is authorized. */
export async function impersonate(req: Request, user: UserInfo, env: Env): Promise<UserInfo> {
  const requests = impersonationRequestsOf(req.headers);
  if (requests.length === 0) return user;
  for (const r of requests) {
    const attributes = impersonationAttributes(user, r);
    // Upstream answers an authorizer error like a denial: 403 with the reason given.
    const decision = await authorize(env, attributes).catch(() => ({ allowed: false, reason: "" }));
    if (!decision.allowed) throw forbiddenError(attributes, decision.reason);
  }
  return impersonatedUser(requests, req.headers.has(IMPERSONATE_GROUP));
}
