/**
 * Authentication for this stage: the cluster-admin bearer token only (ADMIN_TOKEN, a generated local secret or
 * a wrangler secret). Everything else is 401 Unauthorized.
 */
import { unauthorized } from "./errors";
import type { Env } from "./env";

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const CLUSTER_ADMIN: UserInfo = {
  username: "kubernetes-admin",
  groups: ["system:masters", "system:authenticated"],
};

export function authenticate(req: Request, env: Env): UserInfo {
  const header = req.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (m && env.ADMIN_TOKEN && timingSafeEqual(m[1], env.ADMIN_TOKEN)) return CLUSTER_ADMIN;
  throw unauthorized();
}

function timingSafeEqual(a: string, b: string): boolean {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  if (ea.byteLength !== eb.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < ea.byteLength; i++) diff |= ea[i] ^ eb[i];
  return diff === 0;
}
