/**
 * The grammar of robfig/cron/v3's ParseStandard (the parser kube-controller-manager and CronJob validation use):
 * five fields `minute hour day-of-month month day-of-week` or a descriptor, with robfig's error texts. The
 * result is a set of values per field plus robfig's "star bit" (the field was `*`/`?` without a step > 1),
 * which decides whether day-of-month and day-of-week combine with AND (either starred) or OR (neither).
 * cron-parser does the calendar arithmetic (./schedule.ts); this module only decides what robfig accepts,
 * since cron-parser accepts more (seconds, `L`, `#`, `H`, day-of-week 7, `@weekdays`) and reports differently.
 */
import { goAtoi, goParseDuration } from "./go-parse";

/** One field: the values it allows, and whether robfig set its star bit. */
export interface SpecField {
  values: number[];
  star: boolean;
}

/** A robfig SpecSchedule (seconds are always 0 for ParseStandard). */
export interface SpecFields {
  minute: SpecField;
  hour: SpecField;
  dayOfMonth: SpecField;
  month: SpecField;
  dayOfWeek: SpecField;
}

/** What ParseStandard returns: a calendar spec, or `@every` (robfig's ConstantDelaySchedule). */
export type StandardSpec = { kind: "spec"; fields: SpecFields } | { kind: "every"; delaySeconds: number };

export type ParseResult = { ok: true; spec: StandardSpec } | { ok: false; error: string };

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DOW_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) };
const DOW: Bounds = { min: 0, max: 6, names: Object.fromEntries(DOW_NAMES.map((n, i) => [n, i])) };

class SpecError extends Error {}

function range(from: number, to: number, step = 1): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i += step) out.push(i);
  return out;
}

const all = (b: Bounds): SpecField => ({ values: range(b.min, b.max), star: true });
const only = (v: number): SpecField => ({ values: [v], star: false });

/** mustParseInt: Atoi, and no negatives. */
function parseUint(expr: string): number {
  const n = goAtoi(expr);
  if (!n.ok) throw new SpecError(`failed to parse int from ${expr}: ${n.error}`);
  if (n.value < 0) throw new SpecError(`negative number (${n.value}) not allowed: ${expr}`);
  return n.value;
}

function parseIntOrName(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase()];
  return named !== undefined ? named : parseUint(expr);
}

/** getRange: `*` | `?` | number | number-number, optionally `/step`; "N/step" means "N-max/step". */
function getRange(expr: string, b: Bounds): SpecField {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0].split("-");
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    [start, end, star] = [b.min, b.max, true];
  } else {
    start = parseIntOrName(lowAndHigh[0], b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], b);
    else throw new SpecError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseUint(rangeAndStep[1]);
    if (lowAndHigh.length === 1) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new SpecError(`too many slashes: ${expr}`);
  }
  if (start < b.min) throw new SpecError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new SpecError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new SpecError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new SpecError(`step of range should be a positive number: ${expr}`);
  return { values: range(start, end, step), star };
}

/** getField: a comma-separated list of ranges (empty items are skipped, as strings.FieldsFunc does). */
function getField(field: string, b: Bounds): SpecField {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(",").filter((e) => e !== "")) {
    const r = getRange(expr, b);
    r.values.forEach((v) => values.add(v));
    star ||= r.star;
  }
  return { values: [...values].sort((x, y) => x - y), star };
}

/** robfig's Every: at least one second, fractions of a second dropped. */
function everyDelaySeconds(nanos: number): number {
  return nanos < 1e9 ? 1 : Math.trunc(nanos / 1e9);
}

function parseDescriptor(spec: string): StandardSpec {
  const calendar = (fields: SpecFields): StandardSpec => ({ kind: "spec", fields });
  const midnight = { minute: only(0), hour: only(0) };
  switch (spec) {
    case "@yearly":
    case "@annually":
      return calendar({ ...midnight, dayOfMonth: only(1), month: only(1), dayOfWeek: all(DOW) });
    case "@monthly":
      return calendar({ ...midnight, dayOfMonth: only(1), month: all(MONTHS), dayOfWeek: all(DOW) });
    case "@weekly":
      return calendar({ ...midnight, dayOfMonth: all(DOM), month: all(MONTHS), dayOfWeek: only(0) });
    case "@daily":
    case "@midnight":
      return calendar({ ...midnight, dayOfMonth: all(DOM), month: all(MONTHS), dayOfWeek: all(DOW) });
    case "@hourly":
      return calendar({ minute: only(0), hour: all(HOURS), dayOfMonth: all(DOM), month: all(MONTHS), dayOfWeek: all(DOW) });
  }
  if (spec.startsWith("@every ")) {
    const d = goParseDuration(spec.slice("@every ".length));
    if (!d.ok) throw new SpecError(`failed to parse duration ${spec}: ${d.error}`);
    return { kind: "every", delaySeconds: everyDelaySeconds(d.value) };
  }
  throw new SpecError(`unrecognized descriptor: ${spec}`);
}

/**
 * ParseStandard without the `TZ=`/`CRON_TZ=` prefix (./schedule.ts strips and resolves it): the spec, or
 * robfig's error text. `@every <duration>` is accepted: upstream validation calls ParseStandard, which has the
 * Descriptor option, so `@every 5m` is a valid CronJob schedule.
 */
export function parseStandardSpec(spec: string): ParseResult {
  try {
    if (spec.length === 0) throw new SpecError("empty spec string");
    if (spec.startsWith("@")) return { ok: true, spec: parseDescriptor(spec) };
    const fields = spec.split(/\s+/).filter((f) => f !== "");
    if (fields.length !== 5) throw new SpecError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
    const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
    return {
      ok: true,
      spec: {
        kind: "spec",
        fields: {
          minute: getField(minute, MINUTES),
          hour: getField(hour, HOURS),
          dayOfMonth: getField(dayOfMonth, DOM),
          month: getField(month, MONTHS),
          dayOfWeek: getField(dayOfWeek, DOW),
        },
      },
    };
  } catch (e) {
    if (e instanceof SpecError) return { ok: false, error: e.message };
    throw e;
  }
}

/** robfig's dayMatches: AND when either day field is starred, OR otherwise. */
export function dayMatches(f: SpecFields, dayOfMonth: number, dayOfWeek: number): boolean {
  const dom = f.dayOfMonth.values.includes(dayOfMonth);
  const dow = f.dayOfWeek.values.includes(dayOfWeek);
  return f.dayOfMonth.star || f.dayOfWeek.star ? dom && dow : dom || dow;
}
