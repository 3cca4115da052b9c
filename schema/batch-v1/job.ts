/**
 * batch/v1 Job (k8s.io/api/batch/v1). Defaulting follows pkg/apis/batch/v1/defaults.go SetDefaults_Job; the
 * selector and pod labels the job strategy generates on create (pkg/registry/batch/job/strategy.go
 * generateSelector) are added here too, because `default` runs after the server assigned metadata.uid and name.
 */
import { z } from "zod";
import { ObjectMetaSchema, atomicList, int32, int64, LabelSelectorSchema, listOf, obj, opt, str, time, topLevel, bool } from "../meta";
import { defaultPodTemplateSpec } from "../core-v1/pod-defaults";
import { PodTemplateSpecSchema } from "../core-v1/pod";
import type { KindDef, KubeObject } from "../types";
import { validateJob, validateJobUpdate } from "./job-validation";

export const PodFailurePolicyOnExitCodesRequirementSchema = obj({
  containerName: opt(str).describe("restricts the check to one container; all containers when absent"),
  operator: opt(str).describe("In or NotIn"),
  values: opt(z.array(int32).meta({ "x-kubernetes-list-type": "set" })).describe("ordered exit codes; at most 255"),
}).meta({ id: "io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement", required: ["operator", "values"] });

export const PodFailurePolicyOnPodConditionsPatternSchema = obj({
  type: opt(str),
  status: opt(str).describe("True (default), False or Unknown"),
}).meta({ id: "io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern", required: ["type"] });

export const PodFailurePolicyRuleSchema = obj({
  action: opt(str).describe("FailJob, FailIndex, Ignore or Count"),
  onExitCodes: opt(PodFailurePolicyOnExitCodesRequirementSchema),
  onPodConditions: atomicList(PodFailurePolicyOnPodConditionsPatternSchema),
}).meta({ id: "io.k8s.api.batch.v1.PodFailurePolicyRule", required: ["action"] });

export const PodFailurePolicySchema = obj({
  rules: atomicList(PodFailurePolicyRuleSchema).describe("evaluated in order; at most 20"),
}).meta({ id: "io.k8s.api.batch.v1.PodFailurePolicy", required: ["rules"] });

export const SuccessPolicyRuleSchema = obj({
  succeededIndexes: opt(str).describe('indexes such as "1,3-5,7"'),
  succeededCount: opt(int32),
}).meta({ id: "io.k8s.api.batch.v1.SuccessPolicyRule" });

export const SuccessPolicySchema = obj({
  rules: atomicList(SuccessPolicyRuleSchema),
}).meta({ id: "io.k8s.api.batch.v1.SuccessPolicy", required: ["rules"] });

export const JobSpecSchema = obj({
  parallelism: opt(int32).describe("pods running at any time; defaults to 1"),
  completions: opt(int32).describe("successful pods needed; defaults to 1 when parallelism is unset too"),
  activeDeadlineSeconds: opt(int64),
  podFailurePolicy: opt(PodFailurePolicySchema),
  successPolicy: opt(SuccessPolicySchema),
  backoffLimit: opt(int32).describe("retries before the job fails; defaults to 6"),
  backoffLimitPerIndex: opt(int32),
  maxFailedIndexes: opt(int32),
  selector: opt(LabelSelectorSchema).describe("generated on create unless manualSelector is true; immutable"),
  manualSelector: opt(bool),
  template: opt(PodTemplateSpecSchema).describe("the pods to run; restartPolicy must be OnFailure or Never"),
  ttlSecondsAfterFinished: opt(int32),
  completionMode: opt(str).describe("NonIndexed (default) or Indexed; immutable"),
  suspend: opt(bool),
  podReplacementPolicy: opt(str).describe("TerminatingOrFailed or Failed"),
  managedBy: opt(str).describe("the controller that reconciles this job; immutable"),
}).meta({ id: "io.k8s.api.batch.v1.JobSpec", required: ["template"] });

export const JobConditionSchema = obj({
  type: opt(str),
  status: opt(str),
  lastProbeTime: opt(time),
  lastTransitionTime: opt(time),
  reason: opt(str),
  message: opt(str),
}).meta({ id: "io.k8s.api.batch.v1.JobCondition", required: ["type", "status"] });

export const UncountedTerminatedPodsSchema = obj({
  succeeded: listOf(str, { "x-kubernetes-list-type": "set" }),
  failed: listOf(str, { "x-kubernetes-list-type": "set" }),
}).meta({ id: "io.k8s.api.batch.v1.UncountedTerminatedPods" });

export const JobStatusSchema = obj({
  conditions: listOf(JobConditionSchema, {
    "x-kubernetes-list-type": "atomic",
    "x-kubernetes-patch-merge-key": "type",
    "x-kubernetes-patch-strategy": "merge",
  }),
  startTime: opt(time),
  completionTime: opt(time),
  active: opt(int32),
  succeeded: opt(int32),
  failed: opt(int32),
  terminating: opt(int32),
  completedIndexes: opt(str),
  failedIndexes: opt(str),
  uncountedTerminatedPods: opt(UncountedTerminatedPodsSchema),
  ready: opt(int32),
}).meta({ id: "io.k8s.api.batch.v1.JobStatus" });

export const JobSchema = topLevel("io.k8s.api.batch.v1.Job", {
  spec: opt(JobSpecSchema).describe("the desired behavior of the job"),
  status: opt(JobStatusSchema).describe("the current status of the job"),
}).describe("Job represents the configuration of a single job.");

export const JobTemplateSpecSchema = obj({
  metadata: opt(ObjectMetaSchema),
  spec: opt(JobSpecSchema),
}).meta({ id: "io.k8s.api.batch.v1.JobTemplateSpec" });

export type Job = z.infer<typeof JobSchema>;

/** Pod and selector labels of generated selectors (batch.ControllerUidLabel, batch.JobNameLabel and legacy forms). */
export const CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
export const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
export const LEGACY_CONTROLLER_UID_LABEL = "controller-uid";
export const LEGACY_JOB_NAME_LABEL = "job-name";

/**
 * SetDefaults_Job. As upstream, a Job without labels takes its template's label map itself, so the labels
 * generateSelector adds to the template show on the Job too.
 */
export function defaultJob(job: KubeObject): void {
  const spec: KubeObject = (job.spec ??= {});
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex != null ? 2147483647 : 6;
  const template: KubeObject = (spec.template ??= {});
  const meta: KubeObject = (job.metadata ??= {});
  if (template.metadata?.labels && Object.keys(meta.labels ?? {}).length === 0) meta.labels = template.metadata.labels;
  spec.completionMode ??= "NonIndexed";
  spec.suspend ??= false;
  for (const rule of (spec.podFailurePolicy?.rules ?? []) as KubeObject[]) {
    for (const pattern of (rule?.onPodConditions ?? []) as KubeObject[]) if (pattern && !pattern.status) pattern.status = "True";
  }
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? "Failed" : "TerminatingOrFailed";
  defaultPodTemplateSpec(template);
  if (spec.manualSelector !== true && spec.selector == null) generateSelector(job);
}

/**
 * The job strategy's generateSelector: job-name and controller-uid labels (both forms) on the pod template,
 * unless the user set them, and a selector on batch.kubernetes.io/controller-uid.
 */
export function generateSelector(job: KubeObject): void {
  const name = String(job.metadata?.name ?? "");
  const uid = String(job.metadata?.uid ?? "");
  const template: KubeObject = (job.spec.template ??= {});
  const labels: Record<string, string> = ((template.metadata ??= {}).labels ??= {});
  for (const k of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (!(k in labels)) labels[k] = name;
  for (const k of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) if (!(k in labels)) labels[k] = uid;
  const selector: KubeObject = (job.spec.selector ??= {});
  const matchLabels: Record<string, string> = (selector.matchLabels ??= {});
  if (!(CONTROLLER_UID_LABEL in matchLabels)) matchLabels[CONTROLLER_UID_LABEL] = uid;
}

export const jobDef: KindDef = {
  kind: "Job",
  resource: "jobs",
  singular: "job",
  namespaced: true,
  categories: ["all"],
  fieldSelectors: ["status.successful"],
  schema: JobSchema,
  status: true,
  generation: true,
  default: defaultJob,
  validate: (o, old) => (old ? validateJobUpdate(o, old) : validateJob(o)),
};
