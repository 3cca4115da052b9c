/**
 * The API as the control plane's own components call it: the same resource path as any client (RBAC,
 * admission, validation, storage, the audit log) with the component's own identity; only the transport and
 * the per-user limits (per-isolate guards against a client flooding the Worker) are skipped.
 */
import type { Registry } from "../schema/registry-core";
import type { Env } from "./env";
import type { UserInfo } from "./authn/user";
import { serviceAccountGroups, serviceAccountUsername } from "./authn/user";
import { ApiError } from "./errors";
import { handleResource } from "./handlers/resource";
import { auditEnabled, auditEvent, logAuditEvent } from "./audit";
import { classifyRequest } from "./limits/request-class";
import { withSharedCalls, type SharedCalls } from "./shared-calls";

export interface InternalResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A controller's identity: the kube-controller-manager with `--use-service-account-credentials`. */
export function controllerUser(name: string): UserInfo {
  return { username: serviceAccountUsername("kube-system", name), groups: serviceAccountGroups("kube-system") };
}

/**
 * The User-Agent upstream's components send, whose first segment becomes the field manager of their writes:
 * `kube-controller-manager/… /<controller>` for the controllers' service accounts, `kube-scheduler/…` for the
 * scheduler (managedFields then read as on a real cluster).
 */
export function userAgentOf(user: UserInfo): string {
  const prefix = serviceAccountUsername("kube-system", "");
  if (user.username.startsWith(prefix)) return `kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/edge/${user.username.slice(prefix.length)}`;
  if (user.username === "system:kube-scheduler") return "kube-scheduler/v1.32.0 (linux/amd64) kubernetes/edge/scheduler";
  if (user.username.startsWith("system:node:")) return "kubelet/v1.32.0 (linux/amd64) kubernetes/edge";
  return `${user.username}/internal`;
}

export async function internalRequest(
  env: Env,
  registry: Registry,
  user: UserInfo,
  method: string,
  path: string,
  body?: unknown,
  contentType = "application/json",
  shared?: SharedCalls,
): Promise<InternalResponse> {
  const headers: Record<string, string> = { "User-Agent": userAgentOf(user) };
  if (body !== undefined) headers["Content-Type"] = contentType;
  const request = new Request(`https://internal.invalid${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const received = Date.now();
  let status = 500;
  let error: unknown;
  try {
    const res = await withSharedCalls(shared, () => handleResource(request, env, registry, user));
    status = res.status;
    const text = await res.text();
    return { status, body: text ? JSON.parse(text) : undefined };
  } catch (e) {
    error = e;
    if (e instanceof ApiError) {
      status = e.code;
      return { status, body: e.toStatus() };
    }
    throw e;
  } finally {
    // Audited like any client's request (upstream's loopback clients go through the same filters).
    if (auditEnabled(env)) {
      const requestClass = classifyRequest(method, new URL(request.url));
      const facts = { auditID: crypto.randomUUID(), request, requestClass, authenticated: user, user, code: status, error, received };
      logAuditEvent(auditEvent({ ...facts, stage: "ResponseComplete", now: Date.now() }));
    }
  }
}
