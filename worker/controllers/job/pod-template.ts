/**
 * The pod a Job creates (controller.GetPodFromTemplate with the Job's additions in manageJob): the template's
 * labels, annotations, finalizers and spec, generateName `<job>-`, the controller ownerReference and the
 * batch.kubernetes.io/job-tracking finalizer. An Indexed Job's pod also carries its completion index (annotation
 * and label), the JOB_COMPLETION_INDEX variable, hostname `<job>-<index>` and generateName `<job>-<index>-`.
 */
import type { KubeObject } from "../../../schema/types";
import { COMPLETION_INDEX_ENV, JOB_COMPLETION_INDEX, JOB_INDEX_FAILURE_COUNT, JOB_INDEX_IGNORED_FAILURE_COUNT, JOB_TRACKING_FINALIZER, MAX_GENERATED_NAME_LENGTH } from "./constants";
import type { Job } from "./pod-state";

/** metav1.NewControllerRef for a batch/v1 Job. */
export function jobControllerRef(job: Job): KubeObject {
  return { apiVersion: "batch/v1", kind: "Job", name: job.metadata?.name, uid: job.metadata?.uid, controller: true, blockOwnerDeletion: true };
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the prefix fits a generated name. */
export function indexedGenerateName(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? jobName.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : prefix;
}

/** addCompletionIndexEnvVariable (PodIndexLabel: read from the label). */
function withIndexEnv(container: KubeObject): KubeObject {
  const env: KubeObject[] = container.env ?? [];
  if (env.some((e) => e.name === COMPLETION_INDEX_ENV)) return container;
  return { ...container, env: [...env, { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX}']` } } }] };
}

export interface IndexFailureCounts {
  failed: number;
  ignored: number;
}

/**
 * The pod to create for `job`; `index` for Indexed Jobs, `failureCounts` with backoffLimitPerIndex (the
 * job-index-failure-count annotations carried over from the pod being replaced).
 */
export function podForJob(job: Job, index?: number, failureCounts?: IndexFailureCounts): KubeObject {
  const template: KubeObject = structuredClone(job.spec?.template ?? {});
  const meta: KubeObject = template.metadata ?? {};
  const name: string = job.metadata?.name ?? "";
  const labels: Record<string, string> = { ...(meta.labels ?? {}) };
  const annotations: Record<string, string> = { ...(meta.annotations ?? {}) };
  const finalizers: string[] = [...(meta.finalizers ?? [])];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER)) finalizers.push(JOB_TRACKING_FINALIZER);
  const spec: KubeObject = template.spec ?? {};
  let generateName = `${name}-`;
  if (index !== undefined) {
    spec.containers = (spec.containers ?? []).map(withIndexEnv);
    if (spec.initContainers) spec.initContainers = spec.initContainers.map(withIndexEnv);
    annotations[JOB_COMPLETION_INDEX] = String(index);
    labels[JOB_COMPLETION_INDEX] = String(index);
    spec.hostname = `${name}-${index}`;
    generateName = indexedGenerateName(name, index);
    if (failureCounts) {
      annotations[JOB_INDEX_FAILURE_COUNT] = String(failureCounts.failed);
      if (failureCounts.ignored > 0) annotations[JOB_INDEX_IGNORED_FAILURE_COUNT] = String(failureCounts.ignored);
    }
  }
  const metadata: KubeObject = { generateName, namespace: job.metadata?.namespace, labels, finalizers, ownerReferences: [jobControllerRef(job)] };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  return { apiVersion: "v1", kind: "Pod", metadata, spec };
}
