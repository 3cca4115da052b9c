/**
 * policy/v1 (k8s.io/api/policy/v1): PodDisruptionBudget. Validation follows
 * pkg/apis/policy/validation/validation.go; the strategy (pkg/registry/policy/poddisruptionbudget) keeps a status
 * subresource and bumps generation on spec changes. No SetDefaults for PDBs.
 */
import { z } from "zod";
import { ConditionSchema, int32, int64, intOrString, LabelSelectorSchema, obj, opt, str, time, topLevel } from "./meta";
import type { FieldError, GroupVersionDef, KindDef, KubeObject } from "./types";
import { invalidGo, isNotMoreThan100Percent, validatePositiveIntOrPercent } from "./apps-v1/workload-validation";
import { notSupported } from "./validation/field-errors";
import { validateNonnegative } from "./validation/generic";
import { validateLabelSelector } from "./validation/label-selector";
import { validateObjectMeta, validateObjectMetaUpdate } from "./validation/object-meta";

export const PodDisruptionBudgetSpecSchema = obj({
  minAvailable: opt(intOrString).describe("pods that must stay available after an eviction (number or percentage)"),
  maxUnavailable: opt(intOrString).describe("pods that may be unavailable after an eviction; exclusive with minAvailable"),
  selector: opt(LabelSelectorSchema)
    .meta({ "x-kubernetes-patch-strategy": "replace" })
    .describe("the pods covered; an empty selector selects all pods of the namespace, a null one none"),
  unhealthyPodEvictionPolicy: opt(str).describe("IfHealthyBudget (default behaviour) or AlwaysAllow"),
}).meta({ id: "io.k8s.api.policy.v1.PodDisruptionBudgetSpec" });

export const PodDisruptionBudgetStatusSchema = obj({
  observedGeneration: opt(int64),
  disruptedPods: opt(z.record(z.string(), time)),
  disruptionsAllowed: opt(int32),
  currentHealthy: opt(int32),
  desiredHealthy: opt(int32),
  expectedPods: opt(int32),
  conditions: opt(
    z.array(ConditionSchema).meta({
      "x-kubernetes-patch-merge-key": "type",
      "x-kubernetes-patch-strategy": "merge",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["type"],
    }),
  ),
}).meta({
  id: "io.k8s.api.policy.v1.PodDisruptionBudgetStatus",
  required: ["disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"],
});

export const PodDisruptionBudgetSchema = topLevel("io.k8s.api.policy.v1.PodDisruptionBudget", {
  spec: opt(PodDisruptionBudgetSpecSchema).describe("desired disruption budget"),
  status: opt(PodDisruptionBudgetStatusSchema).describe("most recently observed status; read-only"),
}).describe("PodDisruptionBudget limits the number of pods of an application that are down simultaneously from voluntary disruptions.");

export type PodDisruptionBudget = z.infer<typeof PodDisruptionBudgetSchema>;

const EVICTION_POLICIES = ["AlwaysAllow", "IfHealthyBudget"];

/** ValidatePodDisruptionBudgetSpec. */
export function validatePodDisruptionBudgetSpec(spec: KubeObject, path = "spec"): FieldError[] {
  const errs: FieldError[] = [];
  const has = (v: unknown) => v !== undefined && v !== null;
  if (has(spec.minAvailable) && has(spec.maxUnavailable)) {
    errs.push(invalidGo(path, "policy.PodDisruptionBudgetSpec{...}", "minAvailable and maxUnavailable cannot be both set"));
  }
  for (const f of ["minAvailable", "maxUnavailable"]) {
    if (!has(spec[f])) continue;
    errs.push(...validatePositiveIntOrPercent(spec[f], `${path}.${f}`), ...isNotMoreThan100Percent(spec[f], `${path}.${f}`));
  }
  errs.push(...validateLabelSelector(spec.selector, `${path}.selector`));
  if (spec.unhealthyPodEvictionPolicy != null && !EVICTION_POLICIES.includes(spec.unhealthyPodEvictionPolicy)) {
    errs.push(notSupported(`${path}.unhealthyPodEvictionPolicy`, spec.unhealthyPodEvictionPolicy, EVICTION_POLICIES));
  }
  return errs;
}

/** ValidatePodDisruptionBudgetStatusUpdate's counters (applied to every write; they only come from status writes). */
export function validatePodDisruptionBudgetStatus(status: KubeObject, path = "status"): FieldError[] {
  return ["disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"].flatMap((f) => validateNonnegative(status[f], `${path}.${f}`));
}

const pdbDef: KindDef = {
  kind: "PodDisruptionBudget",
  resource: "poddisruptionbudgets",
  singular: "poddisruptionbudget",
  namespaced: true,
  shortNames: ["pdb"],
  schema: PodDisruptionBudgetSchema,
  status: true,
  generation: true,
  validate: (o, old) => [
    ...(old ? validateObjectMetaUpdate(o.metadata, old.metadata) : validateObjectMeta(o.metadata, { namespaced: true })),
    ...validatePodDisruptionBudgetSpec(o.spec ?? {}),
    ...validatePodDisruptionBudgetStatus(o.status ?? {}),
  ],
};

export const policyV1: GroupVersionDef = { group: "policy", version: "v1", kinds: [pdbDef] };
