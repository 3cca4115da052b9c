/** core/v1 Namespace and ResourceQuota tables: upstream printNamespace, printResourceQuota. */
import { ageOf, nameOf, quantity, str } from "./format";
import { AGE_COLUMN, NAME_COLUMN, column, type KubeObject, type TableDef } from "./types";

export const NAMESPACE_TABLE: TableDef = {
  columns: [NAME_COLUMN, column("Status", "string", "The status of the namespace"), AGE_COLUMN],
  cells: (ns, now) => [nameOf(ns), str(ns.status?.phase), ageOf(ns, now)],
};

/**
 * The Request and Limit cells: every resource of status.hard, sorted by name, as "name: used/hard"
 * joined by ", "; `limits.*` resources go to Limit, all others to Request.
 */
export function resourceQuotaCells(rq: KubeObject): [request: string, limit: string] {
  const hard: Record<string, unknown> = rq.status?.hard ?? {};
  const used: Record<string, unknown> = rq.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const text = `${name}: ${quantity(used[name])}/${quantity(hard[name])}`;
    const pieces = name.split(".");
    (pieces.length > 1 && pieces[0] === "limits" ? limit : request).push(text);
  }
  return [request.join(", "), limit.join(", ")];
}

export const RESOURCE_QUOTA_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."),
    column("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
    AGE_COLUMN,
  ],
  cells: (rq, now) => [nameOf(rq), ...resourceQuotaCells(rq), ageOf(rq, now)],
};
