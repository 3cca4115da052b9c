/**
 * Go's string forms that leak into kubelet messages users read (`kubectl describe pod`): time.Duration.String
 * (`back-off 1m20s restarting failed container=…`), fmt's `%s` of a []string (`containers with unready status:
 * [a b]`) and metav1.Time's RFC 3339 wire form (whole seconds, UTC).
 */

/** time.Duration.String for a non-negative number of milliseconds: `0s`, `500ms`, `10s`, `1m20s`, `5m0s`, `1h0m0s`. */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${trimFloat(ms)}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = `${trimFloat((ms % 60_000) / 1000)}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

const trimFloat = (n: number) => String(Number(n.toFixed(9)));

/** fmt's `%s` (or `%v`) of a []string: `[a b c]`. */
export const goStringList = (items: readonly string[]): string => `[${items.join(" ")}]`;

/** metav1.Time as it is serialised (and as the status manager's normalizeStatus truncates it): RFC 3339, whole seconds. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** A metav1.Time string truncated to whole seconds (Rfc3339Copy); undefined stays undefined. */
export function normalizeTime(t: string | undefined | null): string | undefined {
  if (t == null || t === "") return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? t : rfc3339(ms);
}
