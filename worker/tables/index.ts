/**
 * Server-side printing: meta.k8s.io/v1 Table for every served kind (KUBECTL.md §5.2–5.5).
 *
 *   const version = tableAcceptVersion(req.headers.get("accept"));
 *   if (version) return json(buildTable(tableFor(group, resource), items, { now, version, includeObject, listMeta }));
 */
export { tableAcceptVersion } from "./accept";
export { buildTable, type BuildTableOptions, type IncludeObject, type Table, type TableRow, type TableVersion } from "./build-table";
export { humanDuration, translateTimestampSince } from "./duration";
export { tableFor } from "./registry";
export type { ColumnDefinition, ColumnType, TableDef, TableRowCondition } from "./types";
