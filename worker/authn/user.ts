/**
 * Who is making a request (k8s.io/apiserver/pkg/authentication/user.Info) and the well-known identities and
 * groups upstream defines.
 */

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const SYSTEM_MASTERS = "system:masters";
export const ALL_AUTHENTICATED = "system:authenticated";
export const ALL_UNAUTHENTICATED = "system:unauthenticated";
export const ANONYMOUS_USER = "system:anonymous";
export const NODES_GROUP = "system:nodes";
export const NODE_USER_PREFIX = "system:node:";
export const SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
export const ALL_SERVICE_ACCOUNTS = "system:serviceaccounts";

/** The bootstrap cluster-admin identity of the ADMIN_TOKEN. */
export const CLUSTER_ADMIN: UserInfo = {
  username: "kubernetes-admin",
  groups: [SYSTEM_MASTERS, ALL_AUTHENTICATED],
};

/** A request without credentials (anonymous authentication, enabled as upstream's default). */
export const ANONYMOUS: UserInfo = { username: ANONYMOUS_USER, groups: [ALL_UNAUTHENTICATED] };

/** `system:serviceaccount:<ns>:<name>` */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

/** The namespace and name of a service-account username, or undefined for any other username. */
export function parseServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(":");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { namespace: parts[0], name: parts[1] };
}

/** A service account's groups: `system:serviceaccounts`, `system:serviceaccounts:<ns>`, `system:authenticated`. */
export function serviceAccountGroups(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${namespace}`, ALL_AUTHENTICATED];
}

/** The node name of a `system:node:<name>` identity in group `system:nodes`, else undefined. */
export function nodeNameOf(user: UserInfo): string | undefined {
  if (!user.groups.includes(NODES_GROUP) || !user.username.startsWith(NODE_USER_PREFIX)) return undefined;
  return user.username.slice(NODE_USER_PREFIX.length) || undefined;
}

export function isMaster(user: UserInfo): boolean {
  return user.groups.includes(SYSTEM_MASTERS);
}
