/**
 * KWOK's Stage API (kwok.x-k8s.io/v1alpha1 Stage, sigs.k8s.io/kwok/pkg/apis/v1alpha1/stage_types.go) as
 * TypeScript data, with one deliberate change: KWOK's `next.statusTemplate` is a Go template rendered to
 * YAML, which we cannot run; `next.statusPatch` is its data form (template.ts) — a JSON object sent as a
 * strategic merge patch to the object's status. Keys and `expressionFrom` values are queries (query.ts).
 */
import type { JsonObject } from "../../patch/json";
import { parseQuery } from "./query";
import { validateTemplate } from "./template";

export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";
export const SELECTOR_OPERATORS: readonly SelectorOperator[] = ["In", "NotIn", "Exists", "DoesNotExist"];

/** `SelectorRequirement`: `key` is a query; In/NotIn need values, Exists/DoesNotExist take none. */
export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values?: string[];
}

/**
 * `StageSelector`: matchLabels, matchAnnotations and matchExpressions are ANDed. An empty selector matches
 * every object; a stage without a selector matches none (KWOK drops such stages).
 */
export interface StageSelector {
  matchLabels?: Record<string, string>;
  matchAnnotations?: Record<string, string>;
  matchExpressions?: SelectorRequirement[];
}

/** `ExpressionFromSource`. */
export interface ExpressionFrom {
  expressionFrom: string;
}

/**
 * `StageDelay`. The delay is `durationFrom` (an RFC 3339 time → time left until it; a Go duration string
 * such as "2s") or else `durationMilliseconds`. With a jitter bound J (`jitterDurationFrom`, else
 * `jitterDurationMilliseconds`) the delay D becomes uniform in [D, J); a J not above D replaces D (so a jitter
 * bound also caps the delay, e.g. at `.metadata.deletionTimestamp`). See delay.ts.
 */
export interface StageDelay {
  durationMilliseconds?: number;
  durationFrom?: ExpressionFrom;
  jitterDurationMilliseconds?: number;
  jitterDurationFrom?: ExpressionFrom;
}

export interface StageFinalizers {
  add?: { value: string }[];
  remove?: { value: string }[];
  /** Removes every finalizer (applied before `add`). */
  empty?: boolean;
}

/** `StageEvent`: an Event the caller records about the object; `message` may hold substitutions. */
export interface StageEvent {
  type: "Normal" | "Warning";
  reason: string;
  message?: string;
}

export interface StageNext {
  /** Rendered by template.ts and applied to `.status` as a strategic merge patch. */
  statusPatch?: JsonObject;
  finalizers?: StageFinalizers;
  /** The object is deleted (for pods: the kubelet's final delete with grace period 0). */
  delete?: boolean;
  event?: StageEvent;
}

export interface StageSpec {
  resourceRef: { apiGroup?: string; kind: string };
  selector?: StageSelector;
  /** Relative weight when several stages match; all zero → uniform choice. */
  weight?: number;
  /** Reads the weight from the object (an integer or integer string); falls back to `weight`. */
  weightFrom?: ExpressionFrom;
  delay?: StageDelay;
  next: StageNext;
  /** Match the next stage on the result at once instead of waiting for the next observation. */
  immediateNextStage?: boolean;
}

export interface Stage {
  apiVersion?: "kwok.x-k8s.io/v1alpha1";
  kind?: "Stage";
  metadata: { name: string };
  spec: StageSpec;
}

export type StageValidation = { ok: true; stage: Stage } | { ok: false; errors: string[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const quote = (v: unknown) => JSON.stringify(v);

function checkQuery(source: unknown, path: string, errs: string[]): void {
  if (typeof source !== "string" || source === "") return void errs.push(`${path}: Required value`);
  const r = parseQuery(source);
  if (!r.ok) errs.push(`${path}: Invalid value: ${quote(source)}: ${r.message}`);
}

function checkMillis(v: unknown, path: string, errs: string[]): void {
  if (v === undefined) return;
  if (typeof v !== "number" || !Number.isInteger(v)) errs.push(`${path}: Invalid value: ${quote(v)}: must be an integer`);
  else if (v < 0) errs.push(`${path}: Invalid value: ${v}: must be greater than or equal to 0`);
}

function checkStringMap(v: unknown, path: string, errs: string[]): void {
  if (v === undefined) return;
  if (!isRecord(v) || Object.values(v).some((x) => typeof x !== "string")) errs.push(`${path}: Invalid value: must map strings to strings`);
}

function checkRequirement(r: unknown, path: string, errs: string[]): void {
  if (!isRecord(r)) return void errs.push(`${path}: Invalid value: must be an object`);
  checkQuery(r.key, `${path}.key`, errs);
  const values = r.values ?? [];
  if (!Array.isArray(values) || values.some((x) => typeof x !== "string")) {
    errs.push(`${path}.values: Invalid value: must be a list of strings`);
    return;
  }
  switch (r.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) errs.push(`${path}.values: Required value: for 'In', 'NotIn' operators, values set can't be empty`);
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) errs.push(`${path}.values: Invalid value: values set must be empty for exists and does not exist`);
      break;
    default:
      errs.push(`${path}.operator: Unsupported value: ${quote(r.operator)}: supported values: ${SELECTOR_OPERATORS.map(quote).join(", ")}`);
  }
}

function checkSelector(s: unknown, path: string, errs: string[]): void {
  if (s === undefined) return;
  if (!isRecord(s)) return void errs.push(`${path}: Invalid value: must be an object`);
  checkStringMap(s.matchLabels, `${path}.matchLabels`, errs);
  checkStringMap(s.matchAnnotations, `${path}.matchAnnotations`, errs);
  if (s.matchExpressions === undefined) return;
  if (!Array.isArray(s.matchExpressions)) return void errs.push(`${path}.matchExpressions: Invalid value: must be a list`);
  s.matchExpressions.forEach((r, i) => checkRequirement(r, `${path}.matchExpressions[${i}]`, errs));
}

function checkDelay(d: unknown, path: string, errs: string[]): void {
  if (d === undefined) return;
  if (!isRecord(d)) return void errs.push(`${path}: Invalid value: must be an object`);
  checkMillis(d.durationMilliseconds, `${path}.durationMilliseconds`, errs);
  checkMillis(d.jitterDurationMilliseconds, `${path}.jitterDurationMilliseconds`, errs);
  for (const k of ["durationFrom", "jitterDurationFrom"] as const) {
    const from = d[k];
    if (from !== undefined) checkQuery(isRecord(from) ? from.expressionFrom : undefined, `${path}.${k}.expressionFrom`, errs);
  }
}

function checkNext(n: unknown, path: string, errs: string[]): void {
  if (!isRecord(n)) return void errs.push(`${path}: Required value`);
  if (n.statusTemplate !== undefined) {
    errs.push(`${path}.statusTemplate: Forbidden: Go templates cannot run here; write the status as data in statusPatch`);
  }
  if (n.statusPatch !== undefined) {
    if (!isRecord(n.statusPatch)) errs.push(`${path}.statusPatch: Invalid value: must be an object`);
    else errs.push(...validateTemplate(n.statusPatch, `${path}.statusPatch`));
  }
  const f = n.finalizers;
  if (f !== undefined) {
    if (!isRecord(f)) errs.push(`${path}.finalizers: Invalid value: must be an object`);
    else {
      for (const k of ["add", "remove"] as const) {
        const items = f[k] ?? [];
        if (!Array.isArray(items) || items.some((x) => !isRecord(x) || typeof x.value !== "string" || x.value === "")) {
          errs.push(`${path}.finalizers.${k}: Invalid value: must be a list of {value: <non-empty string>}`);
        }
      }
    }
  }
  const e = n.event;
  if (e !== undefined) {
    if (!isRecord(e)) errs.push(`${path}.event: Invalid value: must be an object`);
    else {
      if (e.type !== "Normal" && e.type !== "Warning") errs.push(`${path}.event.type: Unsupported value: ${quote(e.type)}: supported values: "Normal", "Warning"`);
      if (typeof e.reason !== "string" || e.reason === "") errs.push(`${path}.event.reason: Required value`);
      if (e.message !== undefined) {
        if (typeof e.message !== "string") errs.push(`${path}.event.message: Invalid value: must be a string`);
        else errs.push(...validateTemplate(e.message, `${path}.event.message`));
      }
    }
  }
}

/** Validates a Stage as data; every problem is reported with its field path. */
export function validateStage(input: unknown): StageValidation {
  const errs: string[] = [];
  if (!isRecord(input)) return { ok: false, errors: ["stage: Invalid value: must be an object"] };
  const meta = input.metadata;
  if (!isRecord(meta) || typeof meta.name !== "string" || meta.name === "") errs.push("metadata.name: Required value");
  const spec = input.spec;
  if (!isRecord(spec)) return { ok: false, errors: [...errs, "spec: Required value"] };
  const ref = spec.resourceRef;
  if (!isRecord(ref) || typeof ref.kind !== "string" || ref.kind === "") errs.push("spec.resourceRef.kind: Required value");
  checkSelector(spec.selector, "spec.selector", errs);
  checkMillis(spec.weight, "spec.weight", errs);
  if (spec.weightFrom !== undefined) {
    checkQuery(isRecord(spec.weightFrom) ? spec.weightFrom.expressionFrom : undefined, "spec.weightFrom.expressionFrom", errs);
  }
  checkDelay(spec.delay, "spec.delay", errs);
  checkNext(spec.next, "spec.next", errs);
  return errs.length ? { ok: false, errors: errs } : { ok: true, stage: input as unknown as Stage };
}
