/**
 * The two Go standard-library parsers robfig/cron leans on, with their error texts: strconv.Atoi (cron fields)
 * and time.ParseDuration (`@every`). Written by hand: no library reproduces Go's grammar and messages.
 */
import { goQuote } from "../../../schema/validation/field-errors";

export type GoResult<T> = { ok: true; value: T } | { ok: false; error: string };

const MAX_INT64 = 2n ** 63n - 1n;

/** strconv.Atoi: optional sign, ASCII digits, int64 range. */
export function goAtoi(s: string): GoResult<number> {
  if (!/^[+-]?[0-9]+$/.test(s)) return { ok: false, error: `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax` };
  const n = BigInt(s);
  if (n > MAX_INT64 || n < -MAX_INT64 - 1n) return { ok: false, error: `strconv.Atoi: parsing ${goQuote(s)}: value out of range` };
  return { ok: true, value: Number(n) };
}

const UNIT_NANOS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  "\u00b5s": 1e3,
  "\u03bcs": 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** time.ParseDuration, in nanoseconds (a float: callers round to seconds, as robfig's Every does). */
export function goParseDuration(orig: string): GoResult<number> {
  const invalid = { ok: false as const, error: `time: invalid duration ${goQuote(orig)}` };
  let s = orig;
  let neg = false;
  if (s[0] === "-" || s[0] === "+") {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return { ok: true, value: 0 };
  if (s === "") return invalid;
  let total = 0;
  while (s !== "") {
    const m = /^([0-9]*)(\.([0-9]*))?/.exec(s)!;
    const whole = m[1];
    const frac = m[3] ?? "";
    if (whole === "" && frac === "") return invalid;
    s = s.slice(m[0].length);
    const unit = /^[^0-9.]*/.exec(s)![0];
    if (unit === "") return { ok: false, error: `time: missing unit in duration ${goQuote(orig)}` };
    const scale = UNIT_NANOS[unit];
    if (scale === undefined) return { ok: false, error: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(orig)}` };
    s = s.slice(unit.length);
    total += Number(`${whole || "0"}.${frac || "0"}`) * scale;
    if (total > 2 ** 63) return invalid;
  }
  return { ok: true, value: neg ? -total : total };
}
