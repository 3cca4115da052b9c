/**
 * Timestamps as the node and disruption controllers read and write them: metav1.Time (RFC 3339, seconds) and
 * metav1.MicroTime (Lease renewTime, microseconds) parsed to Unix ms; written at second precision.
 */
import { rfc3339 } from "../../handlers/context";

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** Unix ms of an RFC 3339 time (any fractional precision), or undefined when absent or malformed. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const millis = (m[2] ?? "").slice(0, 3).padEnd(3, "0");
  const ms = Date.parse(`${m[1]}.${millis}${m[3]}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** metav1.Time as serialized: RFC 3339 at second precision. */
export const timeString = (ms: number): string => rfc3339(new Date(ms));
