/**
 * Moving from client-side to server-side apply with `kubectl apply --server-side` (field manager
 * `kubectl`), as upstream's lastAppliedManager and lastAppliedUpdater do:
 *
 * - conflicts on fields that the `kubectl.kubernetes.io/last-applied-configuration` annotation sets,
 *   with the live value still equal to it, are not conflicts (the same user applied them client-side);
 * - after such an apply, an existing annotation is rewritten to the new configuration so a later
 *   client-side apply computes its three-way patch from it.
 */
import type { SchemaNode } from "../patch/schema-node";
import { compareObjects } from "./compare";
import type { FieldSet } from "./field-set";
import { canonicalJson, isObject } from "./json";
import { fieldSetOf } from "./to-field-set";

export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
/** The only manager name for which upstream honours the annotation. */
export const KUBECTL_APPLIER = "kubectl";
/** upstream TotalAnnotationSizeLimitB. */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

function lastAppliedOf(obj: unknown): string | undefined {
  if (!isObject(obj) || !isObject(obj.metadata) || !isObject(obj.metadata.annotations)) return undefined;
  const v = obj.metadata.annotations[LAST_APPLIED_ANNOTATION];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * The fields of the annotation's configuration whose live value still matches it; `undefined` when there
 * is no usable annotation (missing, not JSON, or of another apiVersion).
 */
export function allowedConflictsFromLastApplied(liveObj: unknown, apiVersion: string, schema?: SchemaNode): FieldSet | undefined {
  const text = lastAppliedOf(liveObj);
  if (text === undefined) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(lastApplied) || lastApplied.apiVersion !== apiVersion) return undefined;
  const c = compareObjects(lastApplied, liveObj, schema);
  return fieldSetOf(lastApplied, schema).difference(c.modified).difference(c.added).difference(c.removed);
}

/** The annotation value for a configuration: Go's JSON encoding (sorted keys) plus a newline, without itself. */
export function buildLastApplied(config: Record<string, unknown>): string {
  const copy = structuredClone(config);
  if (isObject(copy.metadata) && isObject(copy.metadata.annotations)) delete copy.metadata.annotations[LAST_APPLIED_ANNOTATION];
  return `${canonicalJson(copy)}\n`;
}

/**
 * Rewrites an existing annotation on `obj` (mutates). Upstream drops it instead when the annotations
 * would exceed their total size limit.
 */
export function syncLastApplied(obj: Record<string, unknown>, config: Record<string, unknown>): void {
  if (lastAppliedOf(obj) === undefined) return;
  const annotations = (obj.metadata as { annotations: Record<string, string> }).annotations;
  annotations[LAST_APPLIED_ANNOTATION] = buildLastApplied(config);
  const bytes = new TextEncoder();
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) size += bytes.encode(k).length + bytes.encode(String(v)).length;
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) delete annotations[LAST_APPLIED_ANNOTATION];
}
