/**
 * Arithmetic on invocation counts (`"<entrypoint> <kind>" → count`, as scripts/cost/count-invocations.mjs's
 * tail worker keys them: `Worker fetch`, `Worker scheduled`, `StoreDO rpc update`, `KubeletDO alarm`, …).
 */

/** @typedef {Record<string, number>} Counts */

/**
 * `after - before` per key (keys only in `after` count from 0).
 * @param {Counts} after @param {Counts} before @returns {Counts}
 */
export function diffCounts(after, before) {
  /** @type {Counts} */
  const out = {};
  for (const [k, v] of Object.entries(after)) if (v !== (before[k] ?? 0)) out[k] = v - (before[k] ?? 0);
  return out;
}

/**
 * `a - b` per key, floored at 0 (a phase's counts minus the idle background over its length).
 * @param {Counts} a @param {Counts} b @returns {Counts}
 */
export function subtractCounts(a, b) {
  /** @type {Counts} */
  const out = {};
  for (const [k, v] of Object.entries(a)) if (v - (b[k] ?? 0) > 0) out[k] = v - (b[k] ?? 0);
  return out;
}

/** @param {Counts} counts @param {number} factor @returns {Counts} */
export function scaleCounts(counts, factor) {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v * factor]));
}

/**
 * Per unit, rounded to two decimals, with the billing totals: `workerRequests` (the Worker's fetch and
 * scheduled events), `doRequests` (every Durable Object fetch, RPC call and alarm) and `alarms`.
 * @param {Counts} counts @param {number} units
 */
export function perUnit(counts, units) {
  const each = scaleCounts(counts, 1 / units);
  const sum = (/** @type {(key: string) => boolean} */ pred) => +Object.entries(each).filter(([k]) => pred(k)).reduce((n, [, v]) => n + v, 0).toFixed(2);
  return {
    workerRequests: sum((k) => k.startsWith("Worker ")),
    doRequests: sum((k) => !k.startsWith("Worker ")),
    alarms: sum((k) => k.endsWith(" alarm")),
    byKind: Object.fromEntries(Object.keys(each).sort().map((k) => [k, +each[k].toFixed(2)])),
  };
}
