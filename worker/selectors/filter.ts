/**
 * ObjectFilter: the parsed `labelSelector` + `fieldSelector` of a LIST or WATCH, as plain JSON data so the
 * store's Durable Object can apply it to rows (storage.SelectionPredicate.Matches in upstream terms).
 */
import { matchFields, parseFieldSelector, validateFieldSelector, type FieldRequirement } from "./field-selector";
import { matchLabels, type LabelRequirement } from "./label-requirement";
import { parseLabelSelector } from "./label-parser";

export interface ObjectFilter {
  /** AND of label requirements; absent or empty = every object. */
  labels?: LabelRequirement[];
  /** AND of field requirements; absent or empty = every object. */
  fields?: FieldRequirement[];
}

export type ObjectFilterResult = { ok: true; filter: ObjectFilter } | { ok: false; message: string };

/** Whether `obj` (a stored object: metadata.labels plus the fields named by the filter) passes. */
export function matchesFilter(filter: ObjectFilter | undefined, obj: unknown): boolean {
  if (!filter) return true;
  if (filter.labels?.length) {
    const labels = (obj as { metadata?: { labels?: Record<string, string> | null } } | null)?.metadata?.labels;
    if (!matchLabels(filter.labels, labels)) return false;
  }
  return !filter.fields?.length || matchFields(filter.fields, obj);
}

/**
 * Parses both query parameters and checks the field labels against the kind's `allowedFields`
 * (KindDef.fieldSelectors). Every failure is upstream's message for a 400 BadRequest.
 */
export function parseObjectFilter(
  query: { labelSelector?: string | null; fieldSelector?: string | null },
  allowedFields: readonly string[] = [],
): ObjectFilterResult {
  const filter: ObjectFilter = {};
  if (query.labelSelector) {
    const labels = parseLabelSelector(query.labelSelector);
    if (!labels.ok) return labels;
    if (labels.requirements.length) filter.labels = labels.requirements;
  }
  if (query.fieldSelector) {
    const fields = parseFieldSelector(query.fieldSelector);
    if (!fields.ok) return fields;
    const unsupported = validateFieldSelector(fields.requirements, allowedFields);
    if (unsupported) return { ok: false, message: unsupported };
    if (fields.requirements.length) filter.fields = fields.requirements;
  }
  return { ok: true, filter };
}
