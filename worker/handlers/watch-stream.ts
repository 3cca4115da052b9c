/**
 * The body of a watch response: the store's stream, rendered for the client, with everything that arrived
 * while the client's connection was busy sent in one chunk. The store is read as fast as it delivers (the
 * call between objects hands its chunks over one at a time, often one event each); the connection takes all
 * that waits whenever it can write. A busy runtime gets round to a socket seldom, and one event per write
 * would leave the client behind a burst for as long as the burst lasts. Past `maxPendingChars` waiting the
 * store is no longer read, so a client that stopped reading is cut off by the store (watch-hub.ts).
 */

/** Rendered events a watch holds for a client that is not taking them before it stops reading the store. */
export const MAX_PENDING_CHARS = 16 * 1024 * 1024;

export interface CoalescingOptions {
  /** Chunks sent first (the initial events of a watch that asked for them). */
  initial?: Uint8Array[];
  /** The stream ends after this long (the watch's timeout). */
  lifetimeMs: number;
  maxPendingChars?: number;
}

export function coalescingStream(
  source: ReadableStreamDefaultReader<Uint8Array>,
  render: (chunk: Uint8Array) => string,
  opts: CoalescingOptions,
): ReadableStream<Uint8Array> {
  const maxPending = opts.maxPendingChars ?? MAX_PENDING_CHARS;
  const encoder = new TextEncoder();
  let pending = "";
  let ended = false;
  let done = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakePull: (() => void) | undefined;
  let resumeReading: (() => void) | undefined;
  const wake = () => {
    const w = wakePull;
    wakePull = undefined;
    w?.();
  };
  const resume = () => {
    const r = resumeReading;
    resumeReading = undefined;
    r?.();
  };
  const stop = () => {
    done = true;
    clearTimeout(timer);
    source.cancel().catch(() => {});
    wake();
    resume();
  };
  const readSource = async () => {
    for (;;) {
      if (pending.length >= maxPending) await new Promise<void>((resolve) => (resumeReading = resolve));
      if (done) return;
      const { done: finished, value } = await source.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      if (finished || !value) {
        ended = true;
        return wake();
      }
      pending += render(value);
      if (pending) wake();
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        for (const chunk of opts.initial ?? []) controller.enqueue(chunk);
        timer = setTimeout(() => {
          stop();
          try {
            controller.close();
          } catch {
            /* already closed */
          }
        }, opts.lifetimeMs);
        void readSource();
      },
      async pull(controller) {
        if (!pending && !ended && !done) await new Promise<void>((resolve) => (wakePull = resolve));
        if (done) return;
        if (pending) {
          controller.enqueue(encoder.encode(pending));
          pending = "";
          return resume();
        }
        stop();
        controller.close();
      },
      cancel: stop,
    },
    { highWaterMark: 0 },
  );
}
