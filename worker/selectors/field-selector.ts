/**
 * Field selectors as k8s.io/apimachinery/pkg/fields (ParseSelector, EscapeValue, UnescapeValue) plus the
 * API server's check of supported field labels (runtime.DefaultMetaV1FieldSelectorConversion and the
 * per-kind AddFieldLabelConversionFunc*: `field label not supported: <f>`).
 *
 * Syntax: terms joined by `,` (AND); each term is `field=value`, `field==value` or `field!=value`, split at
 * the first operator; in the value `\,`, `\=` and `\\` escape the special characters. No whitespace
 * trimming (upstream does none: `a = b` is field "a " and value " b").
 */
import { fieldValue } from "./field-value";

export interface FieldRequirement {
  field: string;
  /** `==` is stored as `=` (upstream's hasTerm). */
  operator: "=" | "!=";
  value: string;
}

export type FieldSelectorResult = { ok: true; requirements: FieldRequirement[] } | { ok: false; message: string };

/** Fields every kind supports (DefaultMetaV1FieldSelectorConversion). */
export const META_FIELD_SELECTORS = ["metadata.name", "metadata.namespace"] as const;

/** splitTerms: split on commas that are not backslash-escaped (the backslash stays in the term). */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === "\\") inSlash = true;
    else if (c === ",") {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const TERM_OPERATORS = ["!=", "==", "="] as const;

function splitTerm(term: string): { lhs: string; op: (typeof TERM_OPERATORS)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** fields.UnescapeValue; error messages are upstream's (UnescapedRune prints the rune as a number, Go's %v). */
export function unescapeFieldValue(s: string): { ok: true; value: string } | { ok: false; message: string } {
  if (!/[\\,=]/.test(s)) return { ok: true, value: s };
  let out = "";
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === "\\" || c === "," || c === "=") out += c;
      else return { ok: false, message: `invalid field selector: invalid escape sequence: \\${c}` };
      inSlash = false;
      continue;
    }
    if (c === "\\") inSlash = true;
    else if (c === "," || c === "=") {
      return { ok: false, message: `invalid field selector: unescaped character in value: ${c.codePointAt(0)}` };
    } else out += c;
  }
  if (inSlash) return { ok: false, message: "invalid field selector: invalid escape sequence: \\" };
  return { ok: true, value: out };
}

/** fields.EscapeValue. */
export const escapeFieldValue = (s: string): string => s.replace(/[\\,=]/g, (c) => `\\${c}`);

/**
 * fields.ParseSelector: terms are sorted (as upstream does, by the raw term text); empty terms and
 * terms with an empty field and value (`=`) are dropped.
 */
export function parseFieldSelector(selector: string): FieldSelectorResult {
  const requirements: FieldRequirement[] = [];
  for (const part of splitTerms(selector).sort()) {
    if (part === "") continue;
    const term = splitTerm(part);
    if (!term) return { ok: false, message: `invalid selector: '${selector}'; can't understand '${part}'` };
    const value = unescapeFieldValue(term.rhs);
    if (!value.ok) return value;
    if (term.lhs === "" && value.value === "") continue;
    requirements.push({ field: term.lhs, operator: term.op === "!=" ? "!=" : "=", value: value.value });
  }
  return { ok: true, requirements };
}

/** fields.Selector.String(). */
export function formatFieldSelector(requirements: FieldRequirement[]): string {
  return requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(",");
}

/**
 * The API server's field label check: `metadata.name` and `metadata.namespace` always, plus the kind's
 * own (KindDef.fieldSelectors). Returns upstream's message for the first unsupported field; the caller
 * answers 400 BadRequest with it.
 */
export function validateFieldSelector(requirements: FieldRequirement[], allowed: readonly string[]): string | undefined {
  for (const r of requirements) {
    if (!META_FIELD_SELECTORS.includes(r.field as never) && !allowed.includes(r.field)) {
      return `field label not supported: ${r.field}`;
    }
  }
  return undefined;
}

/** Whether `obj` satisfies every requirement (fields.Selector.Matches over the kind's field set). */
export function matchFields(requirements: FieldRequirement[], obj: unknown): boolean {
  return requirements.every((r) => (fieldValue(obj, r.field) === r.value) === (r.operator === "="));
}
