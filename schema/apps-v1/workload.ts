/**
 * Pieces every apps/v1 workload shares: the conditions list metadata, metadata validation, the selector rules of
 * ValidateDeploymentSpec / ValidateReplicaSetSpec / ValidateStatefulSetSpec / ValidateDaemonSetSpec, and
 * ValidatePodTemplateSpecForReplicaSet (pkg/apis/apps/validation/validation.go).
 */
import type { z } from "zod";
import { validatePodTemplateSpec } from "../core-v1/pod-validation";
import { listOf } from "../meta";
import type { FieldError, KubeObject } from "../types";
import { forbidden, notSupported, required } from "../validation/field-errors";
import { validateLabelSelector } from "../validation/label-selector";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { goLabelSelector, immutableSelector, invalidGo, selectorIsEmpty, selectorIsInvalid, validateSelectorMatchesTemplate } from "./workload-validation";

/** `status.conditions` of apps/v1 kinds: strategic-merge on `type`. */
export const conditionsList = <T extends z.ZodType>(condition: T) =>
  listOf(condition, { "x-kubernetes-patch-merge-key": "type", "x-kubernetes-patch-strategy": "merge" });

/** ValidateObjectMeta (namespaced, DNS-1123 subdomain names) on create, ValidateObjectMetaUpdate on update. */
export const validateWorkloadMeta = (o: KubeObject, old?: KubeObject): FieldError[] =>
  old ? validateObjectMetaUpdate(o.metadata, old.metadata) : validateObjectMeta(o.metadata, { namespaced: true });

/**
 * The selector rules: `Required value` when absent (if `requireSet`), ValidateLabelSelector, `empty selector is
 * invalid for <kind>`, and `invalid label selector` when it does not parse.
 */
export function validateWorkloadSelector(sel: KubeObject | null | undefined, path: string, kind: string, requireSet: boolean): FieldError[] {
  if (!sel) return requireSet ? [required(path)] : [];
  const errs = validateLabelSelector(sel, path);
  if (selectorIsEmpty(sel)) errs.push(invalidGo(path, goLabelSelector(sel), `empty selector is invalid for ${kind}`));
  if (selectorIsInvalid(sel)) errs.push(invalidGo(path, goLabelSelector(sel), "invalid label selector"));
  return errs;
}

/**
 * ValidatePodTemplateSpecForReplicaSet (Deployment, ReplicaSet) and the DaemonSet equivalent: template labels
 * match the selector, the pod template is valid, restartPolicy is Always and activeDeadlineSeconds is unset.
 * `kind` names the kind in the activeDeadlineSeconds message.
 */
export function validateReplicatedTemplate(sel: KubeObject | null | undefined, template: KubeObject | undefined, path: string, kind: string): FieldError[] {
  const errs = selectorIsInvalid(sel) ? [] : validateSelectorMatchesTemplate(sel, template, path);
  errs.push(...validatePodTemplateSpec(template, path));
  errs.push(...validateAlwaysRestart(template, path, kind));
  return errs;
}

/** restartPolicy must be Always; activeDeadlineSeconds is not supported for long-running workloads. */
export function validateAlwaysRestart(template: KubeObject | undefined, path: string, kind: string): FieldError[] {
  const errs: FieldError[] = [];
  const spec: KubeObject = template?.spec ?? {};
  if (spec.restartPolicy !== "Always") errs.push(notSupported(`${path}.spec.restartPolicy`, spec.restartPolicy ?? "", ["Always"]));
  if (spec.activeDeadlineSeconds != null) {
    errs.push(forbidden(`${path}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errs;
}

/** apps/v1 forbids changing spec.selector (each workload strategy's ValidateUpdate). */
export const validateSelectorUpdate = (o: KubeObject, old?: KubeObject): FieldError[] =>
  old ? immutableSelector(o.spec?.selector, old.spec?.selector, "spec.selector") : [];
