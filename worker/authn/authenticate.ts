/**
 * Authentication (k8s.io/apiserver's union authenticator): the request's credentials become a UserInfo.
 * A request without credentials is `system:anonymous`; credentials that are presented but invalid are 401.
 * Every authenticated identity also gets `system:authenticated`.
 */
import { unauthorized } from "../errors";
import type { Env } from "../env";
import { ANONYMOUS, CLUSTER_ADMIN, type UserInfo } from "./user";

export async function authenticate(req: Request, env: Env): Promise<UserInfo> {
  const header = req.headers.get("authorization");
  if (header === null) return ANONYMOUS;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (m && env.ADMIN_TOKEN && timingSafeEqual(m[1], env.ADMIN_TOKEN)) return CLUSTER_ADMIN;
  throw unauthorized();
}

export function timingSafeEqual(a: string, b: string): boolean {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  if (ea.byteLength !== eb.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < ea.byteLength; i++) diff |= ea[i] ^ eb[i];
  return diff === 0;
}
