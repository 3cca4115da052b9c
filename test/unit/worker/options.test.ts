/**
 * Write and delete options (apimachinery apis/meta/v1/validation ValidateCreateOptions / ValidateUpdateOptions /
 * ValidatePatchOptions / ValidateDeleteOptions): a bad option is 422 on `<Kind>Options.meta.k8s.io ""`.
 */
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../worker/errors";
import {
  dryRunErrors,
  fieldManagerErrors,
  invalidOptions,
  validateDeleteOptions,
  validateWriteOptions,
  type OptionsKind,
} from "../../../worker/options";

const LONG = "m".repeat(129);

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("dryRunErrors (ValidateDryRun)", () => {
  it.each<[string[], string | undefined]>([
    [[], undefined],
    [["All"], undefined],
    [["All", "All"], undefined],
    [["all"], 'Unsupported value: []string{"all"}: supported values: "All"'],
    [[""], 'Unsupported value: []string{""}: supported values: "All"'],
    [["All", "x"], 'Unsupported value: []string{"All", "x"}: supported values: "All"'],
  ])("%j", (values, message) => {
    const errors = dryRunErrors(values);
    if (message === undefined) expect(errors).toEqual([]);
    else expect(errors).toEqual([{ reason: "FieldValueNotSupported", field: "dryRun", message }]);
  });
});

describe("fieldManagerErrors (ValidateFieldManager)", () => {
  it.each<[string | null, string | undefined, string | undefined]>([
    [null, undefined, undefined],
    ["", undefined, undefined],
    ["kubectl-client-side-apply", undefined, undefined],
    ["m".repeat(128), undefined, undefined],
    ["ünïcödé manager ✓", undefined, undefined],
    [LONG, "FieldValueTooLong", "Too long: may not be more than 128 bytes"],
    ["a\u0001b", "FieldValueInvalid", undefined],
    ["tab\there", "FieldValueInvalid", undefined],
    ["del\u007f", "FieldValueInvalid", undefined],
    ["c1\u0085", "FieldValueInvalid", undefined],
  ])("%j", (manager, reason, message) => {
    const errors = fieldManagerErrors(manager);
    if (reason === undefined) return expect(errors).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ reason, field: "fieldManager" });
    if (message) expect(errors[0].message).toBe(message);
  });

  // ValidateFieldManager: one field.Invalid per rune, "invalid character %#U (at position %d)".
  it("an unprintable character is named with its position", () => {
    expect(fieldManagerErrors("a\u0001b")[0].message).toContain("invalid character U+0001 (at position 1)");
  });
});

// unicode.IsPrint is false for every space but U+0020 and for format characters, not just controls.
it.each(["no\u00a0break", "zero\u200bwidth", "line\u2028sep"])("fieldManager %j is unprintable for unicode.IsPrint", (manager) => {
  expect(fieldManagerErrors(manager)).toHaveLength(1);
});

describe("validateWriteOptions", () => {
  it.each<[OptionsKind, string, string | undefined]>([
    ["CreateOptions", "", undefined],
    ["CreateOptions", "dryRun=All&fieldManager=kubectl-create&fieldValidation=Strict", undefined],
    ["UpdateOptions", "fieldValidation=Warn", undefined],
    ["UpdateOptions", "fieldValidation=Ignore", undefined],
    ["UpdateOptions", "fieldValidation=", undefined],
    ["PatchOptions", "fieldManager=kubectl&force=true", "apply"],
    ["PatchOptions", "fieldManager=kubectl&force=false", "apply"],
    ["PatchOptions", "fieldManager=kubectl", "apply"],
    ["PatchOptions", "", "strategic"],
    ["PatchOptions", "fieldManager=kubectl-edit", "merge"],
    // force is PatchOptions-only
    ["CreateOptions", "force=true", undefined],
  ])("%s ?%s (%s) is accepted", (kind, query, patchType) => {
    expect(() => validateWriteOptions(kind, new URLSearchParams(query), patchType)).not.toThrow();
  });

  it.each<[OptionsKind, string, string | undefined, string, { reason: string; field: string }[]]>([
    [
      "CreateOptions",
      "dryRun=Some",
      undefined,
      'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Some"}: supported values: "All"',
      [{ reason: "FieldValueNotSupported", field: "dryRun" }],
    ],
    [
      "UpdateOptions",
      `fieldManager=${LONG}`,
      undefined,
      'UpdateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes',
      [{ reason: "FieldValueTooLong", field: "fieldManager" }],
    ],
    [
      "PatchOptions",
      "force=true",
      "merge",
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
      [{ reason: "FieldValueForbidden", field: "force" }],
    ],
    [
      "PatchOptions",
      "force=false",
      "json",
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
      [{ reason: "FieldValueForbidden", field: "force" }],
    ],
    [
      "PatchOptions",
      "force=true",
      "apply",
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      [{ reason: "FieldValueRequired", field: "fieldManager" }],
    ],
    [
      "PatchOptions",
      "fieldManager=",
      "apply",
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      [{ reason: "FieldValueRequired", field: "fieldManager" }],
    ],
  ])("%s ?%s (%s) → %s", (kind, query, patchType, message, causes) => {
    const e = errorOf(() => validateWriteOptions(kind, new URLSearchParams(query), patchType));
    expect(e.code).toBe(422);
    expect(e.reason).toBe("Invalid");
    expect(e.message).toBe(message);
    expect(e.details).toMatchObject({ group: "meta.k8s.io", kind, causes });
    expect(e.details?.causes?.map((c) => c.message)).toEqual(causes.map(() => expect.any(String)));
  });

  it("reports a bad fieldValidation as NotSupported", () => {
    const e = errorOf(() => validateWriteOptions("CreateOptions", new URLSearchParams("fieldValidation=strict")));
    expect(e.code).toBe(422);
    expect(e.details?.causes).toEqual([expect.objectContaining({ reason: "FieldValueNotSupported", field: "fieldValidation" })]);
  });

  it("lists several errors in brackets", () => {
    const e = errorOf(() => validateWriteOptions("PatchOptions", new URLSearchParams("dryRun=x&force=1"), "merge"));
    expect(e.message).toMatch(/^PatchOptions\.meta\.k8s\.io "" is invalid: \[.*dryRun: .*, .*force: Forbidden: .*\]$/);
    expect(e.details?.causes).toHaveLength(2);
  });

  // allowedFieldValidationValues = sets.NewString("", "Ignore", "Warn", "Strict"), listed sorted.
  it("the supported fieldValidation values include the empty string", () => {
    const e = errorOf(() => validateWriteOptions("CreateOptions", new URLSearchParams("fieldValidation=strict")));
    expect(e.message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"',
    );
  });

  // ValidateCreateOptions: fieldManager, then dryRun, then fieldValidation.
  it("errors are listed in upstream's order (fieldManager before dryRun)", () => {
    const e = errorOf(() => validateWriteOptions("CreateOptions", new URLSearchParams(`dryRun=x&fieldManager=${LONG}`)));
    expect(e.details?.causes?.map((c) => c.field)).toEqual(["fieldManager", "dryRun"]);
  });
});

describe("validateDeleteOptions", () => {
  it.each([{}, { propagationPolicy: "Foreground" }, { propagationPolicy: "Background" }, { propagationPolicy: "Orphan" }, { dryRun: ["All"] }, { orphanDependents: false }])(
    "%j is accepted",
    (opts) => {
      expect(() => validateDeleteOptions(opts)).not.toThrow();
    },
  );

  it.each<[{ propagationPolicy?: string; dryRun?: string[]; orphanDependents?: boolean }, string, string[]]>([
    [{ dryRun: ["None"] }, 'DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"None"}: supported values: "All"', ["dryRun"]],
    [
      { propagationPolicy: "Orphan", orphanDependents: true },
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set',
      ["propagationPolicy"],
    ],
  ])("%j → %s", (opts, message, fields) => {
    const e = errorOf(() => validateDeleteOptions(opts));
    expect(e.code).toBe(422);
    expect(e.message).toBe(message);
    expect(e.details?.kind).toBe("DeleteOptions");
    expect(e.details?.causes?.map((c) => c.field)).toEqual(fields);
  });

  it("rejects an unknown propagationPolicy", () => {
    const e = errorOf(() => validateDeleteOptions({ propagationPolicy: "Cascade" }));
    expect(e.code).toBe(422);
    expect(e.details?.causes).toEqual([expect.objectContaining({ reason: "FieldValueNotSupported", field: "propagationPolicy" })]);
    expect(e.message).toContain('propagationPolicy: Unsupported value: "Cascade": supported values: "Foreground", "Background", "Orphan"');
  });

  // ValidateDeleteOptions lists "nil" among the supported propagation policies.
  it('the supported propagationPolicy values end with "nil"', () => {
    expect(errorOf(() => validateDeleteOptions({ propagationPolicy: "Cascade" })).message).toBe(
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Cascade": supported values: "Foreground", "Background", "Orphan", "nil"',
    );
  });
});

describe("invalidOptions", () => {
  it("is the Status upstream's errors.NewInvalid builds", () => {
    const e = invalidOptions("UpdateOptions", [{ reason: "FieldValueRequired", field: "x", message: "Required value" }]);
    expect(e.toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'UpdateOptions.meta.k8s.io "" is invalid: x: Required value',
      reason: "Invalid",
      details: { group: "meta.k8s.io", kind: "UpdateOptions", causes: [{ reason: "FieldValueRequired", message: "Required value", field: "x" }] },
      code: 422,
    });
  });
});
