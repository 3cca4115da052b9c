/**
 * `follow=true`: after the lines already there, new lines of the same container instance as they are written,
 * until the instance stops (kuberuntime/logs ReadLogs waits for the file to grow and returns once the container
 * is no longer running) or `limitBytes` is reached; cancelling the stream (the client went away) stops it.
 * The source is polled: a Durable Object has no file-change notification to wait on.
 */
import { encodeLogLines } from "./format";
import type { LogLine } from "./types";

export interface FollowSource {
  /** The instance's lines after `afterSeq`, in order. */
  read(afterSeq: number): LogLine[] | Promise<LogLine[]>;
  /** Whether the instance still runs. */
  running(): boolean | Promise<boolean>;
}

export interface FollowOptions {
  /** The lines to send first (already tail- and since-selected). */
  initial: readonly LogLine[];
  /** The last sequence number in the file when `initial` was read: new lines are those after it. */
  afterSeq: number;
  timestamps: boolean;
  limitBytes?: number;
  sinceMs?: number;
  /** Between reads while nothing new is there (default 250 ms). */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const FOLLOW_POLL_MS = 250;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function followLogStream(source: FollowSource, opts: FollowOptions): ReadableStream<Uint8Array> {
  const sleep = opts.sleep ?? defaultSleep;
  const pollMs = opts.pollMs ?? FOLLOW_POLL_MS;
  let remaining = opts.limitBytes;
  let after = opts.afterSeq;
  let pending: readonly LogLine[] | undefined = opts.initial;
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (!cancelled) {
        const lines: readonly LogLine[] = pending ?? (await source.read(after));
        pending = undefined;
        if (lines.length) after = Math.max(after, lines[lines.length - 1].seq);
        const fresh = opts.sinceMs === undefined ? lines : lines.filter((l) => l.ts >= opts.sinceMs!);
        if (fresh.length) {
          const enc = encodeLogLines(fresh, opts.timestamps, remaining);
          remaining = enc.remaining;
          if (enc.bytes.length) controller.enqueue(enc.bytes);
          if (remaining === 0) return controller.close();
          if (enc.bytes.length) return;
        }
        if (!(await source.running())) {
          // One more read once it stopped: lines written just before the stop still go out.
          const last = await source.read(after);
          if (last.length) {
            pending = last;
            continue;
          }
          return controller.close();
        }
        await sleep(pollMs);
      }
    },
    cancel() {
      cancelled = true;
    },
  });
}
