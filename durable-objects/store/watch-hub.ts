/**
 * Live watchers of one Store Durable Object. A watch first replays the log after its start revision and then
 * registers for live events in the same synchronous step, so no write can fall between replay and live
 * delivery: no gaps, no duplicates.
 */

const encoder = new TextEncoder();
/**
 * A watcher with this much queued and unread (characters of JSON text) that has not read for STALLED_MS is cut
 * off; its client re-watches from its last RV. One that keeps reading is cut off only past HARD_MAX_BYTES: a
 * reader that reads as fast as a burst lets it (behind the burst's own requests on a busy runtime) must not be
 * cut, or its re-watch replays the same backlog, is cut again, and never catches up.
 */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
export const STALLED_MS = 5_000;
export const HARD_MAX_BYTES = 32 * 1024 * 1024;
/** The most one read hands over: a long replay goes out in pieces of about this size. */
const MAX_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * One open watch. Lines wait in `lines` until the reader asks: a read takes everything waiting as one chunk.
 * Handing events over one per read would cost the reader a turn of the event loop per event, and under a
 * stream of concurrent writes those turns queue behind the writes' requests: delivery would fall behind by the
 * length of the burst.
 */
interface Watcher {
  prefix: string;
  /** Whether the lines carry `prev` (a watcher with a selector needs it; others are sent half the bytes). */
  withPrev: boolean;
  lines: string[];
  /** When the reader last took lines (or the watch opened). */
  lastReadMs: number;
  bytes: number;
  /** Set while a read waits for the next line. */
  wake?: () => void;
  overflowed: boolean;
  timer?: ReturnType<typeof setInterval>;
}

/** Formats one store event line from stored JSON texts without re-serializing them (`prev` undefined: left out). */
export function eventLine(type: string, revision: number, value: string, prev: string | null | undefined): string {
  if (prev === undefined) return `{"type":"${type}","revision":${revision},"object":${value}}\n`;
  return `{"type":"${type}","revision":${revision},"object":${value},"prev":${prev ?? "null"}}\n`;
}

/** One committed change, from which each watcher's line is made (with `prev` or without, as it asked). */
export interface PublishedChange {
  type: string;
  revision: number;
  value: string;
  prev: string | null;
}

export function progressLine(revision: number): string {
  return `{"type":"PROGRESS","revision":${revision}}\n`;
}

export class WatchHub {
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.watchers.size;
  }

  /**
   * Opens a stream: `replay` lines come first, then live events matching `prefix`. The replay is read and the
   * watcher registered in one synchronous step. With `progressMs`, a PROGRESS line carrying
   * `currentRevision()` is sent on that interval.
   */
  open(prefix: string, replay: Iterable<PublishedChange>, progressMs: number | undefined, currentRevision: () => number, withPrev = true) {
    const w: Watcher = { prefix, withPrev, lines: [], lastReadMs: this.now(), bytes: 0, overflowed: false };
    for (const change of replay) queue(w, lineFor(w, change));
    if (progressMs && progressMs > 0) w.timer = setInterval(() => this.send(w, progressLine(currentRevision())), progressMs);
    this.watchers.add(w);
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          if (w.lines.length === 0 && !w.overflowed) await new Promise<void>((resolve) => (w.wake = resolve));
          if (w.overflowed) return controller.close();
          w.lastReadMs = this.now();
          controller.enqueue(encoder.encode(take(w)));
        },
        cancel: () => this.remove(w),
      },
      { highWaterMark: 0 },
    );
  }

  /** Delivers one committed change to every watcher whose prefix covers `key`. */
  publish(key: string, change: PublishedChange): void {
    if (this.watchers.size === 0) return;
    for (const w of this.watchers) if (key.startsWith(w.prefix)) this.send(w, lineFor(w, change));
  }

  private send(w: Watcher, line: string): void {
    if (cutOff(w.bytes, this.now() - w.lastReadMs)) {
      // The client stopped reading: end its stream instead of buffering without bound.
      this.remove(w);
      w.overflowed = true;
      w.lines = [];
    } else queue(w, line);
    const wake = w.wake;
    w.wake = undefined;
    wake?.();
  }

  private remove(w: Watcher | undefined): void {
    if (!w) return;
    if (w.timer) clearInterval(w.timer);
    this.watchers.delete(w);
  }
}

/** Whether a watcher with `bytes` waiting, whose reader last read `sinceReadMs` ago, is cut off (pure). */
export function cutOff(bytes: number, sinceReadMs: number): boolean {
  return bytes >= HARD_MAX_BYTES || (bytes >= MAX_BUFFERED_BYTES && sinceReadMs >= STALLED_MS);
}

function lineFor(w: Watcher, c: PublishedChange): string {
  return eventLine(c.type, c.revision, c.value, w.withPrev ? c.prev : undefined);
}

function queue(w: Watcher, line: string): void {
  w.lines.push(line);
  w.bytes += line.length;
}

/** The waiting lines, up to MAX_CHUNK_BYTES (at least one line), as one text. */
function take(w: Watcher): string {
  let n = 0;
  let size = 0;
  while (n < w.lines.length && (n === 0 || size + w.lines[n].length <= MAX_CHUNK_BYTES)) size += w.lines[n++].length;
  const text = n === w.lines.length ? w.lines.join("") : w.lines.slice(0, n).join("");
  w.lines = n === w.lines.length ? [] : w.lines.slice(n);
  w.bytes -= size;
  return text;
}
