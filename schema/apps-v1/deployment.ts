/**
 * apps/v1 Deployment (k8s.io/api/apps/v1). Defaulting follows pkg/apis/apps/v1/defaults.go SetDefaults_Deployment,
 * validation pkg/apis/apps/validation ValidateDeployment / ValidateDeploymentUpdate plus the strategy's selector
 * immutability for apps/v1 (pkg/registry/apps/deployment/strategy.go).
 */
import { z } from "zod";
import { defaultPodTemplateSpec } from "../core-v1/pod-defaults";
import { PodTemplateSpecSchema } from "../core-v1/pod";
import { bool, int32, int64, intOrString, LabelSelectorSchema, obj, opt, str, time, topLevel } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { forbidden, invalid, required } from "../validation/field-errors";
import { validateNonnegative } from "../validation/generic";
import {
  goIntOrString,
  intOrPercentValue,
  invalidGo,
  isNotMoreThan100Percent,
  notSupportedGo,
  validatePositiveIntOrPercent,
} from "./workload-validation";
import { conditionsList, validateReplicatedTemplate, validateSelectorUpdate, validateWorkloadMeta, validateWorkloadSelector } from "./workload";

export const RollingUpdateDeploymentSchema = obj({
  maxUnavailable: opt(intOrString).describe("pods that may be unavailable during the update (number or percentage); default 25%"),
  maxSurge: opt(intOrString).describe("pods that may be created above the desired count (number or percentage); default 25%"),
}).meta({ id: "io.k8s.api.apps.v1.RollingUpdateDeployment" });

export const DeploymentStrategySchema = obj({
  type: opt(str).describe('"Recreate" or "RollingUpdate" (default)'),
  rollingUpdate: opt(RollingUpdateDeploymentSchema),
}).meta({ id: "io.k8s.api.apps.v1.DeploymentStrategy" });

export const DeploymentSpecSchema = obj({
  replicas: opt(int32).describe("desired number of pods; defaults to 1"),
  selector: opt(LabelSelectorSchema).describe("label query over pods; must match the template's labels; immutable"),
  template: opt(PodTemplateSpecSchema).describe("the pods to create"),
  strategy: opt(DeploymentStrategySchema)
    .meta({ "x-kubernetes-patch-strategy": "retainKeys" })
    .describe("how to replace existing pods with new ones"),
  minReadySeconds: opt(int32),
  revisionHistoryLimit: opt(int32).describe("old ReplicaSets to keep for rollback; defaults to 10"),
  paused: opt(bool),
  progressDeadlineSeconds: opt(int32).describe("seconds before the deployment is reported as failed to progress; defaults to 600"),
}).meta({ id: "io.k8s.api.apps.v1.DeploymentSpec", required: ["selector", "template"] });

export const DeploymentConditionSchema = obj({
  type: opt(str),
  status: opt(str),
  lastUpdateTime: opt(time),
  lastTransitionTime: opt(time),
  reason: opt(str),
  message: opt(str),
}).meta({ id: "io.k8s.api.apps.v1.DeploymentCondition", required: ["type", "status"] });

export const DeploymentStatusSchema = obj({
  observedGeneration: opt(int64),
  replicas: opt(int32),
  updatedReplicas: opt(int32),
  readyReplicas: opt(int32),
  availableReplicas: opt(int32),
  unavailableReplicas: opt(int32),
  terminatingReplicas: opt(int32),
  conditions: conditionsList(DeploymentConditionSchema),
  collisionCount: opt(int32),
}).meta({ id: "io.k8s.api.apps.v1.DeploymentStatus" });

export const DeploymentSchema = topLevel("io.k8s.api.apps.v1.Deployment", {
  spec: opt(DeploymentSpecSchema).describe("desired behavior of the Deployment"),
  status: opt(DeploymentStatusSchema).describe("most recently observed status of the Deployment"),
}).describe("Deployment enables declarative updates for Pods and ReplicaSets.");

export type Deployment = z.infer<typeof DeploymentSchema>;

/** SetDefaults_Deployment, plus the pod template defaults. */
export function defaultDeployment(d: KubeObject): void {
  const spec: KubeObject = (d.spec ??= {});
  spec.replicas ??= 1;
  const strategy: KubeObject = (spec.strategy ??= {});
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru: KubeObject = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= "25%";
    ru.maxSurge ??= "25%";
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplateSpec((spec.template ??= {}));
}

const goDeploymentStrategy = (s: KubeObject) =>
  `apps.DeploymentStrategy{Type:${JSON.stringify(String(s.type ?? ""))}, RollingUpdate:(*apps.RollingUpdateDeployment)(${s.rollingUpdate ? "…" : "nil"})}`;

/** ValidateDeploymentStrategy / ValidateRollingUpdateDeployment. */
export function validateDeploymentStrategy(s: KubeObject, path = "spec.strategy"): FieldError[] {
  switch (s.type) {
    case "Recreate":
      return s.rollingUpdate ? [forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
    case "RollingUpdate": {
      const ru: KubeObject | undefined = s.rollingUpdate;
      if (!ru) return [required(`${path}.rollingUpdate`, "this should be defaulted and never be nil")];
      const p = `${path}.rollingUpdate`;
      const errs = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`),
      ];
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(invalidGo(`${p}.maxUnavailable`, goIntOrString(ru.maxUnavailable), "may not be 0 when `maxSurge` is 0"));
      }
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
      return errs;
    }
    default:
      return [notSupportedGo(path, goDeploymentStrategy(s), ["Recreate", "RollingUpdate"])];
  }
}

/** ValidateDeploymentSpec. */
export function validateDeploymentSpec(spec: KubeObject, path = "spec"): FieldError[] {
  const errs = validateNonnegative(spec.replicas, `${path}.replicas`);
  errs.push(...validateWorkloadSelector(spec.selector, `${path}.selector`, "deployment", true));
  errs.push(...validateReplicatedTemplate(spec.selector, spec.template, `${path}.template`, "ReplicaSet"));
  errs.push(...validateDeploymentStrategy(spec.strategy ?? {}, `${path}.strategy`));
  errs.push(...validateNonnegative(spec.minReadySeconds, `${path}.minReadySeconds`));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, `${path}.revisionHistoryLimit`));
  if (typeof spec.progressDeadlineSeconds === "number") {
    errs.push(...validateNonnegative(spec.progressDeadlineSeconds, `${path}.progressDeadlineSeconds`));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(invalid(`${path}.progressDeadlineSeconds`, spec.progressDeadlineSeconds, "must be greater than minReadySeconds"));
    }
  }
  return errs;
}

export const deploymentDef: KindDef = {
  kind: "Deployment",
  resource: "deployments",
  singular: "deployment",
  namespaced: true,
  shortNames: ["deploy"],
  categories: ["all"],
  schema: DeploymentSchema,
  status: true,
  generation: true,
  scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".spec.selector" },
  default: defaultDeployment,
  validate: (o, old) => [...validateWorkloadMeta(o, old), ...validateDeploymentSpec(o.spec ?? {}), ...validateSelectorUpdate(o, old)],
};
