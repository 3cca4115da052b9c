/**
 * Validation of the write options a request carries in its query (and DeleteOptions in its body), as
 * apimachinery's ValidateCreateOptions / ValidateUpdateOptions / ValidatePatchOptions / ValidateDeleteOptions:
 * a bad option is 422 Invalid on `<Kind>Options.meta.k8s.io ""` and nothing is written.
 */
import type { FieldError } from "../schema/types";
import { ApiError } from "./errors";

export type OptionsKind = "CreateOptions" | "UpdateOptions" | "PatchOptions" | "DeleteOptions" | "ListOptions";

/** The accepted values; upstream's messages list "" too (allowedFieldValidationValues, sorted). */
const FIELD_VALIDATION = ["", "Ignore", "Strict", "Warn"];
/** ValidateDeleteOptions' list, "nil" included, in its order. */
const PROPAGATION = ["Foreground", "Background", "Orphan", "nil"];
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

/**
 * Go's unicode.IsPrint is false for controls, format characters, unassigned code points and every space but
 * U+0020.
 */
const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;

/** validation.ValidateFieldManager: a length limit, then one error per unprintable character. */
export function fieldManagerErrors(manager: string | null): FieldError[] {
  if (manager === null) return [];
  if (manager.length > FIELD_MANAGER_MAX) {
    return [{ reason: "FieldValueTooLong", field: "fieldManager", message: `Too long: may not be more than ${FIELD_MANAGER_MAX} bytes` }];
  }
  const errors: FieldError[] = [];
  let position = 0;
  for (const ch of manager) {
    if (ch !== " " && NOT_PRINTABLE.test(ch)) {
      const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      errors.push({
        reason: "FieldValueInvalid",
        field: "fieldManager",
        message: `Invalid value: ${quote(manager)}: invalid character U+${code} (at position ${position})`,
      });
    }
    position += new TextEncoder().encode(ch).length;
  }
  return errors;
}

/** Checks dryRun, fieldManager, fieldValidation and (for patches) force/fieldManager rules of a write. */
export function validateWriteOptions(kind: OptionsKind, q: URLSearchParams, patchType?: string): void {
  // ValidateCreateOptions' order: fieldManager, dryRun, fieldValidation.
  const errors = [...fieldManagerErrors(q.get("fieldManager")), ...dryRunErrors(q.getAll("dryRun"))];
  const fv = q.get("fieldValidation");
  if (fv !== null && !FIELD_VALIDATION.includes(fv)) errors.push(notSupported("fieldValidation", fv, FIELD_VALIDATION));
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
