/**
 * apps/v1 DaemonSet (k8s.io/api/apps/v1). Defaulting follows SetDefaults_DaemonSet, validation
 * pkg/apis/apps/validation ValidateDaemonSet / ValidateDaemonSetUpdate plus the strategy's selector immutability.
 */
import { z } from "zod";
import { defaultPodTemplateSpec } from "../core-v1/pod-defaults";
import { PodTemplateSpecSchema } from "../core-v1/pod";
import { validatePodTemplateSpec } from "../core-v1/pod-validation";
import { int32, int64, intOrString, LabelSelectorSchema, obj, opt, str, time, topLevel } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { invalid, notSupported, required } from "../validation/field-errors";
import { validateNonnegative } from "../validation/generic";
import { validateLabelSelector } from "../validation/label-selector";
import { conditionsList, validateSelectorUpdate, validateWorkloadMeta } from "./workload";
import {
  goIntOrString,
  goLabelSelector,
  intOrPercentValue,
  invalidGo,
  isNotMoreThan100Percent,
  notSupportedGo,
  selectorIsEmpty,
  selectorIsInvalid,
  validatePositiveIntOrPercent,
  validateSelectorMatchesTemplate,
} from "./workload-validation";

export const RollingUpdateDaemonSetSchema = obj({
  maxUnavailable: opt(intOrString).describe("nodes whose pod may be unavailable during the update; default 1"),
  maxSurge: opt(intOrString).describe("nodes that may run an extra updated pod during the update; default 0"),
}).meta({ id: "io.k8s.api.apps.v1.RollingUpdateDaemonSet" });

export const DaemonSetUpdateStrategySchema = obj({
  type: opt(str).describe('"RollingUpdate" (default) or "OnDelete"'),
  rollingUpdate: opt(RollingUpdateDaemonSetSchema),
}).meta({ id: "io.k8s.api.apps.v1.DaemonSetUpdateStrategy" });

export const DaemonSetSpecSchema = obj({
  selector: opt(LabelSelectorSchema).describe("label query over pods; must match the template's labels; immutable"),
  template: opt(PodTemplateSpecSchema).describe("the pod run on every eligible node"),
  updateStrategy: opt(DaemonSetUpdateStrategySchema),
  minReadySeconds: opt(int32),
  revisionHistoryLimit: opt(int32).describe("old history to keep for rollback; defaults to 10"),
}).meta({ id: "io.k8s.api.apps.v1.DaemonSetSpec", required: ["selector", "template"] });

export const DaemonSetConditionSchema = obj({
  type: opt(str),
  status: opt(str),
  lastTransitionTime: opt(time),
  reason: opt(str),
  message: opt(str),
}).meta({ id: "io.k8s.api.apps.v1.DaemonSetCondition", required: ["type", "status"] });

export const DaemonSetStatusSchema = obj({
  currentNumberScheduled: opt(int32),
  numberMisscheduled: opt(int32),
  desiredNumberScheduled: opt(int32),
  numberReady: opt(int32),
  observedGeneration: opt(int64),
  updatedNumberScheduled: opt(int32),
  numberAvailable: opt(int32),
  numberUnavailable: opt(int32),
  collisionCount: opt(int32),
  conditions: conditionsList(DaemonSetConditionSchema),
}).meta({
  id: "io.k8s.api.apps.v1.DaemonSetStatus",
  required: ["currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady"],
});

export const DaemonSetSchema = topLevel("io.k8s.api.apps.v1.DaemonSet", {
  spec: opt(DaemonSetSpecSchema).describe("the desired behavior of this daemon set"),
  status: opt(DaemonSetStatusSchema).describe("the current status of this daemon set"),
}).describe("DaemonSet runs a copy of a pod on every eligible node.");

export type DaemonSet = z.infer<typeof DaemonSetSchema>;

/** SetDefaults_DaemonSet, plus the pod template defaults. */
export function defaultDaemonSet(ds: KubeObject): void {
  const spec: KubeObject = (ds.spec ??= {});
  const strategy: KubeObject = (spec.updateStrategy ??= {});
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru: KubeObject = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplateSpec((spec.template ??= {}));
}

const goDaemonSetStrategy = (s: KubeObject) =>
  `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(String(s.type ?? ""))}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(${s.rollingUpdate ? "…" : "nil"})}`;

/** ValidateDaemonSetUpdateStrategy / ValidateRollingUpdateDaemonSet: exactly one of maxSurge, maxUnavailable non-zero. */
export function validateDaemonSetUpdateStrategy(s: KubeObject, path = "spec.updateStrategy"): FieldError[] {
  switch (s.type) {
    case "OnDelete":
      return [];
    case "RollingUpdate": {
      const ru: KubeObject | undefined = s.rollingUpdate;
      const p = `${path}.rollingUpdate`;
      if (!ru) return [required(p)];
      const errs = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`),
        ...isNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...isNotMoreThan100Percent(ru.maxSurge, `${p}.maxSurge`),
      ];
      const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
      const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
      if (hasUnavailable && hasSurge) errs.push(invalidGo(`${p}.maxSurge`, goIntOrString(ru.maxSurge), "may not be set when maxUnavailable is non-zero"));
      else if (!hasUnavailable && !hasSurge) errs.push(required(`${p}.maxUnavailable`, "cannot be 0 when maxSurge is 0"));
      return errs;
    }
    default:
      return [notSupportedGo(path, goDaemonSetStrategy(s), ["RollingUpdate", "OnDelete"])];
  }
}

/** ValidateDaemonSetSpec. A DaemonSet without a selector gets only the template-labels error, as upstream. */
export function validateDaemonSetSpec(spec: KubeObject, path = "spec"): FieldError[] {
  const sel: KubeObject | undefined = spec.selector ?? undefined;
  const tp = `${path}.template`;
  const errs = validateLabelSelector(sel, `${path}.selector`);
  if (!selectorIsInvalid(sel)) errs.push(...validateSelectorMatchesTemplate(sel, spec.template, tp));
  if (selectorIsEmpty(sel)) errs.push(invalidGo(`${path}.selector`, goLabelSelector(sel), "empty selector is invalid for daemonset"));
  errs.push(...validatePodTemplateSpec(spec.template, tp));
  const podSpec: KubeObject = spec.template?.spec ?? {};
  if (podSpec.restartPolicy !== "Always") errs.push(notSupported(`${tp}.spec.restartPolicy`, podSpec.restartPolicy ?? "", ["Always"]));
  if (podSpec.activeDeadlineSeconds != null) {
    errs.push(invalid(`${tp}.spec.activeDeadlineSeconds`, podSpec.activeDeadlineSeconds, "activeDeadlineSeconds in DaemonSet is not Supported"));
  }
  errs.push(...validateNonnegative(spec.minReadySeconds, `${path}.minReadySeconds`));
  errs.push(...validateDaemonSetUpdateStrategy(spec.updateStrategy ?? {}, `${path}.updateStrategy`));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, `${path}.revisionHistoryLimit`));
  return errs;
}

export const daemonSetDef: KindDef = {
  kind: "DaemonSet",
  resource: "daemonsets",
  singular: "daemonset",
  namespaced: true,
  shortNames: ["ds"],
  categories: ["all"],
  schema: DaemonSetSchema,
  status: true,
  generation: true,
  default: defaultDaemonSet,
  validate: (o, old) => [...validateWorkloadMeta(o, old), ...validateDaemonSetSpec(o.spec ?? {}), ...validateSelectorUpdate(o, old)],
};
