/**
 * LimitRange and ResourceQuota (core/v1): schemas, KindDefs and validation (pkg/apis/core/validation
 * ValidateLimitRange, ValidateResourceQuota[Spec]).
 */
import { z } from "zod";
import { atomicList, opt, str, topLevel } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { child, duplicate, forbidden, index, invalid, key, required } from "../validation/field-errors";
import { isQualifiedName } from "../validation/names";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { compareQuantities, parseQuantity, QUANTITY_FORMAT_ERROR, quantityString } from "../validation/quantity";
import { def, resourceList } from "./common";

type Obj = KubeObject;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map((x) => x ?? {}) : []);

export const LimitRangeItemSchema = def(
  "LimitRangeItem",
  {
    default: opt(resourceList).describe("Default limits for containers that set none."),
    defaultRequest: opt(resourceList).describe("Default requests for containers that set none."),
    max: opt(resourceList),
    maxLimitRequestRatio: opt(resourceList),
    min: opt(resourceList),
    type: opt(str).describe("Pod, Container or PersistentVolumeClaim."),
  },
  { required: ["type"] },
);

export const LimitRangeSpecSchema = def("LimitRangeSpec", { limits: atomicList(LimitRangeItemSchema) }, { required: ["limits"] });

export const LimitRangeSchema = topLevel("io.k8s.api.core.v1.LimitRange", {
  spec: opt(LimitRangeSpecSchema).describe("The limits enforced in the namespace."),
});

export const ScopedResourceSelectorRequirementSchema = def(
  "ScopedResourceSelectorRequirement",
  { operator: opt(str), scopeName: opt(str), values: atomicList(str) },
  { required: ["scopeName", "operator"] },
);

export const ScopeSelectorSchema = def(
  "ScopeSelector",
  { matchExpressions: atomicList(ScopedResourceSelectorRequirementSchema) },
  { "x-kubernetes-map-type": "atomic" },
);

export const ResourceQuotaSpecSchema = def("ResourceQuotaSpec", {
  hard: opt(resourceList).describe("Hard limits per named resource (pods, requests.cpu, count/deployments.apps, …)."),
  scopeSelector: opt(ScopeSelectorSchema),
  scopes: atomicList(str),
});

export const ResourceQuotaStatusSchema = def("ResourceQuotaStatus", { hard: opt(resourceList), used: opt(resourceList) });

export const ResourceQuotaSchema = topLevel("io.k8s.api.core.v1.ResourceQuota", {
  spec: opt(ResourceQuotaSpecSchema).describe("The desired quota."),
  status: opt(ResourceQuotaStatusSchema).describe("Enforced hard limits and observed usage."),
});

function validateQuantity(q: unknown, path: string): FieldError[] {
  const v = parseQuantity(q);
  if (v === undefined) return [invalid(path, quantityString(q), QUANTITY_FORMAT_ERROR)];
  return v < 0 ? [invalid(path, quantityString(q), "must be greater than or equal to 0")] : [];
}

function validateResourceList(m: Obj | undefined, path: string): FieldError[] {
  return Object.entries(m ?? {}).flatMap(([name, q]) => [
    ...isQualifiedName(name).map((msg) => invalid(key(path, name), name, msg)),
    ...validateQuantity(q, key(path, name)),
  ]);
}

/** ValidateLimitRange: unique types, no defaults for Pod, storage bounds for PVCs, min ≤ default(Request) ≤ max. */
export function validateLimitRange(lr: Obj): FieldError[] {
  const errs = validateObjectMeta(lr.metadata, { namespaced: true });
  const seen = new Set<string>();
  list(lr.spec?.limits).forEach((item, i) => {
    const at = index("spec.limits", i);
    if (!item.type) errs.push(required(child(at, "type")));
    else errs.push(...isQualifiedName(item.type).map((m) => invalid(child(at, "type"), item.type, m)));
    if (seen.has(item.type)) errs.push(duplicate(child(at, "type"), item.type));
    seen.add(item.type);
    for (const f of ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"]) {
      errs.push(...validateResourceList(item[f], child(at, f)));
    }
    if (item.type === "Pod") {
      if (Object.keys(item.default ?? {}).length) errs.push(forbidden(child(at, "default"), "may not be specified when `type` is 'Pod'"));
      if (Object.keys(item.defaultRequest ?? {}).length) {
        errs.push(forbidden(child(at, "defaultRequest"), "may not be specified when `type` is 'Pod'"));
      }
    }
    if (item.type === "PersistentVolumeClaim" && item.min?.storage == null && item.max?.storage == null) {
      errs.push(required(child(at, "limits"), "either minimum or maximum storage value is required, but neither was provided"));
    }
    const names = new Set([...Object.keys(item.min ?? {}), ...Object.keys(item.max ?? {}), ...Object.keys(item.default ?? {}), ...Object.keys(item.defaultRequest ?? {})]);
    for (const r of names) {
      const [min, max, def, defReq] = [item.min?.[r], item.max?.[r], item.default?.[r], item.defaultRequest?.[r]];
      const gt = (a: unknown, b: unknown) => a != null && b != null && compareQuantities(a, b) === 1;
      const s = quantityString;
      if (gt(min, max)) errs.push(invalid(key(child(at, "min"), r), s(min), `min value ${s(min)} is greater than max value ${s(max)}`));
      if (gt(min, defReq)) errs.push(invalid(key(child(at, "defaultRequest"), r), s(defReq), `min value ${s(min)} is greater than default request value ${s(defReq)}`));
      if (gt(defReq, max)) errs.push(invalid(key(child(at, "defaultRequest"), r), s(defReq), `default request value ${s(defReq)} is greater than max value ${s(max)}`));
      if (gt(defReq, def)) errs.push(invalid(key(child(at, "defaultRequest"), r), s(defReq), `default request value ${s(defReq)} is greater than default limit value ${s(def)}`));
      if (gt(min, def)) errs.push(invalid(key(child(at, "default"), r), s(min), `min value ${s(min)} is greater than default value ${s(def)}`));
      if (gt(def, max)) errs.push(invalid(key(child(at, "default"), r), s(max), `default value ${s(def)} is greater than max value ${s(max)}`));
    }
  });
  return errs;
}

const STANDARD_QUOTA_RESOURCES = new Set([
  "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims",
  "services.nodeports", "services.loadbalancers", "cpu", "memory", "ephemeral-storage", "requests.cpu",
  "requests.memory", "requests.storage", "requests.ephemeral-storage", "limits.cpu", "limits.memory",
  "limits.ephemeral-storage",
]);
export const QUOTA_SCOPES = [
  "Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity",
  "VolumeAttributesClass",
];

/** Standard quota resources, hugepages, or anything domain-prefixed (count/…, extended resources, storage classes). */
const isStandardQuotaResource = (r: string) =>
  r.includes("/") || STANDARD_QUOTA_RESOURCES.has(r) || r.startsWith("requests.hugepages-") || r.startsWith("hugepages-");

/** ValidateResourceQuotaSpec: standard or qualified resource names, non-negative quantities, known scopes. */
export function validateResourceQuotaSpec(spec: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, q] of Object.entries((spec?.hard ?? {}) as Obj)) {
    const at = key("spec.hard", name);
    errs.push(...isQualifiedName(name).map((m) => invalid(at, name, m)));
    if (!isStandardQuotaResource(name)) errs.push(invalid(at, name, "must be a standard resource for quota"));
    errs.push(...validateQuantity(q, at));
  }
  const scopes: string[] = spec?.scopes ?? [];
  if (scopes.some((s) => !QUOTA_SCOPES.includes(s))) errs.push(invalid("spec.scopes", scopes, "unsupported scope"));
  list(spec?.scopeSelector?.matchExpressions).forEach((req, i) => {
    if (!QUOTA_SCOPES.includes(req.scopeName)) {
      errs.push(invalid(child(index("spec.scopeSelector.matchExpressions", i), "scopeName"), req.scopeName ?? "", "unsupported scope"));
    }
  });
  return errs;
}

export const validateResourceQuota = (rq: Obj): FieldError[] => [
  ...validateObjectMeta(rq.metadata, { namespaced: true }),
  ...validateResourceQuotaSpec(rq.spec),
];

const updateRules = (create: (o: Obj) => FieldError[]) => (obj: Obj, old: Obj) => [
  ...validateObjectMetaUpdate(obj.metadata, old.metadata),
  ...create(obj).filter((e) => !e.field.startsWith("metadata.")),
];

export const limitRangeKind: KindDef = {
  kind: "LimitRange",
  resource: "limitranges",
  singular: "limitrange",
  namespaced: true,
  shortNames: ["limits"],
  schema: LimitRangeSchema,
  validate: (obj, old) => (old ? updateRules(validateLimitRange)(obj, old) : validateLimitRange(obj)),
};

export const resourceQuotaKind: KindDef = {
  kind: "ResourceQuota",
  resource: "resourcequotas",
  singular: "resourcequota",
  namespaced: true,
  shortNames: ["quota"],
  schema: ResourceQuotaSchema,
  status: true,
  validate: (obj, old) => (old ? updateRules(validateResourceQuota)(obj, old) : validateResourceQuota(obj)),
};

export type LimitRange = z.infer<typeof LimitRangeSchema>;
export type ResourceQuota = z.infer<typeof ResourceQuotaSchema>;
