/** Label and field selectors of a LIST/WATCH request, validated against the resource's supported fields. */
import { parseFieldSelector, parseLabelSelector, validateFieldSelector, type ObjectFilter } from "../selectors";
import { badRequest } from "../errors";
import type { ResourceEntry } from "../../schema/registry-core";

export function filterOf(entry: ResourceEntry, labelSelector: string, fieldSelector: string): ObjectFilter {
  const filter: ObjectFilter = {};
  if (labelSelector) {
    const parsed = parseLabelSelector(labelSelector);
    if (!parsed.ok) throw badRequest(parsed.message);
    if (parsed.requirements.length) filter.labels = parsed.requirements;
  }
  if (fieldSelector) {
    const parsed = parseFieldSelector(fieldSelector);
    if (!parsed.ok) throw badRequest(parsed.message);
    const err = validateFieldSelector(parsed.requirements, entry.fieldSelectors);
    if (err) throw badRequest(err);
    if (parsed.requirements.length) filter.fields = parsed.requirements;
  }
  return filter;
}
