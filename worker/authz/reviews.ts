/**
 * SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectAccessReview and SelfSubjectRulesReview
 * (pkg/registry/authorization/*): answered by the same authorizer chain as every request (authorize.ts, so the
 * system:masters short cut and the Node authorizer apply), validated as pkg/apis/authorization/validation.
 */
import type { ReviewContext } from "../handlers/reviews";
import { ApiError, badRequest } from "../errors";
import type { FieldError } from "../../schema/types";
import { goQuote, invalid } from "../../schema/validation/field-errors";
import { nodeNameOf, type UserInfo } from "../authn/user";
import { authorize } from "./authorize";
import type { Attributes } from "./types";
import { aggregateMessage, roleRefErrorMessage, rulesFor } from "./rbac";
import { rbacIndex } from "./rbac-authorizer";
import { selectorEvaluationErrors, validateReviewSelectors } from "./review-selectors";
import { escapeFieldValue } from "../selectors/field-selector";

type Obj = Record<string, unknown>;

const AUTHORIZATION_GROUP = "authorization.k8s.io";

const asObj = (v: unknown): Obj | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/**
 * apierrors.NewInvalid(authorizationapi.Kind(review.Kind), "", errs): the decoded internal object has no Kind,
 * so upstream's message starts with `.authorization.k8s.io "" is invalid`.
 */
function invalidReview(errs: FieldError[]): ApiError {
  const summary = errs.length === 1 ? `${errs[0].field}: ${errs[0].message}` : `[${errs.map((e) => `${e.field}: ${e.message}`).join(", ")}]`;
  return new ApiError(422, "Invalid", `.${AUTHORIZATION_GROUP} "" is invalid: ${summary}`, {
    group: AUTHORIZATION_GROUP,
    causes: errs.map((e) => ({ reason: e.reason, message: e.message, field: e.field })),
  });
}

/** A nil pointer prints as "null" (a string, so quoted) in 1.32's field.Error. */
const invalidNil = (field: string, detail: string): FieldError => ({ reason: "FieldValueInvalid", field, message: `Invalid value: "null": ${detail}` });

/** `%#v` of the internal NonResourceAttributes. */
const nonResourceValue = (nra: Obj): string =>
  `authorization.NonResourceAttributes{Path:${goQuote(str(nra.path))}, Verb:${goQuote(str(nra.verb))}}`;

const invalidNonResource = (field: string, nra: Obj, detail: string): FieldError => ({
  reason: "FieldValueInvalid",
  field,
  message: `Invalid value: ${nonResourceValue(nra)}: ${detail}`,
});

/** ValidateSubjectAccessReviewSpec / ValidateSelfSubjectAccessReviewSpec (`self` skips the user check). */
function validateSpec(spec: Obj, self: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ra = asObj(spec.resourceAttributes);
  const nra = asObj(spec.nonResourceAttributes);
  if (ra && nra) errs.push(invalidNonResource("spec.nonResourceAttributes", nra, "cannot be specified in combination with resourceAttributes"));
  if (!ra && !nra) errs.push(invalidNil("spec.resourceAttributes", "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
  if (!self && !str(spec.user) && !strings(spec.groups).length) {
    errs.push(invalid("spec.user", str(spec.user), "at least one of user or group must be specified"));
  }
  errs.push(...validateReviewSelectors(ra));
  return errs;
}

/** Semantic emptiness of ObjectMeta: unset, "", 0, false, null, and empty lists and maps all count as empty. */
function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === "" || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.values(v as Obj).every(isEmptyValue);
  return false;
}

/** `metadata` must be empty (managedFields aside; a LocalSubjectAccessReview may carry its namespace). */
function validateMetadata(meta: Obj, allowNamespace: boolean): FieldError[] {
  const rest = Object.entries(meta).filter(([k]) => k !== "managedFields" && !(allowNamespace && k === "namespace"));
  if (rest.every(([, v]) => isEmptyValue(v))) return [];
  return [invalid("metadata", meta, allowNamespace ? "must be empty except for namespace" : "must be empty")];
}

/** The identity a SubjectAccessReview asks about: exactly the spec's user, groups, uid and extra. */
function specUser(spec: Obj): UserInfo {
  const user: UserInfo = { username: str(spec.user), groups: strings(spec.groups) };
  if (str(spec.uid)) user.uid = str(spec.uid);
  const extra = asObj(spec.extra);
  if (extra && Object.keys(extra).length) user.extra = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, strings(v)]));
  return user;
}

/** AuthorizationAttributesFrom: resource attributes (an empty version means any) or non-resource ones. */
function attributesOf(user: UserInfo, spec: Obj): Attributes {
  const ra = asObj(spec.resourceAttributes);
  if (!ra) {
    const nra = asObj(spec.nonResourceAttributes) ?? {};
    return { user, verb: str(nra.verb), resourceRequest: false, path: str(nra.path) };
  }
  const a: Attributes = { user, verb: str(ra.verb), resourceRequest: true, apiGroup: str(ra.group), apiVersion: str(ra.version) || "*", resource: str(ra.resource) };
  if (str(ra.subresource)) a.subresource = str(ra.subresource);
  if (str(ra.namespace)) a.namespace = str(ra.namespace);
  if (str(ra.name)) a.name = str(ra.name);
  const fieldSelector = rawFieldSelector(asObj(ra.fieldSelector));
  if (fieldSelector) a.fieldSelector = fieldSelector;
  return a;
}

/** The field selector as a raw string: `rawSelector`, or the requirements that convert (In / NotIn of one value). */
function rawFieldSelector(sel: Obj | undefined): string {
  if (!sel) return "";
  if (str(sel.rawSelector)) return str(sel.rawSelector);
  const reqs = Array.isArray(sel.requirements) ? (sel.requirements as Obj[]) : [];
  return reqs
    .filter((r) => (r.operator === "In" || r.operator === "NotIn") && strings(r.values).length === 1)
    .map((r) => `${str(r.key)}${r.operator === "In" ? "=" : "!="}${escapeFieldValue(strings(r.values)[0])}`)
    .join(",");
}

/** SubjectAccessReviewStatus: `allowed`, and `reason` / `evaluationError` when not empty. */
async function accessStatus(ctx: ReviewContext, user: UserInfo, spec: Obj): Promise<Obj> {
  const d = await authorize(ctx.env, attributesOf(user, spec));
  const evaluationError = [d.evaluationError ?? "", ...selectorEvaluationErrors(asObj(spec.resourceAttributes))].filter(Boolean).join("; ");
  return { allowed: d.allowed, ...(d.reason ? { reason: d.reason } : {}), ...(evaluationError ? { evaluationError } : {}) };
}

/** Drops the empty strings and lists that a protobuf body carries and upstream's JSON omits. */
function withoutEmpty(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== "" && v !== null && !(Array.isArray(v) && v.length === 0)));
}

/** The spec, normalized in place for the echo (empty attributes omitted, as upstream's `omitempty`). */
function specOf(ctx: ReviewContext): Obj {
  const spec = withoutEmpty(asObj(ctx.body.spec) ?? {});
  if (asObj(spec.extra) && !Object.keys(asObj(spec.extra)!).length) delete spec.extra;
  for (const k of ["resourceAttributes", "nonResourceAttributes"]) {
    const attrs = asObj(spec[k]);
    if (attrs) spec[k] = withoutEmpty(attrs);
  }
  ctx.body.spec = spec;
  return spec;
}

const metadataOf = (ctx: ReviewContext): Obj => (ctx.body.metadata = withoutEmpty(asObj(ctx.body.metadata) ?? {}));

/** The request namespace rule of a cluster-scoped create: a namespace in the object is dropped. */
function clusterScopedMetadata(ctx: ReviewContext): Obj {
  const meta = metadataOf(ctx);
  delete meta.namespace;
  return meta;
}

export async function subjectAccessReviewStatus(ctx: ReviewContext): Promise<Obj> {
  const spec = specOf(ctx);
  const errs = [...validateSpec(spec, false), ...validateMetadata(clusterScopedMetadata(ctx), false)];
  if (errs.length) throw invalidReview(errs);
  return accessStatus(ctx, specUser(spec), spec);
}

export async function localSubjectAccessReviewStatus(ctx: ReviewContext): Promise<Obj> {
  const spec = specOf(ctx);
  const meta = metadataOf(ctx);
  const namespace = ctx.namespace ?? "";
  // EnsureObjectNamespaceMatchesRequestNamespace: the object's namespace defaults to the URL's and must equal it.
  if (!str(meta.namespace)) meta.namespace = namespace;
  else if (meta.namespace !== namespace) throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  const errs = [...validateSpec(spec, false), ...validateMetadata(meta, true)];
  const ra = asObj(spec.resourceAttributes);
  if (ra && str(ra.namespace) !== namespace) errs.push(invalid("spec.resourceAttributes.namespace", str(ra.namespace), "must match metadata.namespace"));
  const nra = asObj(spec.nonResourceAttributes);
  if (nra) errs.push(invalidNonResource("spec.nonResourceAttributes", nra, "disallowed on this kind of request"));
  if (errs.length) throw invalidReview(errs);
  return accessStatus(ctx, specUser(spec), spec);
}

export async function selfSubjectAccessReviewStatus(ctx: ReviewContext): Promise<Obj> {
  const spec = specOf(ctx);
  const errs = [...validateSpec(spec, true), ...validateMetadata(clusterScopedMetadata(ctx), false)];
  if (errs.length) throw invalidReview(errs);
  return accessStatus(ctx, ctx.user, spec);
}

/** authorizationv1.ResourceRule / NonResourceRule of a PolicyRule (empty lists left out, verbs always there). */
function ruleInfo(rule: { verbs?: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }): Obj {
  const out: Obj = { verbs: rule.verbs ?? [] };
  if (rule.apiGroups?.length) out.apiGroups = rule.apiGroups;
  if (rule.resources?.length) out.resources = rule.resources;
  if (rule.resourceNames?.length) out.resourceNames = rule.resourceNames;
  return out;
}

/**
 * The rule resolvers of the chain, in order: the Node authorizer (a node's rules cannot be enumerated: the
 * list is marked incomplete) and RBAC. The system:masters short cut is an authorizer, not a rule resolver:
 * a master's rules are whatever RBAC grants it (the bootstrap `cluster-admin` binding gives `*`).
 */
export async function subjectRulesReview(ctx: ReviewContext, user: UserInfo, namespace: string): Promise<Obj> {
  const errors: string[] = [];
  let incomplete = false;
  if (nodeNameOf(user) !== undefined) {
    incomplete = true;
    errors.push("node authorizer does not support user rule resolution");
  }
  const { rules, errors: refErrors } = rulesFor(await rbacIndex(ctx.env), user, namespace);
  errors.push(...refErrors.map((e) => roleRefErrorMessage(e, "lister")));
  const resourceRules = rules.filter((r) => r.resources?.length).map(ruleInfo);
  const nonResourceRules = rules
    .filter((r) => r.nonResourceURLs?.length)
    .map((r) => ({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs }));
  const evaluationError = aggregateMessage(errors);
  return { resourceRules, nonResourceRules, incomplete, ...(evaluationError ? { evaluationError } : {}) };
}

/** Upstream answers with a fresh object: only the status, no spec or metadata echoed. */
export async function selfSubjectRulesReviewStatus(ctx: ReviewContext): Promise<Obj> {
  const namespace = str(asObj(ctx.body.spec)?.namespace);
  if (!namespace) throw badRequest("no namespace on request");
  const status = await subjectRulesReview(ctx, ctx.user, namespace);
  ctx.body.spec = {};
  ctx.body.metadata = {};
  return status;
}
