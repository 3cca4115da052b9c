/**
 * Red-team helpers: act as arbitrary identities through the real Worker (the admin token plus impersonation
 * headers, so authentication, impersonation, RBAC and admission all run), and grant them RBAC as the admin.
 */
import { expect } from "vitest";
import { call, post, type ApiResponse, type CallOptions } from "../api/client";

export const RBAC = "/apis/rbac.authorization.k8s.io/v1";
export const RBAC_GROUP = "rbac.authorization.k8s.io";
export const APPLY = "application/apply-patch+yaml";
export const MERGE = "application/merge-patch+json";

export interface Identity {
  user: string;
  groups?: string[];
}

let n = 0;
/** A name unique to this test run. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(n++).toString(36)}`;

/** A request as `who` (impersonated by the admin). */
export function as(who: Identity, method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}), "Impersonate-User": who.user };
  if (who.groups?.length) headers["Impersonate-Group"] = who.groups.join(", ");
  return call(method, path, body, { ...opts, headers });
}

/** Creates as the admin and expects 201. */
export async function created(path: string, body: unknown): Promise<ApiResponse> {
  const res = await post(path, body);
  expect(res.status, `${path}: ${res.text}`).toBe(201);
  return res;
}

/** Grants `rules` to user `who` in `namespace` (a Role + RoleBinding), or cluster-wide when namespace is undefined. */
export async function grant(who: string, rules: unknown[], namespace?: string): Promise<void> {
  const name = unique("grant");
  const kind = namespace ? "Role" : "ClusterRole";
  const base = namespace ? `${RBAC}/namespaces/${namespace}` : RBAC;
  await created(`${base}/${namespace ? "roles" : "clusterroles"}`, {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind,
    metadata: { name },
    rules,
  });
  await created(`${base}/${namespace ? "rolebindings" : "clusterrolebindings"}`, {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: namespace ? "RoleBinding" : "ClusterRoleBinding",
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind, name },
    subjects: [{ apiGroup: RBAC_GROUP, kind: "User", name: who }],
  });
}
