/**
 * Label selector requirements as k8s.io/apimachinery/pkg/labels (Requirement, NewRequirement, Matches,
 * String) — plain JSON data, so a list filter can cross a Durable Object boundary.
 */
import { aggregate, goQuote, goStringSlice, invalidError, isQualifiedName, isValidLabelValue } from "./validation";

/** selection.Operator spellings. */
export type LabelOperator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** Empty for exists / `!`; exactly one for =, ==, !=, gt, lt; at least one for in / notin. */
  values: string[];
}

export type LabelSelectorResult =
  | { ok: true; requirements: LabelRequirement[] }
  | { ok: false; message: string };

/** Label map of an object (`metadata.labels`). */
export type Labels = Record<string, string> | null | undefined;

const INT64_RE = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64); undefined when it would fail. */
export function parseInt64(s: string): bigint | undefined {
  if (!INT64_RE.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

/**
 * labels.NewRequirement's validation: returns the aggregated error message, or undefined when valid.
 * `path` is the field path prefix (null = none, as when parsing a selector string).
 */
export function validateRequirement(r: LabelRequirement, path: string | null = null): string | undefined {
  const child = (c: string) => (path === null ? c : `${path}.${c}`);
  const errs: string[] = [];
  const keyErrs = isQualifiedName(r.key);
  if (keyErrs.length) errs.push(invalidError(child("key"), goQuote(r.key), keyErrs.join("; ")));
  const vals = r.values;
  // Callers hand NewRequirement `append([]string(nil), values...)`: an empty list prints as nil.
  const values = vals.length === 0 ? null : vals;
  const valuesPath = child("values");
  switch (r.operator) {
    case "in":
    case "notin":
      if (vals.length === 0) errs.push(invalidError(valuesPath, goStringSlice(values), "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case "=":
    case "==":
    case "!=":
      if (vals.length !== 1) errs.push(invalidError(valuesPath, goStringSlice(values), "exact-match compatibility requires one single value"));
      break;
    case "exists":
    case "!":
      if (vals.length !== 0) errs.push(invalidError(valuesPath, goStringSlice(values), "values set must be empty for exists and does not exist"));
      break;
    case "gt":
    case "lt":
      if (vals.length !== 1) errs.push(invalidError(valuesPath, goStringSlice(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(invalidError(`${valuesPath}[${i}]`, goQuote(v), "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
    default:
      errs.push(
        `${child("operator")}: Unsupported value: ${goQuote(String(r.operator))}: supported values: ` +
          `"in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"`,
      );
  }
  vals.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length) errs.push(invalidError(`${valuesPath}[${i}][${r.key}]`, goQuote(v), msgs.join("; ")));
  });
  return aggregate(errs);
}

const has = (labels: Labels, key: string): labels is Record<string, string> =>
  labels != null && Object.prototype.hasOwnProperty.call(labels, key);

/** Requirement.Matches. */
export function matchRequirement(r: LabelRequirement, labels: Labels): boolean {
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return has(labels, r.key) && r.values.includes(labels[r.key]);
    case "notin":
    case "!=":
      return !has(labels, r.key) || !r.values.includes(labels[r.key]);
    case "exists":
      return has(labels, r.key);
    case "!":
      return !has(labels, r.key);
    case "gt":
    case "lt": {
      if (!has(labels, r.key) || r.values.length !== 1) return false;
      const actual = parseInt64(labels[r.key]);
      const wanted = parseInt64(r.values[0]);
      if (actual === undefined || wanted === undefined) return false;
      return r.operator === "gt" ? actual > wanted : actual < wanted;
    }
    default:
      return false;
  }
}

/**
 * Whether `labels` satisfy every requirement (an empty list matches everything). `null` is upstream's
 * labels.Nothing() — what a nil metav1.LabelSelector converts to — and matches nothing.
 */
export function matchLabels(requirements: LabelRequirement[] | null, labels: Labels): boolean {
  if (requirements === null) return false;
  return requirements.every((r) => matchRequirement(r, labels));
}

const OPERATOR_TEXT: Record<LabelOperator, string> = {
  "=": "=",
  "==": "==",
  "!=": "!=",
  in: " in ",
  notin: " notin ",
  gt: ">",
  lt: "<",
  exists: "",
  "!": "",
};

/** Requirement.String(): values sorted for output, `in`/`notin` parenthesised. */
export function formatRequirement(r: LabelRequirement): string {
  const prefix = r.operator === "!" ? "!" : "";
  if (r.operator === "exists" || r.operator === "!") return prefix + r.key;
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(",");
  const body = r.operator === "in" || r.operator === "notin" ? `(${values})` : values;
  return `${prefix}${r.key}${OPERATOR_TEXT[r.operator]}${body}`;
}

/** labels.Selector.String(): requirements joined by `,` ("" for everything and for nothing). */
export function formatLabelRequirements(requirements: LabelRequirement[] | null): string {
  return (requirements ?? []).map(formatRequirement).join(",");
}

/** selector.Add / parse order: stable sort by key (Go's sort for short lists is an insertion sort). */
export function sortByKey(requirements: LabelRequirement[]): LabelRequirement[] {
  return [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
