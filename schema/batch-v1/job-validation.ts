/**
 * Job validation (pkg/apis/batch/validation/validation.go, 1.32): ValidateJob with the generated-selector checks,
 * validateJobSpec (counts, completion mode, pod failure / success / replacement policies, the template and its
 * restartPolicy) and ValidateJobUpdate (selector, template, completions, completionMode and policies immutable;
 * scheduling directives of a suspended, never-started job may change).
 */
import { validatePodTemplateSpec } from "../core-v1/pod-validation";
import type { FieldError, KubeObject } from "../types";
import { duplicate, forbidden, invalid, notSupported, required, tooLong, tooMany } from "../validation/field-errors";
import { semanticEqual, validateImmutableField, validateNonnegative } from "../validation/generic";
import { validateLabelSelector } from "../validation/label-selector";
import { isDNS1123Label, isQualifiedName } from "../validation/names";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { goLabelSelector, goStringMap, immutableSelector, invalidGo, selectorIsEmpty, selectorIsInvalid, selectorMatches } from "../apps-v1/workload-validation";
import { isDomainPrefixedPath } from "../networking-v1/net-validation";

const CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
const MAX_PARALLELISM_INDEXED = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const MAX_RULES = 20;
const MAX_EXIT_CODES = 255;
const POD_FAILURE_ACTIONS = ["Count", "FailIndex", "FailJob", "Ignore"];
const CONDITION_STATUSES = ["False", "True", "Unknown"];
const EXIT_CODE_OPERATORS = ["In", "NotIn"];
const REPLACEMENT_POLICIES = ["Failed", "TerminatingOrFailed"];

/** `fmt.Sprintf("valid values: %q", list)`: `valid values: ["A" "B"]`. */
const validValues = (list: string[]) => `valid values: [${list.map((v) => JSON.stringify(v)).join(" ")}]`;

/** field.Invalid(path, field.OmitValueType{}, detail): no value printed. */
const invalidOmitted = (field: string, detail: string): FieldError => ({ reason: "FieldValueInvalid", field, message: `Invalid value: ${detail}` });

/** ValidateHasLabel on the template metadata. */
function validateHasLabel(labels: Record<string, string> | undefined, key: string, expected: string): FieldError[] {
  const field = `spec.template.metadata.labels[${key}]`;
  if (!labels || !(key in labels)) return [required(field, `must be '${expected}'`)];
  return labels[key] === expected ? [] : [invalidGo(field, goStringMap(labels), `must be '${expected}'`)];
}

/** validateGeneratedSelector: the generated labels are on the template and the selector selects this job's uid. */
function validateGeneratedSelector(job: KubeObject): FieldError[] {
  const spec: KubeObject = job.spec ?? {};
  if (spec.manualSelector === true || !spec.selector) return [];
  const uid = String(job.metadata?.uid ?? "");
  const name = String(job.metadata?.name ?? "");
  const errs: FieldError[] = [];
  if (!uid) errs.push(required("metadata.uid"));
  const labels = spec.template?.metadata?.labels;
  errs.push(...validateHasLabel(labels, "controller-uid", uid), ...validateHasLabel(labels, "job-name", name));
  errs.push(...validateHasLabel(labels, CONTROLLER_UID_LABEL, uid), ...validateHasLabel(labels, "batch.kubernetes.io/job-name", name));
  if (!selectorIsInvalid(spec.selector) && !selectorMatches(spec.selector, { [CONTROLLER_UID_LABEL]: uid })) {
    errs.push(invalidGo("spec.selector", goLabelSelector(spec.selector), "`selector` not auto-generated"));
  }
  return errs;
}

function validatePodFailurePolicy(spec: KubeObject, path: string): FieldError[] {
  const rules: KubeObject[] = spec.podFailurePolicy?.rules ?? [];
  const errs: FieldError[] = rules.length > MAX_RULES ? [tooMany(`${path}.rules`, rules.length, MAX_RULES)] : [];
  const podSpec: KubeObject = spec.template?.spec ?? {};
  const containerNames = new Set([...(podSpec.containers ?? []), ...(podSpec.initContainers ?? [])].map((c: KubeObject) => c?.name));
  rules.forEach((rule, i) => {
    const p = `${path}.rules[${i}]`;
    const action = rule?.action ?? "";
    if (!action) errs.push(required(`${p}.action`, validValues(POD_FAILURE_ACTIONS)));
    else if (action === "FailIndex") {
      if (spec.backoffLimitPerIndex == null) errs.push(invalid(`${p}.action`, action, "requires the backoffLimitPerIndex to be set"));
    } else if (!POD_FAILURE_ACTIONS.includes(action)) errs.push(notSupported(`${p}.action`, action, POD_FAILURE_ACTIONS));
    const onExit: KubeObject | undefined = rule?.onExitCodes ?? undefined;
    const onConditions: KubeObject[] = rule?.onPodConditions ?? [];
    if (onExit) errs.push(...validateOnExitCodes(onExit, `${p}.onExitCodes`, containerNames));
    if (onConditions.length > MAX_RULES) errs.push(tooMany(`${p}.onPodConditions`, onConditions.length, MAX_RULES));
    onConditions.forEach((c, j) => {
      const cp = `${p}.onPodConditions[${j}]`;
      for (const m of isQualifiedName(String(c?.type ?? ""))) errs.push(invalid(`${cp}.type`, c?.type ?? "", m));
      if (!c?.status) errs.push(required(`${cp}.status`, validValues(CONDITION_STATUSES)));
      else if (!CONDITION_STATUSES.includes(c.status)) errs.push(notSupported(`${cp}.status`, c.status, CONDITION_STATUSES));
    });
    if (onExit && onConditions.length) errs.push(invalidOmitted(p, "specifying both OnExitCodes and OnPodConditions is not supported"));
    if (!onExit && !onConditions.length) errs.push(invalidOmitted(p, "specifying one of OnExitCodes and OnPodConditions is required"));
  });
  return errs;
}

function validateOnExitCodes(req: KubeObject, path: string, containerNames: Set<unknown>): FieldError[] {
  const errs: FieldError[] = [];
  if (!req.operator) errs.push(required(`${path}.operator`, validValues(EXIT_CODE_OPERATORS)));
  else if (!EXIT_CODE_OPERATORS.includes(req.operator)) errs.push(notSupported(`${path}.operator`, req.operator, EXIT_CODE_OPERATORS));
  if (req.containerName != null && !containerNames.has(req.containerName)) {
    errs.push(invalid(`${path}.containerName`, req.containerName, "must be one of the container or initContainer names in the pod template"));
  }
  const values: number[] = req.values ?? [];
  const goInts = `[]int32{${values.join(", ")}}`;
  if (!values.length) errs.push(invalidGo(`${path}.values`, "[]int32(nil)", "at least one value is required"));
  else if (values.length > MAX_EXIT_CODES) errs.push(tooMany(`${path}.values`, values.length, MAX_EXIT_CODES));
  else {
    const seen = new Set<number>();
    let ordered = true;
    values.forEach((v, j) => {
      if (req.operator === "In" && v === 0) errs.push(invalid(`${path}.values[${j}]`, v, "must not be 0 for the In operator"));
      if (seen.has(v)) errs.push(duplicate(`${path}.values[${j}]`, v));
      seen.add(v);
      if (j > 0 && values[j - 1] > v) ordered = false;
    });
    if (!ordered) errs.push(invalidGo(`${path}.values`, goInts, "must be ordered"));
  }
  return errs;
}

function validateSuccessPolicy(spec: KubeObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.completionMode !== "Indexed") errs.push(invalid("spec.completionMode", spec.completionMode ?? null, "requires indexed completion mode"));
  const rules: KubeObject[] = spec.successPolicy?.rules ?? [];
  if (!rules.length) errs.push(required(`${path}.rules`, "at least one rules must be specified when the successPolicy is specified"));
  if (rules.length > MAX_RULES) errs.push(tooMany(`${path}.rules`, rules.length, MAX_RULES));
  rules.forEach((rule, i) => {
    const p = `${path}.rules[${i}]`;
    if (rule?.succeededCount == null && rule?.succeededIndexes == null) {
      errs.push(required(p, "at least one of succeededCount or succeededIndexes must be specified"));
    }
    if (typeof rule?.succeededCount === "number") {
      errs.push(...validateNonnegative(rule.succeededCount, `${p}.succeededCount`));
      if (typeof spec.completions === "number" && rule.succeededCount > spec.completions) {
        errs.push(invalid(`${p}.succeededCount`, rule.succeededCount, `must be less than or equal to ${spec.completions} (the number of specified completions)`));
      }
    }
  });
  return errs;
}

/** validateJobSpec, plus ValidateJobSpec's selector checks when `opts.selector` (Jobs, not CronJob job templates). */
export function validateJobSpec(spec: KubeObject, path: string, opts: { selector: boolean }): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"]) {
    errs.push(...validateNonnegative(spec[f], `${path}.${f}`));
  }
  if (spec.backoffLimitPerIndex != null) {
    errs.push(...validateNonnegative(spec.backoffLimitPerIndex, `${path}.backoffLimitPerIndex`));
    if (spec.completionMode !== "Indexed") errs.push(forbidden(`${path}.backoffLimitPerIndex`, "requires indexed completion mode"));
  }
  if (spec.maxFailedIndexes != null) {
    errs.push(...validateNonnegative(spec.maxFailedIndexes, `${path}.maxFailedIndexes`));
    if (spec.backoffLimitPerIndex == null) errs.push(required(`${path}.backoffLimitPerIndex`, "when maxFailedIndexes is specified"));
    if (typeof spec.completions === "number" && spec.maxFailedIndexes > spec.completions) {
      errs.push(invalid(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, "must be less than or equal to completions"));
    }
    if (spec.maxFailedIndexes > MAX_FAILED_INDEXES) errs.push(invalid(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, `must be less than or equal to ${MAX_FAILED_INDEXES}`));
  }
  if (spec.managedBy != null) {
    errs.push(...isDomainPrefixedPath(`${path}.managedBy`, spec.managedBy));
    if (String(spec.managedBy).length > 63) errs.push(tooLong(`${path}.managedBy`, 63));
  }
  if (spec.completionMode != null) {
    if (spec.completionMode !== "NonIndexed" && spec.completionMode !== "Indexed") {
      errs.push(notSupported(`${path}.completionMode`, spec.completionMode, ["NonIndexed", "Indexed"]));
    }
    if (spec.completionMode === "Indexed") {
      if (spec.completions == null) errs.push(required(`${path}.completions`, "when completion mode is Indexed"));
      if (typeof spec.parallelism === "number" && spec.parallelism > MAX_PARALLELISM_INDEXED) {
        errs.push(invalid(`${path}.parallelism`, spec.parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
      }
    }
  }
  if (spec.podFailurePolicy) errs.push(...validatePodFailurePolicy(spec, `${path}.podFailurePolicy`));
  if (spec.successPolicy) errs.push(...validateSuccessPolicy(spec, `${path}.successPolicy`));
  if (spec.podReplacementPolicy != null) {
    const allowed = spec.podFailurePolicy ? ["Failed"] : REPLACEMENT_POLICIES;
    if (!allowed.includes(spec.podReplacementPolicy)) errs.push(notSupported(`${path}.podReplacementPolicy`, spec.podReplacementPolicy, allowed));
  }
  const tp = `${path}.template`;
  errs.push(...validatePodTemplateSpec(spec.template, tp));
  const restart = spec.template?.spec?.restartPolicy ?? "";
  if (restart === "Always" || restart === "") errs.push(required(`${tp}.spec.restartPolicy`, 'valid values: "OnFailure", "Never"'));
  else if (restart !== "OnFailure" && restart !== "Never") errs.push(notSupported(`${tp}.spec.restartPolicy`, restart, ["OnFailure", "Never"]));
  else if (spec.podFailurePolicy && restart !== "Never") {
    errs.push(invalid(`${tp}.spec.restartPolicy`, restart, 'only "Never" is supported when podFailurePolicy is specified'));
  }
  if (opts.selector) {
    if (!spec.selector) errs.push(required(`${path}.selector`));
    else errs.push(...validateLabelSelector(spec.selector, `${path}.selector`));
    if (!selectorIsInvalid(spec.selector)) {
      if (selectorIsEmpty(spec.selector)) errs.push(required(`${path}.selector`));
      if (!selectorMatches(spec.selector, spec.template?.metadata?.labels)) {
        errs.push(invalidGo(`${tp}.metadata.labels`, goStringMap(spec.template?.metadata?.labels), "`selector` does not match template `labels`"));
      }
    }
  }
  return errs;
}

/** ValidateJob (create). */
export function validateJob(job: KubeObject): FieldError[] {
  const errs = validateObjectMeta(job.metadata, { namespaced: true });
  errs.push(...validateGeneratedSelector(job));
  const spec: KubeObject = job.spec ?? {};
  errs.push(...validateJobSpec(spec, "spec", { selector: true }));
  if (spec.completionMode === "Indexed" && typeof spec.completions === "number" && spec.completions > 0) {
    const hostname = `${job.metadata?.name ?? ""}-${spec.completions - 1}`;
    if (isDNS1123Label(hostname).length) {
      errs.push(invalid("metadata.name", job.metadata?.name ?? "", `will not able to create pod with invalid DNS label: ${hostname}`));
    }
  }
  return errs;
}

/** Template fields a suspended job that never started may change (validatePodTemplateUpdate). */
function comparableTemplate(template: KubeObject | undefined, mutableDirectives: boolean): unknown {
  if (!mutableDirectives || !template) return template;
  const { metadata, spec, ...rest } = template;
  const { labels: _l, annotations: _a, ...meta } = metadata ?? {};
  const { nodeSelector: _n, tolerations: _t, schedulingGates: _g, affinity, ...podSpec } = spec ?? {};
  const { nodeAffinity: _na, ...otherAffinity } = affinity ?? {};
  return { ...rest, metadata: meta, spec: { ...podSpec, affinity: otherAffinity } };
}

/** ValidateJobUpdate: the job must still be valid, and its identity-bearing spec fields may not change. */
export function validateJobUpdate(job: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(job.metadata, old.metadata);
  const spec: KubeObject = job.spec ?? {};
  const oldSpec: KubeObject = old.spec ?? {};
  errs.push(...validateJobSpec(spec, "spec", { selector: true }));
  if (spec.completionMode === "Indexed" && oldSpec.completionMode === "Indexed") {
    if (!semanticEqual(spec.completions, oldSpec.completions) && spec.completions != null && spec.completions !== spec.parallelism) {
      errs.push(invalid("spec.completions", spec.completions, "can only be modified in tandem with spec.parallelism"));
    }
  } else {
    errs.push(...validateImmutableField(spec.completions, oldSpec.completions, "spec.completions"));
  }
  errs.push(...immutableSelector(spec.selector, oldSpec.selector, "spec.selector"));
  const mutable = oldSpec.suspend === true && !old.status?.startTime;
  if (!semanticEqual(comparableTemplate(spec.template, mutable), comparableTemplate(oldSpec.template, mutable))) {
    errs.push(invalid("spec.template", spec.template ?? null, "field is immutable"));
  }
  for (const f of ["completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"]) {
    errs.push(...validateImmutableField(spec[f], oldSpec[f], `spec.${f}`));
  }
  return errs;
}

