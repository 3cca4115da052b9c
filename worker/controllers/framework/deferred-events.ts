/**
 * The Events of a loop's passes, written after the work that caused them: client-go's recorder hands an Event
 * to the broadcaster and returns, and the broadcaster writes it in the background, so kube-scheduler's next
 * binding never waits for the last one's Event. For a loop that asks for it (ControllerLoop.deferEvents), the
 * host of the passes (ControllerDO) holds the Events of a large round (`INLINE_ROUND` keys or more) and writes
 * them once its drain has had nothing to do for `LINGER_MS`, or at once when `FLUSH_AT` wait. A burst's Events
 * thus come after the burst, not in the middle of it, where they would hold up the bindings and the watches
 * that deliver them: locally every component shares one thread. Each Event is stamped when it was recorded;
 * like upstream's, a queue lost with its process loses its Events, never a reconcile.
 */
import { mapLimit } from "./queue";

/**
 * Events held at most before the drain writes them between two rounds (~1 KiB each). Upstream's broadcaster
 * drops what exceeds its queue of 1,000; these are written instead, only later.
 */
export const FLUSH_AT = 5000;
/**
 * How long the drain waits with nothing to do before the Events go out (a poke ends the wait: new keys come
 * first). A burst's last bindings still travel to the watches for some hundreds of milliseconds.
 */
export const LINGER_MS = 1000;
/**
 * A round of fewer keys writes its Events right after it, as if inline. Deferring pays off for a burst; for a
 * trickle of new pods, the time spent writing lets the next round gather more keys, and every round lists the
 * cluster once: measured, deferring them too made the passes many and small, and the rounds slower overall.
 */
export const INLINE_ROUND = 64;
/** Writes in flight while flushing. */
const CONCURRENCY = 32;

export type EventWrite = () => Promise<void>;

/** Whether the Events go out right after a round of `keys` keys (a small round: as if inline). */
export const writeAfterRound = (keys: number): boolean => keys < INLINE_ROUND;

/**
 * What a drain with no key due does next: stop when no Event waits; otherwise wait LINGER_MS once for new keys
 * (not when the loop is paused, nor when FLUSH_AT wait), then write them.
 */
export function idleStep(s: { waiting: number; lingered: boolean; paused: boolean; full: boolean }): "stop" | "linger" | "write" {
  if (s.waiting === 0) return "stop";
  return s.lingered || s.paused || s.full ? "write" : "linger";
}

export class DeferredEvents {
  private pending: EventWrite[] = [];
  private interruptLinger?: () => void;

  add(write: EventWrite): void {
    this.pending.push(write);
  }

  get size(): number {
    return this.pending.length;
  }

  /** Whether enough wait that the drain should write them before its next round. */
  get full(): boolean {
    return this.pending.length >= FLUSH_AT;
  }

  /** Waits `ms`; false when `interrupt` cut the wait short (new work arrived, the Events wait on). */
  linger(ms = LINGER_MS): Promise<boolean> {
    return new Promise<boolean>((done) => {
      const finish = (whole: boolean) => {
        clearTimeout(timer);
        this.interruptLinger = undefined;
        done(whole);
      };
      const timer = setTimeout(() => finish(true), ms);
      this.interruptLinger = () => finish(false);
    });
  }

  /** New work arrived: a linger in progress ends now. */
  interrupt(): void {
    this.interruptLinger?.();
  }

  /** Runs every write queued, including those queued while flushing; a write's failure is logged, not thrown. */
  async flush(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      await mapLimit(batch, CONCURRENCY, async (write) => {
        try {
          await write();
        } catch (e) {
          console.error("event not recorded", e);
        }
      });
    }
  }
}
