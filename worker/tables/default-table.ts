/**
 * Tables for resources without an upstream printer.
 *
 * Two upstream defaults exist and both are reproduced:
 * - Built-in resources registered without a printer (rbac Role/ClusterRole, core LimitRange, …) use the
 *   generic registry's default table convertor (k8s.io/apiserver/pkg/registry/rest/table.go): `Name` and
 *   `Created At` (type "date", the creationTimestamp as RFC 3339 UTC). `kubectl get clusterroles` prints
 *   a CREATED AT column with timestamps.
 * - Everything else (custom resources, unknown group/resource) gets `Name` and `Age` (type "date", cell a
 *   human duration): apiextensions-apiserver's table for a CRD without additionalPrinterColumns, which is
 *   also what kubectl falls back to when a server sends no Table.
 */
import { parseTimestamp } from "./duration";
import { ageOf, nameOf } from "./format";
import { AGE_COLUMN, NAME_COLUMN, column, type TableDef } from "./types";

const CREATED_AT_COLUMN = column(
  "Created At",
  "date",
  "CreationTimestamp is a timestamp representing the server time when this object was created.",
);

/**
 * `creationTimestamp.UTC().Format(time.RFC3339)`: second precision ("2024-01-02T03:04:05Z"); a missing
 * timestamp is Go's zero time, "0001-01-01T00:00:00Z".
 */
function rfc3339(ts: unknown): string {
  const t = parseTimestamp(ts);
  if (t === undefined) return "0001-01-01T00:00:00Z";
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** The generic registry's default: Name, Created At. */
export const CREATED_AT_TABLE: TableDef = {
  columns: [NAME_COLUMN, CREATED_AT_COLUMN],
  cells: (obj) => [nameOf(obj), rfc3339(obj?.metadata?.creationTimestamp)],
};

/** The custom-resource default: Name, Age (type "date", as apiextensions declares it). */
export const NAME_AGE_TABLE: TableDef = {
  columns: [NAME_COLUMN, { ...AGE_COLUMN, type: "date" }],
  cells: (obj, now) => [nameOf(obj), ageOf(obj, now)],
};
