/**
 * Checks a decoded object against its kind's schema the way kube-apiserver's decoder does: wrong types are a
 * 400 BadRequest (`cannot be handled as a <Kind>`), unknown fields follow `fieldValidation` (Strict → 400 naming
 * every unknown field, Warn → `Warning` headers, Ignore → dropped silently). Unknown fields are never stored.
 */
import type { z } from "zod";
import { badRequest } from "./errors";

export type FieldValidation = "Strict" | "Warn" | "Ignore";

/** The directive of a write (already checked by validateWriteOptions); unset means Warn, as upstream. */
export function fieldValidationOf(q: URLSearchParams): FieldValidation {
  const v = q.get("fieldValidation");
  return v === "Strict" || v === "Ignore" ? v : "Warn";
}

/** Formats a zod path as upstream's field path (`spec.containers[0].image`). */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

export interface CheckedObject {
  warnings: string[];
}

/**
 * Validates `obj` in place: removes unknown fields (after reporting them per `mode`) and throws on type errors.
 */
export function checkObject(
  schema: z.ZodType,
  obj: Record<string, unknown>,
  kind: string,
  version: string,
  mode: FieldValidation,
): CheckedObject {
  const result = schema.safeParse(obj, { reportInput: true });
  if (result.success) return { warnings: [] };
  const unknown: { path: (string | number)[]; key: string }[] = [];
  const typeErrors: string[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) unknown.push({ path: issue.path as (string | number)[], key });
    } else {
      typeErrors.push(describeIssue(issue));
    }
  }
  const prefix = `${kind} in version "${version}" cannot be handled as a ${kind}: `;
  if (typeErrors.length) throw badRequest(prefix + typeErrors.join(", "));
  const names = unknown.map((u) => `unknown field "${fieldPath([...u.path, u.key])}"`);
  if (mode === "Strict" && names.length) throw badRequest(prefix + "strict decoding error: " + names.join(", "));
  for (const u of unknown) deleteAt(obj, u.path, u.key);
  return { warnings: mode === "Warn" ? names : [] };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = fieldPath(issue.path);
  if (issue.code === "invalid_type") {
    const got = (issue as { input?: unknown }).input;
    return `json: cannot unmarshal ${jsonTypeOf(got)} into Go struct field ${field || "."} of type ${goType(issue.expected)}`;
  }
  return `${field ? field + ": " : ""}${issue.message}`;
}

/** The JSON value kind as Go's UnmarshalTypeError names it. */
function jsonTypeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

function goType(expected: string): string {
  switch (expected) {
    case "number":
    case "int":
      return "int";
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "array":
      return "slice";
    case "object":
    case "record":
      return "struct";
    default:
      return expected;
  }
}

function deleteAt(obj: unknown, path: (string | number)[], key: string): void {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  if (cur && typeof cur === "object") delete (cur as Record<string, unknown>)[key];
}
