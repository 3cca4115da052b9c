/**
 * batch/v1 CronJob (k8s.io/api/batch/v1). Defaulting follows SetDefaults_CronJob (plus pod template defaults of
 * the job template), validation pkg/apis/batch/validation ValidateCronJobCreate / ValidateCronJobUpdate. The
 * schedule check here is structural (5 fields or a known descriptor, as robfig/cron's ParseStandard demands); a
 * full cron parser is a separate module.
 */
import { z } from "zod";
import { ObjectReferenceSchema } from "../core-v1/common";
import { defaultPodTemplateSpec } from "../core-v1/pod-defaults";
import { atomicList, bool, int32, int64, opt, str, time, topLevel, obj } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { invalid, notSupported, required } from "../validation/field-errors";
import { validateNonnegative } from "../validation/generic";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { goLabelSelector, invalidGo } from "../apps-v1/workload-validation";
import { JobTemplateSpecSchema } from "./job";
import { validateJobSpec } from "./job-validation";

export const CronJobSpecSchema = obj({
  schedule: opt(str).describe('the schedule in cron format, e.g. "*/5 * * * *" or "@hourly". Required.'),
  timeZone: opt(str).describe('an IANA time zone name such as "Europe/Paris"; the controller\'s zone when absent'),
  startingDeadlineSeconds: opt(int64),
  concurrencyPolicy: opt(str).describe("Allow (default), Forbid or Replace"),
  suspend: opt(bool),
  jobTemplate: opt(JobTemplateSpecSchema).describe("the job created at every scheduled time"),
  successfulJobsHistoryLimit: opt(int32).describe("finished jobs to keep; defaults to 3"),
  failedJobsHistoryLimit: opt(int32).describe("failed jobs to keep; defaults to 1"),
}).meta({ id: "io.k8s.api.batch.v1.CronJobSpec", required: ["schedule", "jobTemplate"] });

export const CronJobStatusSchema = obj({
  active: atomicList(ObjectReferenceSchema),
  lastScheduleTime: opt(time),
  lastSuccessfulTime: opt(time),
}).meta({ id: "io.k8s.api.batch.v1.CronJobStatus" });

export const CronJobSchema = topLevel("io.k8s.api.batch.v1.CronJob", {
  spec: opt(CronJobSpecSchema).describe("the desired behavior of the cron job, including the schedule"),
  status: opt(CronJobStatusSchema).describe("the current status of the cron job"),
}).describe("CronJob represents the configuration of a single cron job.");

export type CronJob = z.infer<typeof CronJobSchema>;

/** SetDefaults_CronJob, plus the pod template defaults inside the job template. */
export function defaultCronJob(cj: KubeObject): void {
  const spec: KubeObject = (cj.spec ??= {});
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = "Allow";
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobSpec: KubeObject = ((spec.jobTemplate ??= {}).spec ??= {});
  defaultPodTemplateSpec((jobSpec.template ??= {}));
}

const DESCRIPTORS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

/** The structural part of cron.ParseStandard: the error text upstream reports, or undefined. */
export function cronScheduleError(schedule: string): string | undefined {
  let spec = schedule.trim();
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const i = spec.indexOf(" ");
    spec = i < 0 ? "" : spec.slice(i + 1).trim();
  }
  if (spec.startsWith("@")) {
    if (DESCRIPTORS.includes(spec) || spec.startsWith("@every ")) return undefined;
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`;
  return undefined;
}

/** validateTimeZone: nil, or a non-empty IANA zone other than Local. */
function validateTimeZone(tz: unknown, path: string): FieldError[] {
  if (tz == null) return [];
  const zone = String(tz);
  if (!zone) return [invalid(path, zone, "timeZone must be nil or non-empty string")];
  if (zone.toLowerCase() === "local") return [invalid(path, zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")];
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return [];
  } catch {
    return [invalid(path, zone, `unknown time zone ${zone}`)];
  }
}

const CONCURRENCY_POLICIES = ["Allow", "Forbid", "Replace"];

/** validateCronJobSpec (the schedule may keep a TZ prefix only if the old one had it). */
export function validateCronJobSpec(spec: KubeObject, oldSpec?: KubeObject, path = "spec"): FieldError[] {
  const errs: FieldError[] = [];
  const schedule: string = spec.schedule ?? "";
  if (!schedule) errs.push(required(`${path}.schedule`));
  else {
    const err = cronScheduleError(schedule);
    if (err) errs.push(invalid(`${path}.schedule`, schedule, err));
    const allowTZ = String(oldSpec?.schedule ?? "").includes("TZ");
    if (allowTZ && schedule.includes("TZ") && spec.timeZone != null) {
      errs.push(invalid(`${path}.schedule`, schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
    } else if (!allowTZ && schedule.includes("TZ")) {
      errs.push(invalid(`${path}.schedule`, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
    }
  }
  errs.push(...validateNonnegative(spec.startingDeadlineSeconds, `${path}.startingDeadlineSeconds`));
  if (!oldSpec || (oldSpec.timeZone ?? null) !== (spec.timeZone ?? null)) errs.push(...validateTimeZone(spec.timeZone, `${path}.timeZone`));
  const policy = spec.concurrencyPolicy ?? "";
  if (!policy) errs.push(required(`${path}.concurrencyPolicy`));
  else if (!CONCURRENCY_POLICIES.includes(policy)) errs.push(notSupported(`${path}.concurrencyPolicy`, policy, CONCURRENCY_POLICIES));
  const jp = `${path}.jobTemplate.spec`;
  const jobSpec: KubeObject = spec.jobTemplate?.spec ?? {};
  errs.push(...validateJobSpec(jobSpec, jp, { selector: false }));
  if (jobSpec.selector) errs.push(invalidGo(`${jp}.selector`, goLabelSelector(jobSpec.selector), "`selector` will be auto-generated"));
  if (jobSpec.manualSelector === true) errs.push(notSupported(`${jp}.manualSelector`, true, ["nil", "false"]));
  errs.push(...validateNonnegative(spec.successfulJobsHistoryLimit, `${path}.successfulJobsHistoryLimit`));
  errs.push(...validateNonnegative(spec.failedJobsHistoryLimit, `${path}.failedJobsHistoryLimit`));
  return errs;
}

/** ValidateCronJobCreate / ValidateCronJobUpdate; names are limited to 52 characters on create only. */
export function validateCronJob(cj: KubeObject, old?: KubeObject): FieldError[] {
  const errs = old ? validateObjectMetaUpdate(cj.metadata, old.metadata) : validateObjectMeta(cj.metadata, { namespaced: true });
  errs.push(...validateCronJobSpec(cj.spec ?? {}, old ? (old.spec ?? {}) : undefined));
  const name: string = cj.metadata?.name ?? "";
  if (!old && name.length > 52) errs.push(invalid("metadata.name", name, "must be no more than 52 characters"));
  return errs;
}

export const cronJobDef: KindDef = {
  kind: "CronJob",
  resource: "cronjobs",
  singular: "cronjob",
  namespaced: true,
  shortNames: ["cj"],
  categories: ["all"],
  schema: CronJobSchema,
  status: true,
  generation: true,
  default: defaultCronJob,
  validate: validateCronJob,
};
