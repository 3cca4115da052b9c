/** RBAC over the cluster's Roles and bindings (placeholder: denies everything until the evaluator lands). */
import type { Env } from "../env";
import type { Attributes, Decision } from "./types";

export async function rbacAuthorize(_env: Env, _a: Attributes): Promise<Decision> {
  return { allowed: false, reason: "" };
}
