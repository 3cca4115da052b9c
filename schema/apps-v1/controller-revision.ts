/**
 * apps/v1 ControllerRevision (k8s.io/api/apps/v1): an immutable snapshot of a workload's template, written by the
 * StatefulSet and DaemonSet controllers. Validation follows pkg/apis/apps/validation ValidateControllerRevisionCreate
 * / ValidateControllerRevisionUpdate (data immutable). No status, no generation.
 */
import { z } from "zod";
import { anyJson, int64, opt, topLevel } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { required } from "../validation/field-errors";
import { validateImmutableField, validateNonnegative } from "../validation/generic";
import { validateWorkloadMeta } from "./workload";

export const ControllerRevisionSchema = topLevel("io.k8s.api.apps.v1.ControllerRevision", {
  data: opt(anyJson).describe("the serialized state (runtime.RawExtension); immutable"),
  revision: opt(int64).describe("the revision of the state in data. Required."),
})
  .describe("ControllerRevision is an immutable snapshot of state data.");

export type ControllerRevision = z.infer<typeof ControllerRevisionSchema>;

/** ValidateControllerRevision(Create|Update). */
export function validateControllerRevision(cr: KubeObject, old?: KubeObject): FieldError[] {
  const errs = validateWorkloadMeta(cr, old);
  if (cr.data === undefined || cr.data === null) errs.push(required("data", "data is mandatory"));
  errs.push(...validateNonnegative(cr.revision, "revision"));
  if (old) errs.push(...validateImmutableField(cr.data, old.data, "data"));
  return errs;
}

export const controllerRevisionDef: KindDef = {
  kind: "ControllerRevision",
  resource: "controllerrevisions",
  singular: "controllerrevision",
  namespaced: true,
  schema: ControllerRevisionSchema,
  validate: validateControllerRevision,
};
