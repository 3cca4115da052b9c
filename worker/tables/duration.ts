/**
 * Human-readable durations and ages, as printed by kubectl and the apiserver's table printers.
 *
 * Matches k8s.io/apimachinery/pkg/util/duration.HumanDuration and the `translateTimestampSince` /
 * `translateMicroTimestampSince` helpers of pkg/printers/internalversion/printers.go.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * duration.HumanDuration: ~2-3 significant figures. `ms` may be fractional or negative.
 * Up to 1s in the future (machine clock skew) prints "0s"; further in the future prints "<invalid>".
 * Go truncates toward zero in every integer conversion, so this does too.
 *
 * Examples: 5s, 119s, 2m, 3m20s, 10m, 179m, 3h, 7h59m, 8h, 47h, 2d, 2d3h, 7d23h, 8d, 729d, 2y, 3y45d, 8y.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const days = Math.trunc(hours / 24);
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  const years = Math.trunc(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/** Parses a metav1.Time / MicroTime string; `undefined` when absent, null, empty or unparseable. */
export function parseTimestamp(ts: unknown): number | undefined {
  if (typeof ts !== "string" || ts === "") return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * translateTimestampSince: the age of `ts` at `now`, or "<unknown>" when the timestamp is missing
 * (upstream's zero metav1.Time). Also used for MicroTime fields (translateMicroTimestampSince).
 */
export function translateTimestampSince(ts: unknown, now: Date): string {
  const t = parseTimestamp(ts);
  return t === undefined ? "<unknown>" : humanDuration(now.getTime() - t);
}
