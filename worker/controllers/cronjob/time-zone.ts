/**
 * Time zones as Go's time.LoadLocation resolves them for the CronJob controller, backed by the runtime's IANA
 * database (Intl): "" and "UTC" are UTC; "Local" is the controller's zone, which is UTC here (as in the
 * kube-controller-manager container image). Also the wall clock and UTC offset of an instant in a zone.
 */

export type LocationResult = { ok: true; zone: string } | { ok: false; error: string };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    formatters.set(zone, f);
  }
  return f;
}

/**
 * time.LoadLocation: the zone name to compute in, or Go's error. The tz database is case-sensitive on the
 * controller's filesystem, Intl is not, so a miscased canonical name ("america/new_york") is refused here;
 * a miscased alias ("us/eastern") cannot be told apart and is accepted.
 */
export function loadLocation(name: string): LocationResult {
  if (name === "" || name === "UTC" || name === "Local") return { ok: true, zone: "UTC" };
  if (name.includes("..") || name.startsWith("/") || name.startsWith("\\")) return { ok: false, error: "time: invalid location name" };
  // Intl also takes UTC offsets ("+05:00"), which are no tz database file names.
  if (/^[+-]/.test(name)) return { ok: false, error: `unknown time zone ${name}` };
  let resolved: string;
  try {
    resolved = formatter(name).resolvedOptions().timeZone;
  } catch {
    return { ok: false, error: `unknown time zone ${name}` };
  }
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) return { ok: false, error: `unknown time zone ${name}` };
  return { ok: true, zone: name };
}

/** The wall clock of an instant in a zone (month 1-12, weekday 0 = Sunday). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function wallClock(ms: number, zone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday),
  };
}

/** The zone's UTC offset at an instant, in minutes east of UTC (New York in winter: -300). */
export function offsetMinutes(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

/** Go's `t.In(zone).Format(time.RFC3339)`: `2024-03-10T03:30:00-04:00`, or `Z` at offset zero. */
export function formatRFC3339In(ms: number, zone: string): string {
  const w = wallClock(ms, zone);
  const off = offsetMinutes(ms, zone);
  const suffix = off === 0 ? "Z" : `${off < 0 ? "-" : "+"}${pad(Math.trunc(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${suffix}`;
}
