/**
 * The RBACEscalation plugin: upstream's RBAC storage checks (pkg/registry/rbac/{role,clusterrole,rolebinding,
 * clusterrolebinding}/policybased) run as a validating step on CREATE and UPDATE. Nobody gains permissions
 * they do not hold:
 * - Role / ClusterRole: allowed for system:masters, for holders of `escalate` on the role, or when the user's
 *   own rules (in the request's namespace; cluster-wide for ClusterRoles) cover every rule written. Setting or
 *   changing an aggregationRule needs `*` on everything.
 * - RoleBinding / ClusterRoleBinding: allowed for system:masters, for holders of `bind` on the referenced role,
 *   or when the user holds every permission of the referenced role (which must then exist: 404 otherwise).
 * An update that only touches finalizers or ownerReferences (the garbage collector's) is always allowed.
 */
import type { AdmissionAttributes, AdmissionPlugin } from "./plugins";
import type { KubeObject } from "../../schema/types";
import { isMaster, type UserInfo } from "../authn/user";
import { ApiError, notFound, qualifiedResource } from "../errors";
import { goQuote } from "../../schema/validation/field-errors";
import { authorize } from "../authz/authorize";
import { aggregateMessage, RBAC_GROUP, roleRefErrorMessage, roleRefRules, rulesFor, type PolicyRule, type RbacIndex, type RoleRef } from "../authz/rbac";
import { covers, escalationMessage, FULL_AUTHORITY } from "../authz/rbac-covers";
import { rbacIndex } from "../authz/rbac-authorizer";

const ROLE_RESOURCES = ["roles", "clusterroles"];
const BINDING_RESOURCES = ["rolebindings", "clusterrolebindings"];

/** Server-maintained metadata, and what the garbage collector changes (IsOnlyMutatingGCFields). */
const IGNORED_META = ["ownerReferences", "finalizers", "selfLink", "managedFields", "resourceVersion", "uid", "creationTimestamp", "generation"];

/** A canonical form for Semantic.DeepEqual: sorted keys, and unset, zero and empty values all alike. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(canonical) : undefined;
  if (v && typeof v === "object") {
    const entries = Object.keys(v)
      .sort()
      .map((k) => [k, canonical((v as Record<string, unknown>)[k])] as const)
      .filter(([, c]) => c !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return v === null || v === "" || v === 0 || v === false ? undefined : v;
}

/** True when `obj` differs from `old` only in finalizers, ownerReferences and server-maintained metadata. */
export function onlyGCFieldsChanged(obj: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const meta = { ...(o.metadata ?? {}) };
    for (const k of IGNORED_META) delete meta[k];
    return JSON.stringify(canonical({ ...o, metadata: meta }));
  };
  return strip(obj) === strip(old);
}

const hasAggregationRule = (o: KubeObject | undefined) => (o?.aggregationRule?.clusterRoleSelectors?.length ?? 0) > 0;

export type EscalationOutcome = { allowed: true } | { allowed: false; message: string };

/**
 * ConfirmNoEscalation: does the user's own rules in `namespace` cover `rules`? The user's unresolvable role
 * references are reported as `resolution errors` in the registry's wording.
 */
export function confirmNoEscalation(index: RbacIndex, user: UserInfo, namespace: string, rules: PolicyRule[]): EscalationOutcome {
  const own = rulesFor(index, user, namespace);
  const { covered, missing } = covers(own.rules, rules);
  if (covered) return { allowed: true };
  const resolution = aggregateMessage(own.errors.map((e) => roleRefErrorMessage(e, "registry")));
  return { allowed: false, message: escalationMessage(user, missing, resolution) };
}

/** The Role / ClusterRole decision once the `escalate` verb did not apply. */
export function roleEscalation(index: RbacIndex, user: UserInfo, namespace: string, obj: KubeObject, old?: KubeObject): EscalationOutcome {
  if (old && onlyGCFieldsChanged(obj, old)) return { allowed: true };
  const outcome = confirmNoEscalation(index, user, namespace, Array.isArray(obj.rules) ? obj.rules : []);
  if (!outcome.allowed) return outcome;
  if (hasAggregationRule(obj) || hasAggregationRule(old)) {
    if (!confirmNoEscalation(index, user, namespace, FULL_AUTHORITY).allowed) {
      return { allowed: false, message: "must have cluster-admin privileges to use the aggregationRule" };
    }
  }
  return { allowed: true };
}

/** apierrors.NewForbidden(rbac/<resource>, name, err). */
function forbiddenEscalation(resource: string, name: string, message: string): ApiError {
  const qualified = qualifiedResource(RBAC_GROUP, resource);
  const subject = name ? `${qualified} ${goQuote(name)}` : qualified;
  return new ApiError(403, "Forbidden", `${subject} is forbidden: ${message}`, { ...(name ? { name } : {}), group: RBAC_GROUP, kind: resource });
}

/** RoleEscalationAuthorized / BindingAuthorized: an explicit `escalate` or `bind` grant, by the authorizer chain. */
async function explicitlyAuthorized(a: AdmissionAttributes, verb: string, resource: string, namespace: string, name?: string): Promise<boolean> {
  const d = await authorize(a.ctx.env, {
    user: a.ctx.user,
    verb,
    resourceRequest: true,
    apiGroup: RBAC_GROUP,
    apiVersion: "*",
    resource,
    ...(namespace ? { namespace } : {}),
    ...(name ? { name } : {}),
  });
  return d.allowed;
}

async function validateRole(a: AdmissionAttributes, obj: KubeObject, namespace: string): Promise<void> {
  const { resource } = a.ctx.entry;
  if (await explicitlyAuthorized(a, "escalate", resource, namespace, a.ctx.req.name)) return;
  const outcome = roleEscalation(await rbacIndex(a.ctx.env), a.ctx.user, namespace, obj, a.oldObject);
  if (!outcome.allowed) throw forbiddenEscalation(resource, obj.metadata?.name ?? "", outcome.message);
}

async function validateBinding(a: AdmissionAttributes, obj: KubeObject, namespace: string): Promise<void> {
  if (a.oldObject && onlyGCFieldsChanged(obj, a.oldObject)) return;
  const ref: RoleRef = obj.roleRef ?? {};
  const roleResource = ref.kind === "ClusterRole" ? "clusterroles" : ref.kind === "Role" ? "roles" : undefined;
  if (roleResource && (await explicitlyAuthorized(a, "bind", roleResource, namespace, ref.name))) return;
  const index = await rbacIndex(a.ctx.env);
  const rules = roleRefRules(index, ref, namespace);
  if (!Array.isArray(rules)) {
    // The registry's Get of the referenced role: 404 NotFound (an unknown kind never passes validation).
    if (roleResource) throw notFound(RBAC_GROUP, roleResource, ref.name ?? "");
    throw new ApiError(500, "InternalError", `Internal error occurred: ${roleRefErrorMessage(rules, "registry")}`);
  }
  const outcome = confirmNoEscalation(index, a.ctx.user, namespace, rules);
  if (!outcome.allowed) throw forbiddenEscalation(a.ctx.entry.resource, obj.metadata?.name ?? "", outcome.message);
}

export const RBACEscalation: AdmissionPlugin = {
  name: "RBACEscalation",
  async validate(a) {
    const { entry, req, user } = a.ctx;
    if (entry.group !== RBAC_GROUP || req.subresource !== undefined || !a.object) return;
    if (a.operation !== "CREATE" && a.operation !== "UPDATE") return;
    // EscalationAllowed: system:masters is the API server's own privileged group.
    if (isMaster(user)) return;
    const namespace = entry.namespaced ? (req.namespace ?? "") : "";
    if (ROLE_RESOURCES.includes(entry.resource)) await validateRole(a, a.object, namespace);
    else if (BINDING_RESOURCES.includes(entry.resource)) await validateBinding(a, a.object, namespace);
  },
};
