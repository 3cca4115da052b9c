/**
 * The API as the control plane's own components call it: the same resource path as any client (RBAC,
 * admission, validation, storage) with the component's own identity; only the transport is skipped.
 */
import type { Registry } from "../schema/registry-core";
import type { Env } from "./env";
import type { UserInfo } from "./authn/user";
import { serviceAccountGroups, serviceAccountUsername } from "./authn/user";
import { ApiError } from "./errors";
import { handleResource } from "./handlers/resource";

export interface InternalResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A controller's identity: the kube-controller-manager with `--use-service-account-credentials`. */
export function controllerUser(name: string): UserInfo {
  return { username: serviceAccountUsername("kube-system", name), groups: serviceAccountGroups("kube-system") };
}

export async function internalRequest(
  env: Env,
  registry: Registry,
  user: UserInfo,
  method: string,
  path: string,
  body?: unknown,
  contentType = "application/json",
): Promise<InternalResponse> {
  const headers: Record<string, string> = { "User-Agent": `${user.username}/internal` };
  if (body !== undefined) headers["Content-Type"] = contentType;
  const request = new Request(`https://internal.invalid${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  try {
    const res = await handleResource(request, env, registry, user);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  } catch (e) {
    if (e instanceof ApiError) return { status: e.code, body: e.toStatus() };
    throw e;
  }
}
