/**
 * The audit log: one `audit.k8s.io/v1` Event per request at level Metadata, written with console.log as one
 * JSON line (Workers Logs on the edge; `npm start` routes the lines to .wrangler/logs/audit.log). `AUDIT_LOG=off`
 * disables it. Mirrors k8s.io/apiserver/pkg/endpoints/filters (WithAuditInit, WithAudit,
 * WithFailedAuthenticationAudit) with the default policy "everything at Metadata":
 *
 * - every response carries the `Audit-Id` header: the client's own `Audit-ID` request header when it sent
 *   one (kept as is, as upstream), else a new UUID — also when the log is off;
 * - ordinary requests log stage ResponseComplete; long-running ones (watches, log/exec/proxy streams) log
 *   ResponseStarted when the response starts and ResponseComplete when the stream ends, as upstream;
 * - a request whose credentials fail authentication logs stage ResponseStarted with an empty user and the
 *   message "Authentication failed, attempted: <methods>", as upstream;
 * - responseStatus is `{metadata: {}, code}` for a success and carries the Status fields (status, message,
 *   reason, details) for a failure that went through the one error path.
 * Known gaps: no objectRef.name for a create (upstream takes it from the decoded body) and no
 * authorization.k8s.io/decision annotations.
 *
 * Building the line costs no I/O and no await; it happens after the response has been produced.
 */
import type { UserInfo } from "./authn/user";
import { ApiError } from "./errors";
import type { RequestClass } from "./limits/request-class";

export const AUDIT_API_VERSION = "audit.k8s.io/v1";
export type AuditStage = "ResponseStarted" | "ResponseComplete";

export interface AuditUser {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface AuditObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  apiVersion?: string;
  subresource?: string;
}

export interface AuditResponseStatus {
  metadata: Record<string, never>;
  status?: string;
  message?: string;
  reason?: string;
  details?: unknown;
  code: number;
}

/** audit.k8s.io/v1 Event, fields in upstream's order. */
export interface AuditEvent {
  kind: "Event";
  apiVersion: typeof AUDIT_API_VERSION;
  level: "Metadata";
  auditID: string;
  stage: AuditStage;
  requestURI: string;
  verb: string;
  user: AuditUser;
  impersonatedUser?: AuditUser;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  responseStatus: AuditResponseStatus;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
}

export interface AuditFacts {
  auditID: string;
  stage: AuditStage;
  request: Request;
  requestClass: RequestClass;
  /** Who authenticated; undefined when authentication failed (or never ran). */
  authenticated?: UserInfo;
  /** The identity the request ran as: differs from `authenticated` under impersonation. */
  user?: UserInfo;
  code: number;
  /** The error that became the response, if one did (Hono's `c.error`). */
  error?: unknown;
  /** Epoch milliseconds. */
  received: number;
  now: number;
}

export function auditEnabled(env: { AUDIT_LOG?: string }): boolean {
  return env.AUDIT_LOG !== "off";
}

export const AUDIT_ID_HEADER = "Audit-Id";

/** The request's audit ID: the client's `Audit-ID` header when present (upstream keeps it as is), else a UUID. */
export function auditIdFor(request: Request): string {
  return request.headers.get(AUDIT_ID_HEADER) || crypto.randomUUID();
}

export function auditEvent(f: AuditFacts): AuditEvent {
  const failedAuthentication = f.authenticated === undefined && f.code === 401;
  // Built in upstream's field order (JSON keeps insertion order).
  const ev = {
    kind: "Event",
    apiVersion: AUDIT_API_VERSION,
    level: "Metadata",
    auditID: f.auditID,
    stage: failedAuthentication ? "ResponseStarted" : f.stage,
    requestURI: requestURIOf(f.request.url),
    verb: f.requestClass.verb,
    user: f.authenticated ? auditUser(f.authenticated) : {},
  } as AuditEvent;
  if (f.user && f.authenticated && f.user !== f.authenticated) ev.impersonatedUser = auditUser(f.user);
  const ips = sourceIPs(f.request.headers);
  if (ips.length) ev.sourceIPs = ips;
  const ua = f.request.headers.get("user-agent");
  if (ua) ev.userAgent = ua;
  const ref = objectRefOf(f.requestClass);
  if (ref) ev.objectRef = ref;
  ev.responseStatus = failedAuthentication ? authenticationFailedStatus(f.request) : responseStatusOf(f.code, f.error);
  ev.requestReceivedTimestamp = microTime(f.received);
  ev.stageTimestamp = microTime(f.now);
  return ev;
}

/** Writes one event as one JSON line. */
export function logAuditEvent(ev: AuditEvent): void {
  console.log(JSON.stringify(ev));
}

/** The request-target as the client sent it: path and query of the URL. */
export function requestURIOf(url: string): string {
  const scheme = url.indexOf("://");
  const slash = url.indexOf("/", scheme < 0 ? 0 : scheme + 3);
  return slash < 0 ? "/" : url.slice(slash);
}

/** metav1.MicroTime: RFC 3339 with six fractional digits, UTC. The runtime's clock has millisecond resolution. */
export function microTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, -1)}000Z`;
}

const MAX_SOURCE_IPS = 16;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;

/**
 * utilnet.SourceIPs: the X-Forwarded-For chain, then X-Real-Ip, then the connection's address (on Workers
 * `CF-Connecting-IP`), each a valid IP and listed once. Only the first 16 are kept.
 */
export function sourceIPs(headers: Headers): string[] {
  const out: string[] = [];
  const add = (raw: string) => {
    const ip = raw.trim();
    if (out.length < MAX_SOURCE_IPS && isIP(ip) && !out.includes(ip)) out.push(ip);
  };
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) for (const part of forwarded.split(",", MAX_SOURCE_IPS * 4)) add(part);
  const real = headers.get("x-real-ip");
  if (real) add(real);
  const remote = headers.get("cf-connecting-ip");
  if (remote) add(remote);
  return out;
}

function isIP(s: string): boolean {
  return IPV4.test(s) || (s.includes(":") && IPV6.test(s));
}

function auditUser(u: UserInfo): AuditUser {
  const out: AuditUser = { username: u.username };
  if (u.uid) out.uid = u.uid;
  if (u.groups.length) out.groups = u.groups;
  if (u.extra && Object.keys(u.extra).length) out.extra = u.extra;
  return out;
}

/** audit.ObjectReference of a resource request; the namespace of `/api/v1/namespaces/x` is x, as upstream. */
export function objectRefOf(c: RequestClass): AuditObjectRef | undefined {
  const r = c.resource;
  if (!r) return undefined;
  const ref: AuditObjectRef = { resource: r.resource };
  const namespace = r.namespace ?? (r.group === "" && r.resource === "namespaces" ? r.name : undefined);
  if (namespace) ref.namespace = namespace;
  if (r.name) ref.name = r.name;
  if (r.group) ref.apiGroup = r.group;
  ref.apiVersion = r.version;
  if (r.subresource) ref.subresource = r.subresource;
  return ref;
}

function responseStatusOf(code: number, error: unknown): AuditResponseStatus {
  if (error instanceof ApiError && error.code === code) {
    const s = error.toStatus();
    // metav1.Status field order: metadata, status, message, reason, details, code.
    const out = { metadata: {}, status: s.status as string, message: s.message as string } as AuditResponseStatus;
    if (s.reason) out.reason = s.reason as string;
    if (s.details) out.details = s.details;
    out.code = code;
    return out;
  }
  return { metadata: {}, code };
}

/** WithFailedAuthenticationAudit's message: which credential types the request carried. */
function authenticationFailedStatus(request: Request): AuditResponseStatus {
  const header = request.headers.get("authorization") ?? "";
  const methods: string[] = [];
  if (/^basic\s/i.test(header)) methods.push("basic");
  if (/^bearer\s/i.test(header)) methods.push("bearer");
  return { metadata: {}, message: `Authentication failed, attempted: ${methods.join(", ")}`, code: 401 };
}
