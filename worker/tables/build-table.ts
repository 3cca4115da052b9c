/**
 * Assembles a meta.k8s.io Table (KUBECTL.md §5.3–5.4) from a printer and objects, the way the apiserver's
 * response writer does (k8s.io/apiserver/pkg/endpoints/handlers/response.go, asTable): one row per
 * object, and `rows[].object` per `includeObject`.
 */
import type { ColumnDefinition, KubeObject, TableDef, TableRowCondition } from "./types";

/** metav1.IncludeObjectPolicy; upstream's default is "Metadata". */
export type IncludeObject = "None" | "Metadata" | "Object";

/** The meta.k8s.io version a Table is served in (from the Accept header's `v=`). */
export type TableVersion = "v1" | "v1beta1";

export interface BuildTableOptions {
  includeObject?: IncludeObject;
  now: Date;
  /** The list's metadata; omitted for a single object, whose own resourceVersion is used instead. */
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  /** Defaults to "v1"; a v1beta1 Table and its PartialObjectMetadata rows say meta.k8s.io/v1beta1. */
  version?: TableVersion;
  /** TableOptions.noHeaders: leave columnDefinitions empty (watch events after the first). */
  noHeaders?: boolean;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: KubeObject;
}

export interface Table {
  kind: "Table";
  apiVersion: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: ColumnDefinition[];
  rows: TableRow[];
}

function rowObject(obj: KubeObject, include: IncludeObject, apiVersion: string): KubeObject | undefined {
  switch (include) {
    case "None":
      return undefined;
    case "Object":
      return obj;
    default:
      // meta.AsPartialObjectMetadata: the whole ObjectMeta, under the Table's own group version.
      return { kind: "PartialObjectMetadata", apiVersion, metadata: obj?.metadata ?? {} };
  }
}

/**
 * The full Table JSON. `metadata.continue` appears only when `listMeta.continue` is non-empty; without
 * `listMeta`, a single object's resourceVersion becomes the Table's (upstream's CommonAccessor fallback).
 */
export function buildTable(def: TableDef, items: KubeObject[], opts: BuildTableOptions): Table {
  const apiVersion = `meta.k8s.io/${opts.version ?? "v1"}`;
  const include = opts.includeObject ?? "Metadata";
  const metadata: Table["metadata"] = {};
  const rv = opts.listMeta ? opts.listMeta.resourceVersion : items.length === 1 ? items[0]?.metadata?.resourceVersion : undefined;
  if (rv !== undefined) metadata.resourceVersion = rv;
  if (opts.listMeta?.continue) metadata.continue = opts.listMeta.continue;
  if (opts.listMeta?.remainingItemCount !== undefined) metadata.remainingItemCount = opts.listMeta.remainingItemCount;

  const rows = items.map((obj): TableRow => {
    const row: TableRow = { cells: def.cells(obj, opts.now) };
    const conditions = def.conditions?.(obj);
    if (conditions && conditions.length > 0) row.conditions = conditions;
    const object = rowObject(obj, include, apiVersion);
    if (object !== undefined) row.object = object;
    return row;
  });

  return { kind: "Table", apiVersion, metadata, columnDefinitions: opts.noHeaders ? [] : def.columns, rows };
}
