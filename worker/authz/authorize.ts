/**
 * The authorizer chain, as kube-apiserver's `--authorization-mode=Node,RBAC` with the privileged-group
 * short cut first: `system:masters` is allowed everything without a lookup; then the Node authorizer; then RBAC.
 * The first authorizer that allows wins; nobody denies explicitly.
 */
import type { Env } from "../env";
import { isMaster } from "../authn/user";
import { forbiddenError } from "./forbidden";
import type { Attributes, Decision } from "./types";
import { rbacAuthorize } from "./rbac-authorizer";
import { nodeAuthorize } from "./node-authorizer";

export async function authorize(env: Env, a: Attributes): Promise<Decision> {
  if (isMaster(a.user)) return { allowed: true, reason: "" };
  const node = await nodeAuthorize(env, a);
  if (node?.allowed) return node;
  const rbac = await rbacAuthorize(env, a);
  // The union authorizer reports every no-opinion reason, one per line.
  if (rbac.allowed || !node?.reason) return rbac;
  return { ...rbac, reason: [node.reason, rbac.reason].filter(Boolean).join("\n") };
}

/** Throws upstream's 403 unless `a` is allowed. */
export async function requireAuthorized(env: Env, a: Attributes): Promise<void> {
  const d = await authorize(env, a);
  if (!d.allowed) throw forbiddenError(a, d.reason);
}
