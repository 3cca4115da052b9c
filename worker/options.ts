/**
 * Validation of the write options a request carries in its query (and DeleteOptions in its body), as
 * apimachinery's ValidateCreateOptions / ValidateUpdateOptions / ValidatePatchOptions / ValidateDeleteOptions:
 * a bad option is 422 Invalid on `<Kind>Options.meta.k8s.io ""` and nothing is written.
 */
import type { FieldError } from "../schema/types";
import { ApiError } from "./errors";

export type OptionsKind = "CreateOptions" | "UpdateOptions" | "PatchOptions" | "DeleteOptions" | "ListOptions";

const FIELD_VALIDATION = ["Ignore", "Strict", "Warn"];
const PROPAGATION = ["Foreground", "Background", "Orphan"];
/** validation.FieldManagerMaxLength */
const FIELD_MANAGER_MAX = 128;

const quote = (v: unknown) => JSON.stringify(v);
const goStrings = (vs: string[]) => `[]string{${vs.map(quote).join(", ")}}`;

function notSupported(field: string, value: string, supported: string[]): FieldError {
  return {
    reason: "FieldValueNotSupported",
    field,
    message: `Unsupported value: ${quote(value)}: supported values: ${supported.map(quote).join(", ")}`,
  };
}

export function invalidOptions(kind: OptionsKind, errors: FieldError[]): ApiError {
  const summary = errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `[${errors.map((e) => `${e.field}: ${e.message}`).join(", ")}]`;
  return new ApiError(422, "Invalid", `${kind}.meta.k8s.io "" is invalid: ${summary}`, {
    group: "meta.k8s.io",
    kind,
    causes: errors.map((e) => ({ reason: e.reason, message: e.message, field: e.field })),
  });
}

/** validation.ValidateDryRun: the only value is "All". */
export function dryRunErrors(values: string[]): FieldError[] {
  if (values.every((v) => v === "All")) return [];
  return [{ reason: "FieldValueNotSupported", field: "dryRun", message: `Unsupported value: ${goStrings(values)}: supported values: "All"` }];
}

/** validation.ValidateFieldManager. */
export function fieldManagerErrors(manager: string | null): FieldError[] {
  if (manager === null) return [];
  if (manager.length > FIELD_MANAGER_MAX) {
    return [{ reason: "FieldValueTooLong", field: "fieldManager", message: `Too long: may not be more than ${FIELD_MANAGER_MAX} bytes` }];
  }
  // Printable characters only (unicode.IsPrint): no control characters.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(manager)) {
    return [{ reason: "FieldValueInvalid", field: "fieldManager", message: `Invalid value: ${quote(manager)}: must only contain printable characters` }];
  }
  return [];
}

/** Checks dryRun, fieldManager, fieldValidation and (for patches) force/fieldManager rules of a write. */
export function validateWriteOptions(kind: OptionsKind, q: URLSearchParams, patchType?: string): void {
  const errors = [...dryRunErrors(q.getAll("dryRun")), ...fieldManagerErrors(q.get("fieldManager"))];
  const fv = q.get("fieldValidation");
  if (fv !== null && fv !== "" && !FIELD_VALIDATION.includes(fv)) errors.push(notSupported("fieldValidation", fv, FIELD_VALIDATION));
  if (kind === "PatchOptions") {
    const force = q.get("force");
    if (patchType === "apply") {
      if (!q.get("fieldManager")) errors.push({ reason: "FieldValueRequired", field: "fieldManager", message: "Required value: is required for apply patch" });
    } else if (force !== null) {
      errors.push({ reason: "FieldValueForbidden", field: "force", message: "Forbidden: may not be specified for non-apply patch" });
    }
  }
  if (errors.length) throw invalidOptions(kind, errors);
}

/** validation.ValidateDeleteOptions on an already type-checked DeleteOptions. */
export function validateDeleteOptions(opts: { propagationPolicy?: string; dryRun?: string[]; orphanDependents?: boolean }): void {
  const errors = [...dryRunErrors(opts.dryRun ?? [])];
  if (opts.propagationPolicy !== undefined && !PROPAGATION.includes(opts.propagationPolicy)) {
    errors.push(notSupported("propagationPolicy", opts.propagationPolicy, PROPAGATION));
  }
  if (opts.orphanDependents !== undefined && opts.propagationPolicy !== undefined) {
    errors.push({ reason: "FieldValueInvalid", field: "propagationPolicy", message: `Invalid value: ${quote(opts.propagationPolicy)}: orphanDependents and deletionPropagation cannot be both set` });
  }
  if (errors.length) throw invalidOptions("DeleteOptions", errors);
}
