/**
 * A stage's delay, as KWOK's `Stage.Delay` / `DelayRangePossible` (sigs.k8s.io/kwok/pkg/utils/lifecycle)
 * with `durationFrom` getters: a value read from the object is an RFC 3339 time (the delay is the time
 * left until it, never below zero) or a Go duration string ("1.5s", "2m", "300ms").
 *
 * When the delay starts: KWOK computes it when it observes the object in a state the stage matches (a watch
 * event) and queues the stage for `now + delay`. So the delay counts from the moment the stage started to
 * match — for the default stages, the previous stage's write — not from the object's creation; a delay
 * read from a timestamp (`.metadata.deletionTimestamp`) is absolute. engine.ts keeps a plan while the same
 * stage keeps matching, so a level-triggered caller that re-plans on every pass does not push it back.
 */
import type { JsonObject } from "../../patch/json";
import { compileQuery, evaluateQuery } from "./query";
import type { ExpressionFrom, Stage } from "./stage";

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in milliseconds; undefined when Go would reject the string. */
export function parseGoDuration(s: string): number | undefined {
  let rest = s;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    sign = rest[0] === "-" ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") return undefined;
  let total = 0;
  while (rest !== "") {
    const m = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** A `*From` value as milliseconds from now; undefined when the object has no usable value there. */
export function durationFrom(from: ExpressionFrom | undefined, object: JsonObject, nowMs: number): number | undefined {
  if (!from) return undefined;
  const q = compileQuery(from.expressionFrom);
  const v = q ? evaluateQuery(q, object)?.[0] : undefined;
  if (typeof v !== "string") return undefined;
  if (RFC3339.test(v)) return Date.parse(v) - nowMs;
  return parseGoDuration(v);
}

/** The possible delays: exactly `minMs` when equal to `maxMs`, else uniform in [minMs, maxMs). */
export interface DelayRange {
  minMs: number;
  maxMs: number;
}

/** `DelayRangePossible`: no `delay` → 0. */
export function delayRange(stage: Stage, object: JsonObject, nowMs: number): DelayRange {
  const d = stage.spec.delay;
  if (!d) return { minMs: 0, maxMs: 0 };
  const duration = Math.max(0, durationFrom(d.durationFrom, object, nowMs) ?? d.durationMilliseconds ?? 0);
  const jitterRaw = durationFrom(d.jitterDurationFrom, object, nowMs) ?? d.jitterDurationMilliseconds;
  if (jitterRaw === undefined) return { minMs: duration, maxMs: duration };
  const jitter = Math.max(0, jitterRaw);
  // A jitter bound not above the duration replaces it (KWOK: `if jitterDuration <= duration`).
  return jitter <= duration ? { minMs: jitter, maxMs: jitter } : { minMs: duration, maxMs: jitter };
}

/** `Stage.Delay`: a draw from `delayRange` with the injected `random` in [0, 1), whole milliseconds. */
export function stageDelayMs(stage: Stage, object: JsonObject, nowMs: number, random: () => number): number {
  const { minMs, maxMs } = delayRange(stage, object, nowMs);
  if (maxMs <= minMs) return Math.ceil(minMs);
  return Math.ceil(minMs) + Math.floor(random() * (Math.floor(maxMs) - Math.ceil(minMs)));
}
