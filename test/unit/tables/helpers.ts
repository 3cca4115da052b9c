/** Shared fixtures for the table printer tests: a fixed clock and a row-by-column-name view. */
import type { KubeObject, TableDef } from "../../../worker/tables/types";

export const NOW = new Date("2024-06-01T12:00:00Z");

/** An RFC 3339 timestamp `ms` before NOW. */
export function ago(ms: number): string {
  return new Date(NOW.getTime() - ms).toISOString().replace(".000Z", "Z");
}

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** The row for `obj` keyed by column name (asserts one cell per column). */
export function row(def: TableDef, obj: KubeObject, now = NOW): Record<string, unknown> {
  const cells = def.cells(obj, now);
  if (cells.length !== def.columns.length) throw new Error(`${cells.length} cells for ${def.columns.length} columns`);
  return Object.fromEntries(def.columns.map((c, i) => [c.name, cells[i]]));
}

/** Column names, with wide (priority 1) columns prefixed by "+". */
export function columnNames(def: TableDef): string[] {
  return def.columns.map((c) => (c.priority > 0 ? `+${c.name}` : c.name));
}

/** Object metadata created 5 minutes before NOW. */
export function meta(name: string, extra: KubeObject = {}): KubeObject {
  return { name, namespace: "default", uid: `uid-${name}`, resourceVersion: "42", creationTimestamp: ago(5 * MIN), ...extra };
}
