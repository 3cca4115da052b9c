/**
 * Pure decisions of the controller work queue (client-go workqueue semantics over a durable table): when a
 * failing key runs again, and what a finished pass leaves queued.
 */

/** client-go's per-item exponential failure back-off: 5 ms doubling, capped (the cron resync runs anyway). */
export const BASE_BACKOFF_MS = 5;
export const MAX_BACKOFF_MS = 60_000;

export function backoffMs(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(failures, 20));
}

export interface QueueRow {
  loop: string;
  key: string;
  /** Unix ms when the key is due. */
  due: number;
  /** Consecutive failures (0 after a success). */
  failures: number;
}

export type Outcome = { ok: true; requeueAfterMs?: number } | { ok: false; error: unknown };

/** The row a finished reconcile leaves (undefined: nothing more to do for the key). */
export function afterSync(row: QueueRow, outcome: Outcome, now: number): QueueRow | undefined {
  if (!outcome.ok) {
    const failures = row.failures + 1;
    return { ...row, failures, due: now + backoffMs(failures - 1) };
  }
  if (outcome.requeueAfterMs === undefined) return undefined;
  return { ...row, failures: 0, due: now + Math.max(0, Math.ceil(outcome.requeueAfterMs)) };
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
