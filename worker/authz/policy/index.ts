/**
 * Upstream's bootstrap RBAC policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy) as the objects a
 * kube-apiserver 1.32 keeps reconciled: ClusterRoles, ClusterRoleBindings, and the Roles/RoleBindings of
 * kube-system and kube-public.
 */
import type { KubeObject } from "../../../schema/types";
import { CLUSTER_ROLES } from "./cluster-roles";
import { CONTROLLER_ROLES } from "./controller-roles";
import { CLUSTER_ROLE_BINDINGS, CONTROLLER_ROLE_BINDINGS } from "./cluster-role-bindings";
import { NAMESPACE_POLICY } from "./namespace-roles";
import { bindingObject, roleObject } from "./specs";

export { CLUSTER_ROLES, NODE_RULES } from "./cluster-roles";
export { CONTROLLER_ROLES, CONTROLLER_ROLE_PREFIX } from "./controller-roles";
export { CLUSTER_ROLE_BINDINGS, CONTROLLER_ROLE_BINDINGS } from "./cluster-role-bindings";
export { NAMESPACE_POLICY } from "./namespace-roles";
export * from "./rule";
export * from "./specs";

let objects: readonly KubeObject[] | undefined;

/**
 * Every bootstrap object, freshly built on first use and shared afterwards (callers must copy before
 * changing one). Aggregated ClusterRoles (admin, edit, view) come without rules, as upstream declares them.
 */
export function bootstrapPolicyObjects(): readonly KubeObject[] {
  objects ??= Object.freeze([
    ...[...CLUSTER_ROLES, ...CONTROLLER_ROLES].map((r) => roleObject(r)),
    ...[...CLUSTER_ROLE_BINDINGS, ...CONTROLLER_ROLE_BINDINGS].map((b) => bindingObject(b)),
    ...Object.entries(NAMESPACE_POLICY).flatMap(([ns, p]) => [
      ...p.roles.map((r) => roleObject(r, ns)),
      ...p.bindings.map((b) => bindingObject(b, ns)),
    ]),
  ]);
  return objects;
}
