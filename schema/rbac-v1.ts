/**
 * rbac.authorization.k8s.io/v1 (k8s.io/api/rbac/v1): Role, ClusterRole, RoleBinding, ClusterRoleBinding.
 * Defaulting follows pkg/apis/rbac/v1/defaults.go, validation pkg/apis/rbac/validation/validation.go.
 */
import { z } from "zod";
import { atomicList, LabelSelectorSchema, obj, opt, str, topLevel } from "./meta";
import type { FieldError, GroupVersionDef, KindDef, KubeObject } from "./types";
import { validatePathSegmentName } from "./networking-v1/net-validation";
import { goQuote, invalid, notSupported, required } from "./validation/field-errors";
import { validateLabelSelector } from "./validation/label-selector";
import { nameIsDNSSubdomain } from "./validation/names";
import { validateObjectMeta, validateObjectMetaUpdate } from "./validation/object-meta";

export const RBAC_GROUP = "rbac.authorization.k8s.io";

export const PolicyRuleSchema = obj({
  verbs: atomicList(str).describe("Verbs that apply to ALL the resources in this rule; '*' is all verbs. Required."),
  apiGroups: atomicList(str).describe("API groups of the resources; '' is the core group, '*' all groups."),
  resources: atomicList(str).describe("Resources this rule applies to; '*' is all resources."),
  resourceNames: atomicList(str),
  nonResourceURLs: atomicList(str).describe("Partial URLs ('*' only as the final step); ClusterRoles only."),
}).meta({ id: "io.k8s.api.rbac.v1.PolicyRule", required: ["verbs"] });

export const SubjectSchema = obj({
  kind: opt(str).describe("User, Group or ServiceAccount."),
  apiGroup: opt(str).describe('Defaults to "" for ServiceAccount and "rbac.authorization.k8s.io" for User and Group.'),
  name: opt(str),
  namespace: opt(str),
}).meta({ id: "io.k8s.api.rbac.v1.Subject", "x-kubernetes-map-type": "atomic", required: ["kind", "name"] });

export const RoleRefSchema = obj({
  apiGroup: opt(str),
  kind: opt(str),
  name: opt(str),
}).meta({ id: "io.k8s.api.rbac.v1.RoleRef", "x-kubernetes-map-type": "atomic", required: ["apiGroup", "kind", "name"] });

export const AggregationRuleSchema = obj({
  clusterRoleSelectors: atomicList(LabelSelectorSchema),
}).meta({ id: "io.k8s.api.rbac.v1.AggregationRule" });

export const RoleSchema = topLevel("io.k8s.api.rbac.v1.Role", {
  rules: atomicList(PolicyRuleSchema).describe("the PolicyRules of this Role"),
}).describe("A namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.");

export const ClusterRoleSchema = topLevel("io.k8s.api.rbac.v1.ClusterRole", {
  rules: atomicList(PolicyRuleSchema),
  aggregationRule: opt(AggregationRuleSchema).describe("when set, rules are controller-managed: the union of the matching ClusterRoles"),
}).describe("A cluster-level, logical grouping of PolicyRules.");

export const RoleBindingSchema = topLevel("io.k8s.api.rbac.v1.RoleBinding", {
  subjects: atomicList(SubjectSchema),
  roleRef: opt(RoleRefSchema).describe("a Role in the binding's namespace or a ClusterRole; immutable"),
}).describe("Grants the permissions of a Role or ClusterRole to subjects within one namespace.");

export const ClusterRoleBindingSchema = topLevel("io.k8s.api.rbac.v1.ClusterRoleBinding", {
  subjects: atomicList(SubjectSchema),
  roleRef: opt(RoleRefSchema).describe("a ClusterRole; immutable"),
}).describe("Grants the permissions of a ClusterRole to subjects cluster-wide.");

export type PolicyRule = z.infer<typeof PolicyRuleSchema>;
export type Subject = z.infer<typeof SubjectSchema>;
export type RoleRef = z.infer<typeof RoleRefSchema>;

/** SetDefaults_Subject: apiGroup "" for ServiceAccount, the RBAC group for User and Group. */
export function defaultSubject(s: KubeObject): void {
  if (s.apiGroup) return;
  if (s.kind === "ServiceAccount") s.apiGroup = "";
  else if (s.kind === "User" || s.kind === "Group") s.apiGroup = RBAC_GROUP;
}

/** SetDefaults_RoleBinding / ClusterRoleBinding: roleRef.apiGroup is the RBAC group when empty. */
export function defaultBinding(b: KubeObject): void {
  if (b.roleRef && typeof b.roleRef === "object" && !b.roleRef.apiGroup) b.roleRef.apiGroup = RBAC_GROUP;
  for (const s of Array.isArray(b.subjects) ? b.subjects : []) if (s && typeof s === "object") defaultSubject(s);
}

/** ValidateRBACName = path.ValidatePathSegmentName: RBAC names may be anything but `.`, `..`, or contain `/`, `%`. */
const rbacName = validatePathSegmentName;

/** ValidateObjectMeta with RBAC names on create, ValidateObjectMetaUpdate on update. */
const validateRbacMeta = (o: KubeObject, namespaced: boolean, old?: KubeObject) =>
  old ? validateObjectMetaUpdate(o.metadata, old.metadata) : validateObjectMeta(o.metadata, { namespaced, nameValidator: rbacName });

/**
 * ValidatePolicyRule: verbs required; non-resource URLs only on cluster-scoped rules and never mixed with
 * resources; resource rules need apiGroups and resources.
 */
export function validatePolicyRule(rule: KubeObject, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const len = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  if (!len(rule.verbs)) errs.push(required(`${path}.verbs`, "verbs must contain at least one value"));
  if (len(rule.nonResourceURLs)) {
    if (namespaced) {
      errs.push(invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, "namespaced rules cannot apply to non-resource URLs"));
    }
    if (len(rule.apiGroups) || len(rule.resources) || len(rule.resourceNames)) {
      errs.push(
        invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, "rules cannot apply to both regular resources and non-resource URLs"),
      );
    }
    return errs;
  }
  if (!len(rule.apiGroups)) errs.push(required(`${path}.apiGroups`, "resource rules must supply at least one api group"));
  if (!len(rule.resources)) errs.push(required(`${path}.resources`, "resource rules must supply at least one resource"));
  return errs;
}

/** ValidateRoleBindingSubject. */
export function validateSubject(s: KubeObject, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.name) errs.push(required(`${path}.name`));
  switch (s.kind) {
    case "ServiceAccount":
      if (s.name) for (const m of nameIsDNSSubdomain(s.name, false)) errs.push(invalid(`${path}.name`, s.name, m));
      if (s.apiGroup) errs.push(notSupported(`${path}.apiGroup`, s.apiGroup, [""]));
      if (!namespaced && !s.namespace) errs.push(required(`${path}.namespace`));
      break;
    case "User":
    case "Group":
      if (s.apiGroup !== RBAC_GROUP) errs.push(notSupported(`${path}.apiGroup`, s.apiGroup ?? "", [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(`${path}.kind`, s.kind ?? "", ["ServiceAccount", "User", "Group"]));
  }
  return errs;
}

function validateRules(o: KubeObject, namespaced: boolean): FieldError[] {
  const rules: KubeObject[] = Array.isArray(o.rules) ? o.rules : [];
  return rules.flatMap((r, i) => validatePolicyRule(r ?? {}, namespaced, `rules[${i}]`));
}

function validateAggregationRule(o: KubeObject): FieldError[] {
  const rule = o.aggregationRule;
  if (!rule) return [];
  const selectors: KubeObject[] = Array.isArray(rule.clusterRoleSelectors) ? rule.clusterRoleSelectors : [];
  if (!selectors.length) {
    return [required("aggregationRule.clusterRoleSelectors", "at least one clusterRoleSelector required if aggregationRule is non-nil")];
  }
  return selectors.flatMap((s, i) => validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`));
}

/** ValidateRoleBinding / ValidateClusterRoleBinding (`namespaced` picks which), plus roleRef immutability on update. */
export function validateBinding(b: KubeObject, namespaced: boolean, old?: KubeObject): FieldError[] {
  const errs = validateRbacMeta(b, namespaced, old);
  const ref: KubeObject = b.roleRef ?? {};
  if (ref.apiGroup !== RBAC_GROUP) errs.push(notSupported("roleRef.apiGroup", ref.apiGroup ?? "", [RBAC_GROUP]));
  const kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
  if (!kinds.includes(ref.kind)) errs.push(notSupported("roleRef.kind", ref.kind ?? "", kinds));
  if (!ref.name) errs.push(required("roleRef.name"));
  else for (const m of rbacName(ref.name, false)) errs.push(invalid("roleRef.name", ref.name, m));
  const subjects: KubeObject[] = Array.isArray(b.subjects) ? b.subjects : [];
  subjects.forEach((s, i) => errs.push(...validateSubject(s ?? {}, namespaced, `subjects[${i}]`)));
  if (old && !sameRoleRef(old.roleRef, b.roleRef)) {
    const q = (v: unknown) => goQuote(String(v ?? ""));
    errs.push({
      reason: "FieldValueInvalid",
      field: "roleRef",
      message: `Invalid value: rbac.RoleRef{APIGroup:${q(ref.apiGroup)}, Kind:${q(ref.kind)}, Name:${q(ref.name)}}: cannot change roleRef`,
    });
  }
  return errs;
}

function sameRoleRef(a: KubeObject | undefined, b: KubeObject | undefined): boolean {
  return (a?.apiGroup ?? "") === (b?.apiGroup ?? "") && (a?.kind ?? "") === (b?.kind ?? "") && (a?.name ?? "") === (b?.name ?? "");
}

const roleDef: KindDef = {
  kind: "Role",
  resource: "roles",
  singular: "role",
  namespaced: true,
  schema: RoleSchema,
  validate: (o, old) => [...validateRbacMeta(o, true, old), ...validateRules(o, true)],
};

const clusterRoleDef: KindDef = {
  kind: "ClusterRole",
  resource: "clusterroles",
  singular: "clusterrole",
  namespaced: false,
  schema: ClusterRoleSchema,
  validate: (o, old) => [...validateRbacMeta(o, false, old), ...validateRules(o, false), ...validateAggregationRule(o)],
};

const roleBindingDef: KindDef = {
  kind: "RoleBinding",
  resource: "rolebindings",
  singular: "rolebinding",
  namespaced: true,
  schema: RoleBindingSchema,
  default: defaultBinding,
  validate: (o, old) => validateBinding(o, true, old),
};

const clusterRoleBindingDef: KindDef = {
  kind: "ClusterRoleBinding",
  resource: "clusterrolebindings",
  singular: "clusterrolebinding",
  namespaced: false,
  schema: ClusterRoleBindingSchema,
  default: defaultBinding,
  validate: (o, old) => validateBinding(o, false, old),
};

export const rbacV1: GroupVersionDef = {
  group: RBAC_GROUP,
  version: "v1",
  kinds: [roleDef, clusterRoleDef, roleBindingDef, clusterRoleBindingDef],
};
