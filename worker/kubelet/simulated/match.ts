/**
 * Which stages match an object, and which one of several is taken: KWOK's `Lifecycle.Match` and
 * `Stage.match` (sigs.k8s.io/kwok/pkg/utils/lifecycle) with `expression.Requirement.Matches`.
 */
import type { JsonObject, JsonValue } from "../../patch/json";
import { compileQuery, evaluateQuery } from "./query";
import type { SelectorRequirement, Stage, StageSelector } from "./stage";

/**
 * KWOK's `hasValue`: strings compare as is, booleans as "true"/"false", integers in decimal; other values
 * (fractions, objects, lists, null) equal no value.
 */
function asSelectorValue(v: JsonValue): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number" && Number.isInteger(v)) return String(v);
  return undefined;
}

/**
 * Whether a value exists. KWOK evaluates queries on the object as its Go type serializes it, where
 * `omitempty` drops empty strings, lists and maps; our objects are stored JSON that may keep them, so
 * "", [] and {} count as absent too (e.g. `finalizers: []` satisfies `.metadata.finalizers DoesNotExist`).
 */
function exists(v: JsonValue): boolean {
  if (v === null || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

/**
 * `Requirement.Matches`: In — some output equals a value; NotIn — none does; Exists — some output exists;
 * DoesNotExist — none does. A query that fails (jq error) or does not parse matches under no operator.
 */
export function requirementMatches(r: SelectorRequirement, object: JsonValue): boolean {
  const q = compileQuery(r.key);
  const outputs = q && evaluateQuery(q, object);
  if (!outputs) return false;
  const values = r.values ?? [];
  const hasValue = () => outputs.some((v) => {
    const s = asSelectorValue(v);
    return s !== undefined && values.includes(s);
  });
  switch (r.operator) {
    case "In":
      return hasValue();
    case "NotIn":
      return !hasValue();
    case "Exists":
      return outputs.some(exists);
    case "DoesNotExist":
      return !outputs.some(exists);
    default:
      return false;
  }
}

/** labels.SelectorFromSet(m).Matches(set): every key present with exactly that value. */
function mapMatches(want: Record<string, string> | undefined, have: unknown): boolean {
  if (!want) return true;
  const m = typeof have === "object" && have !== null ? (have as Record<string, unknown>) : {};
  return Object.entries(want).every(([k, v]) => Object.hasOwn(m, k) && m[k] === v);
}

/** `Stage.match`: labels, annotations and expressions ANDed; no selector → no match. */
export function selectorMatches(selector: StageSelector | undefined, object: JsonObject): boolean {
  if (!selector) return false;
  const meta = (object.metadata ?? {}) as JsonObject;
  return (
    mapMatches(selector.matchLabels, meta.labels) &&
    mapMatches(selector.matchAnnotations, meta.annotations) &&
    (selector.matchExpressions ?? []).every((r) => requirementMatches(r, object))
  );
}

/** The API group of an `apiVersion` ("v1" → "", "batch/v1" → "batch"). */
const groupOfApiVersion = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "");

/** The group a `resourceRef.apiGroup` names: KWOK writes the core group as "v1"; "batch/v1" and "batch" name batch. */
const groupOfRef = (apiGroup = "v1") => (apiGroup === "v1" || apiGroup === "" ? "" : apiGroup.split("/")[0]);

/**
 * Whether `resourceRef` names the object's kind and group. Objects without kind/apiVersion are not checked
 * (the caller chose the stage list for its kind).
 */
export function resourceMatches(ref: Stage["spec"]["resourceRef"], object: JsonObject): boolean {
  if (typeof object.kind === "string" && object.kind !== ref.kind) return false;
  return typeof object.apiVersion !== "string" || groupOfApiVersion(object.apiVersion) === groupOfRef(ref.apiGroup);
}

/** Every stage that matches the object, in list order. */
export function matchingStages(object: JsonObject, stages: readonly Stage[]): Stage[] {
  return stages.filter((s) => resourceMatches(s.spec.resourceRef, object) && selectorMatches(s.spec.selector, object));
}

/** A stage's weight: `weightFrom` when it reads a non-negative integer, else `weight`, else 0. */
export function stageWeight(stage: Stage, object: JsonObject): number {
  const from = stage.spec.weightFrom?.expressionFrom;
  if (from) {
    const q = compileQuery(from);
    const v = q ? evaluateQuery(q, object)?.[0] : undefined;
    const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined;
    if (n !== undefined && Number.isInteger(n) && n >= 0) return n;
  }
  return stage.spec.weight ?? 0;
}

/**
 * `Lifecycle.Match`'s choice among matching stages: one → it; all weights zero → uniform; otherwise a
 * weighted draw among the stages with positive weight. `random` returns a number in [0, 1).
 */
export function chooseStage(candidates: readonly Stage[], object: JsonObject, random: () => number): Stage | undefined {
  if (candidates.length <= 1) return candidates[0];
  const weights = candidates.map((s) => stageWeight(s, object));
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return candidates[Math.min(candidates.length - 1, Math.floor(random() * candidates.length))];
  let off = Math.floor(random() * total);
  for (let i = 0; i < candidates.length; i++) {
    if (weights[i] <= 0) continue;
    off -= weights[i];
    if (off < 0) return candidates[i];
  }
  return candidates[candidates.length - 1];
}
