/**
 * The RBAC evaluator (plugin/pkg/auth/authorizer/rbac and pkg/registry/rbac/validation's DefaultRuleResolver),
 * written by hand: no library does Kubernetes RBAC. Pure functions over a snapshot of the cluster's Roles,
 * ClusterRoles, RoleBindings and ClusterRoleBindings, indexed once per revision so that a decision only looks
 * at the bindings naming the user or one of its groups.
 *
 * Matching is upstream's: verbs `*`; apiGroups `*`; resources `*`, `res`, `res/sub`, `*∕sub`; resourceNames (a
 * request without a name never matches a rule that lists names); nonResourceURLs exact or a prefix ending in
 * `*`. A RoleBinding grants a Role of its namespace or a ClusterRole within its namespace; a ClusterRoleBinding
 * grants a ClusterRole everywhere. A binding to a missing role is an evaluation error, never a denial by itself.
 */
import type { UserInfo } from "../authn/user";
import { goQuote } from "../../schema/validation/field-errors";
import type { Attributes, Decision } from "./types";

export const RBAC_GROUP = "rbac.authorization.k8s.io";

/** rbacv1.PolicyRule (absent lists are empty). */
export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

export interface RoleRef {
  apiGroup?: string;
  kind?: string;
  name?: string;
}

/** A stored RBAC object, as far as evaluation reads it. */
export interface RbacObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  rules?: PolicyRule[] | null;
  subjects?: Subject[] | null;
  roleRef?: RoleRef;
}

export interface RbacSnapshot {
  roles: RbacObject[];
  clusterRoles: RbacObject[];
  roleBindings: RbacObject[];
  clusterRoleBindings: RbacObject[];
}

// ---- rule matching (pkg/apis/rbac/v1/evaluation_helpers.go) ----

const has = (list: string[] | undefined, v: string) => (list ?? []).includes(v);

export const verbMatches = (rule: PolicyRule, verb: string) => has(rule.verbs, "*") || has(rule.verbs, verb);

export const apiGroupMatches = (rule: PolicyRule, group: string) => has(rule.apiGroups, "*") || has(rule.apiGroups, group);

/** `combined` is `resource` or `resource/subresource`; a rule `*∕sub` matches any resource's `sub`. */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === "*" || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

/** No names in the rule: any name (and no name); otherwise the request's name must be listed. */
export const resourceNameMatches = (rule: PolicyRule, name: string) => !rule.resourceNames?.length || has(rule.resourceNames, name);

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === "*" || u === path) return true;
    if (u.endsWith("*") && path.startsWith(u.replace(/\*+$/, ""))) return true;
  }
  return false;
}

/** RuleAllows: does one rule allow the request? */
export function ruleAllows(a: Attributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, a.verb)) return false;
  if (!a.resourceRequest) return nonResourceURLMatches(rule, a.path ?? "");
  const sub = a.subresource ?? "";
  const combined = sub ? `${a.resource ?? ""}/${sub}` : (a.resource ?? "");
  return apiGroupMatches(rule, a.apiGroup ?? "") && resourceMatches(rule, combined, sub) && resourceNameMatches(rule, a.name ?? "");
}

// ---- subjects (appliesToUser) ----

const SA_PREFIX = "system:serviceaccount:";

/** Does a binding subject name this user? A ServiceAccount without a namespace means the binding's namespace. */
export function appliesToUser(user: UserInfo, s: Subject, namespace: string): boolean {
  switch (s.kind) {
    case "User":
      return user.username === (s.name ?? "");
    case "Group":
      return user.groups.includes(s.name ?? "");
    case "ServiceAccount": {
      const ns = s.namespace || namespace;
      return !!ns && user.username === `${SA_PREFIX}${ns}:${s.name ?? ""}`;
    }
    default:
      return false;
  }
}

/** `User "u"`, `Group "g"`, `ServiceAccount "name/namespace"` (describeSubject). */
function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === "ServiceAccount") return `${s.kind} ${goQuote(`${s.name ?? ""}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${goQuote(s.name ?? "")}`;
}

// ---- the index ----

interface BindingEntry {
  order: number;
  name: string;
  /** "" for ClusterRoleBindings. */
  namespace: string;
  roleRef: RoleRef;
  subjects: Subject[];
}

/** Bindings by the identity they name: `u:<username>` (User and ServiceAccount subjects) or `g:<group>`. */
type SubjectIndex = Map<string, BindingEntry[]>;

export interface RbacIndex {
  roles: Map<string, PolicyRule[]>;
  clusterRoles: Map<string, PolicyRule[]>;
  clusterRoleBindings: SubjectIndex;
  /** Per namespace. */
  roleBindings: Map<string, SubjectIndex>;
}

function subjectKey(s: Subject, namespace: string): string | undefined {
  if (s.kind === "User") return `u:${s.name ?? ""}`;
  if (s.kind === "Group") return `g:${s.name ?? ""}`;
  if (s.kind === "ServiceAccount") {
    const ns = s.namespace || namespace;
    return ns ? `u:${SA_PREFIX}${ns}:${s.name ?? ""}` : undefined;
  }
  return undefined;
}

function addBinding(index: SubjectIndex, b: BindingEntry): void {
  const keys = new Set<string>();
  for (const s of b.subjects) {
    const k = subjectKey(s, b.namespace);
    if (k) keys.add(k);
  }
  for (const k of keys) {
    const list = index.get(k);
    if (list) list.push(b);
    else index.set(k, [b]);
  }
}

/** Builds the lookup structures once per snapshot; binding order (the snapshot's) is kept for the reasons. */
export function buildRbacIndex(snap: RbacSnapshot): RbacIndex {
  const index: RbacIndex = { roles: new Map(), clusterRoles: new Map(), clusterRoleBindings: new Map(), roleBindings: new Map() };
  for (const r of snap.roles) index.roles.set(`${r.metadata?.namespace ?? ""}/${r.metadata?.name ?? ""}`, r.rules ?? []);
  for (const r of snap.clusterRoles) index.clusterRoles.set(r.metadata?.name ?? "", r.rules ?? []);
  let order = 0;
  const entry = (b: RbacObject, namespace: string): BindingEntry => ({
    order: order++,
    name: b.metadata?.name ?? "",
    namespace,
    roleRef: b.roleRef ?? {},
    subjects: b.subjects ?? [],
  });
  for (const b of snap.clusterRoleBindings) addBinding(index.clusterRoleBindings, entry(b, ""));
  for (const b of snap.roleBindings) {
    const ns = b.metadata?.namespace ?? "";
    let perNs = index.roleBindings.get(ns);
    if (!perNs) index.roleBindings.set(ns, (perNs = new Map()));
    addBinding(perNs, entry(b, ns));
  }
  return index;
}

/** The bindings of `index` naming the user or one of its groups, in snapshot order. */
function candidates(index: SubjectIndex | undefined, user: UserInfo): BindingEntry[] {
  if (!index) return [];
  const found = new Set<BindingEntry>(index.get(`u:${user.username}`) ?? []);
  for (const g of user.groups) for (const b of index.get(`g:${g}`) ?? []) found.add(b);
  return [...found].sort((x, y) => x.order - y.order);
}

// ---- resolving rules (VisitRulesFor) ----

/** A role reference that could not be resolved. */
export interface RoleRefError {
  kind: string;
  name: string;
}

export type RuleVisit = { rule: PolicyRule; source: string } | { error: RoleRefError };

/** GetRoleReferenceRules: the rules of a binding's role, or the reference that could not be resolved. */
export function roleRefRules(index: RbacIndex, ref: RoleRef, bindingNamespace: string): PolicyRule[] | RoleRefError {
  const name = ref.name ?? "";
  const rules = ref.kind === "Role" ? index.roles.get(`${bindingNamespace}/${name}`) : ref.kind === "ClusterRole" ? index.clusterRoles.get(name) : undefined;
  return rules ?? { kind: ref.kind ?? "", name };
}

/**
 * Every rule granted to `user` in `namespace` ("" = cluster-wide only), ClusterRoleBindings first, with the
 * binding that grants it; and every unresolvable role reference met on the way.
 */
export function* visitRulesFor(index: RbacIndex, user: UserInfo, namespace: string): Generator<RuleVisit> {
  const scopes: [SubjectIndex | undefined, string][] = [[index.clusterRoleBindings, ""]];
  if (namespace) scopes.push([index.roleBindings.get(namespace), namespace]);
  for (const [bindings, ns] of scopes) {
    for (const b of candidates(bindings, user)) {
      const subject = b.subjects.find((s) => appliesToUser(user, s, ns));
      if (!subject) continue;
      const rules = roleRefRules(index, b.roleRef, ns);
      if (!Array.isArray(rules)) {
        yield { error: rules };
        continue;
      }
      const source = ns
        ? `RoleBinding ${goQuote(`${b.name}/${ns}`)} of ${b.roleRef.kind} ${goQuote(b.roleRef.name ?? "")} to ${describeSubject(subject, ns)}`
        : `ClusterRoleBinding ${goQuote(b.name)} of ${b.roleRef.kind} ${goQuote(b.roleRef.name ?? "")} to ${describeSubject(subject, "")}`;
      for (const rule of rules) yield { rule, source };
    }
  }
}

/** RulesFor: the user's rules in a namespace and the resolution errors (the rules found are still valid). */
export function rulesFor(index: RbacIndex, user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: RoleRefError[] } {
  const rules: PolicyRule[] = [];
  const errors: RoleRefError[] = [];
  for (const v of visitRulesFor(index, user, namespace)) {
    if ("error" in v) errors.push(v.error);
    else rules.push(v.rule);
  }
  return { rules, errors };
}

// ---- error wording ----

/**
 * The message of an unresolvable role reference. The authorizer reads through informer listers
 * (`role.rbac.authorization.k8s.io "x" not found`); the RBAC storage's escalation checks read through the
 * registry (`roles.rbac.authorization.k8s.io "x" not found`).
 */
export function roleRefErrorMessage(e: RoleRefError, via: "lister" | "registry"): string {
  if (e.kind !== "Role" && e.kind !== "ClusterRole") return `unsupported role reference kind: ${goQuote(e.kind)}`;
  const resource = e.kind === "Role" ? "role" : "clusterrole";
  return `${resource}${via === "registry" ? "s" : ""}.${RBAC_GROUP} ${goQuote(e.name)} not found`;
}

/** utilerrors.NewAggregate(errs).Error(): one message as is; several de-duplicated inside `[a, b]`. */
export function aggregateMessage(messages: string[]): string {
  if (messages.length <= 1) return messages[0] ?? "";
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(", ")}]`;
}

// ---- the decision (RBACAuthorizer.Authorize) ----

/**
 * Allowed with `RBAC: allowed by <binding>` on the first rule that matches; otherwise no opinion, with
 * `RBAC: <errors>` as the reason when some role reference could not be resolved (else an empty reason).
 */
export function rbacDecide(index: RbacIndex, a: Attributes): Decision {
  const errors: string[] = [];
  for (const v of visitRulesFor(index, a.user, a.namespace ?? "")) {
    if ("error" in v) errors.push(roleRefErrorMessage(v.error, "lister"));
    else if (ruleAllows(a, v.rule)) return { allowed: true, reason: `RBAC: allowed by ${v.source}` };
  }
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregateMessage(errors)}` : "" };
}
