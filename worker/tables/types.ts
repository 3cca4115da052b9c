/**
 * meta.k8s.io/v1 Table building blocks (k8s.io/apimachinery/pkg/apis/meta/v1 TableColumnDefinition,
 * TableRowCondition) and the per-kind printer contract used by `tableFor`.
 */
import type { KubeObject } from "../../schema/types";

export type { KubeObject };

/** Column value types allowed by meta/v1 (OpenAPI type names kubectl understands). */
export type ColumnType = "string" | "integer" | "number" | "boolean" | "date";

/**
 * metav1.TableColumnDefinition. Every field is always serialized (upstream has no `omitempty` here).
 * kubectl hides columns with `priority > 0` unless `-o wide`.
 */
export interface ColumnDefinition {
  name: string;
  type: ColumnType;
  /** "name" for the object-name column, "" otherwise. */
  format: string;
  description: string;
  priority: number;
}

/** metav1.TableRowCondition (upstream pods report `Completed` for Succeeded/Failed phases). */
export interface TableRowCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
}

/**
 * A kind's printer: the column set plus a pure function from one object to one row of cells.
 *
 * Contract: `cells(obj, now)` returns exactly `columns.length` values, wide (priority 1) columns included —
 * the apiserver always generates tables with `GenerateOptions{Wide: true}` (pkg/printers/storage) and
 * leaves hiding them to the client. Objects are plain JSON and may lack any field (status in particular).
 */
export interface TableDef {
  columns: ColumnDefinition[];
  cells(obj: KubeObject, now: Date): unknown[];
  /** Row conditions, when the upstream printer sets any. */
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

/** Shorthand for a column definition; `priority` 1 marks a wide-only column. */
export function column(name: string, type: ColumnType, description: string, priority = 0, format = ""): ColumnDefinition {
  return { name, type, format, description, priority };
}

/** The `Name` column every upstream printer starts with (format "name"). */
export const NAME_COLUMN: ColumnDefinition = column(
  "Name",
  "string",
  "Name must be unique within a namespace. It is required when creating resources.",
  0,
  "name",
);

/** The `Age` column (a human duration since metadata.creationTimestamp). */
export const AGE_COLUMN: ColumnDefinition = column(
  "Age",
  "string",
  "CreationTimestamp is a timestamp representing the server time when this object was created.",
);

/** Wide columns shared by workload printers (layoutContainerCells in printers.go). */
export const CONTAINERS_COLUMN = column("Containers", "string", "Names of each container in the template.", 1);
export const IMAGES_COLUMN = column("Images", "string", "Images referenced by each container in the template.", 1);
