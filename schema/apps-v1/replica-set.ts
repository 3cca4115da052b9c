/**
 * apps/v1 ReplicaSet (k8s.io/api/apps/v1). Defaulting follows SetDefaults_ReplicaSet (replicas 1), validation
 * pkg/apis/apps/validation ValidateReplicaSet / ValidateReplicaSetUpdate plus the strategy's selector immutability.
 */
import { z } from "zod";
import { defaultPodTemplateSpec } from "../core-v1/pod-defaults";
import { PodTemplateSpecSchema } from "../core-v1/pod";
import { int32, int64, LabelSelectorSchema, obj, opt, str, time, topLevel } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { validateNonnegative } from "../validation/generic";
import { conditionsList, validateReplicatedTemplate, validateSelectorUpdate, validateWorkloadMeta, validateWorkloadSelector } from "./workload";

export const ReplicaSetSpecSchema = obj({
  replicas: opt(int32).describe("desired number of pods; defaults to 1"),
  minReadySeconds: opt(int32),
  selector: opt(LabelSelectorSchema).describe("label query over pods; must match the template's labels; immutable"),
  template: opt(PodTemplateSpecSchema).describe("the pods created when too few are running"),
}).meta({ id: "io.k8s.api.apps.v1.ReplicaSetSpec", required: ["selector"] });

export const ReplicaSetConditionSchema = obj({
  type: opt(str),
  status: opt(str),
  lastTransitionTime: opt(time),
  reason: opt(str),
  message: opt(str),
}).meta({ id: "io.k8s.api.apps.v1.ReplicaSetCondition", required: ["type", "status"] });

export const ReplicaSetStatusSchema = obj({
  replicas: opt(int32),
  fullyLabeledReplicas: opt(int32),
  readyReplicas: opt(int32),
  availableReplicas: opt(int32),
  terminatingReplicas: opt(int32),
  observedGeneration: opt(int64),
  conditions: conditionsList(ReplicaSetConditionSchema),
}).meta({ id: "io.k8s.api.apps.v1.ReplicaSetStatus", required: ["replicas"] });

export const ReplicaSetSchema = topLevel("io.k8s.api.apps.v1.ReplicaSet", {
  spec: opt(ReplicaSetSpecSchema).describe("the specification of the desired behavior of the ReplicaSet"),
  status: opt(ReplicaSetStatusSchema).describe("the most recently observed status of the ReplicaSet"),
}).describe("ReplicaSet ensures that a specified number of pod replicas are running at any given time.");

export type ReplicaSet = z.infer<typeof ReplicaSetSchema>;

/** SetDefaults_ReplicaSet, plus the pod template defaults. */
export function defaultReplicaSet(rs: KubeObject): void {
  const spec: KubeObject = (rs.spec ??= {});
  spec.replicas ??= 1;
  defaultPodTemplateSpec((spec.template ??= {}));
}

/**
 * ValidateReplicaSetSpec. Upstream's empty-selector message says "deployment" for ReplicaSets too.
 */
export function validateReplicaSetSpec(spec: KubeObject, path = "spec"): FieldError[] {
  return [
    ...validateNonnegative(spec.replicas, `${path}.replicas`),
    ...validateNonnegative(spec.minReadySeconds, `${path}.minReadySeconds`),
    ...validateWorkloadSelector(spec.selector, `${path}.selector`, "deployment", true),
    ...validateReplicatedTemplate(spec.selector, spec.template, `${path}.template`, "ReplicaSet"),
  ];
}

export const replicaSetDef: KindDef = {
  kind: "ReplicaSet",
  resource: "replicasets",
  singular: "replicaset",
  namespaced: true,
  shortNames: ["rs"],
  categories: ["all"],
  fieldSelectors: ["status.replicas"],
  schema: ReplicaSetSchema,
  status: true,
  generation: true,
  scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".spec.selector" },
  default: defaultReplicaSet,
  validate: (o, old) => [...validateWorkloadMeta(o, old), ...validateReplicaSetSpec(o.spec ?? {}), ...validateSelectorUpdate(o, old)],
};
