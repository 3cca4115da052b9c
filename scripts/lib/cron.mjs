/**
 * What the local runner can do with wrangler.toml's `[triggers] crons`. The edge fires a cron trigger at
 * the start of each matching minute (UTC); locally we only fire the every-minute schedule the control
 * plane uses (its resync), and say so for any other expression rather than guessing.
 */

/** Cron expressions that mean "every minute" (5 fields; `*` or the step form `* /1`). */
const EVERY_MINUTE = /^\*(\/1)?( \*(\/1)?){4}$/;

/**
 * Splits cron expressions into those fired every minute and those the local runner does not fire.
 * @param {string[]} crons
 * @returns {{ everyMinute: string[], unsupported: string[] }}
 */
export function partitionCrons(crons) {
  /** @type {string[]} */
  const everyMinute = [];
  /** @type {string[]} */
  const unsupported = [];
  for (const cron of crons) (EVERY_MINUTE.test(cron.trim().replace(/\s+/g, " ")) ? everyMinute : unsupported).push(cron);
  return { everyMinute, unsupported };
}

/**
 * Milliseconds from `nowMs` to the next minute boundary (never 0: a tick at :00.000 waits a full minute).
 * @param {number} nowMs
 */
export function msUntilNextMinute(nowMs) {
  return 60_000 - (nowMs % 60_000);
}
