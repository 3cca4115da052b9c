/**
 * Live watchers of one Store Durable Object. A watch first replays the log after its start revision and then
 * registers for live events in the same synchronous step, so no write can fall between replay and live
 * delivery: no gaps, no duplicates.
 */

const encoder = new TextEncoder();
/** A watcher that has this many bytes queued and unread is cut off; its client re-watches from its last RV. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

interface Watcher {
  prefix: string;
  controller: ReadableStreamDefaultController<Uint8Array>;
  timer?: ReturnType<typeof setInterval>;
}

/** Formats one store event line from stored JSON texts without re-serializing them. */
export function eventLine(type: string, revision: number, value: string, prev: string | null): string {
  return `{"type":"${type}","revision":${revision},"object":${value},"prev":${prev ?? "null"}}\n`;
}

export function progressLine(revision: number): string {
  return `{"type":"PROGRESS","revision":${revision}}\n`;
}

export class WatchHub {
  private readonly watchers = new Set<Watcher>();

  get size(): number {
    return this.watchers.size;
  }

  /**
   * Opens a stream: `replay` lines are enqueued first, then live events matching `prefix`. With
   * `progressMs`, a PROGRESS line carrying `currentRevision()` is sent on that interval.
   */
  open(prefix: string, replay: Iterable<string>, progressMs: number | undefined, currentRevision: () => number) {
    let watcher: Watcher;
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          watcher = { prefix, controller };
          for (const line of replay) controller.enqueue(encoder.encode(line));
          if (progressMs && progressMs > 0) {
            watcher.timer = setInterval(() => this.send(watcher, progressLine(currentRevision())), progressMs);
          }
          this.watchers.add(watcher);
        },
        cancel: () => this.remove(watcher),
      },
      { highWaterMark: MAX_BUFFERED_BYTES, size: (chunk) => chunk.byteLength },
    );
    return stream;
  }

  /** Delivers one committed change to every watcher whose prefix covers `key`. */
  publish(key: string, line: string): void {
    if (this.watchers.size === 0) return;
    for (const w of this.watchers) if (key.startsWith(w.prefix)) this.send(w, line);
  }

  private send(w: Watcher, line: string): void {
    if ((w.controller.desiredSize ?? 0) <= 0) {
      // The client stopped reading: end its stream instead of buffering without bound.
      this.remove(w);
      try {
        w.controller.close();
      } catch {
        /* already closed */
      }
      return;
    }
    try {
      w.controller.enqueue(encoder.encode(line));
    } catch {
      this.remove(w);
    }
  }

  private remove(w: Watcher | undefined): void {
    if (!w) return;
    if (w.timer) clearInterval(w.timer);
    this.watchers.delete(w);
  }
}
