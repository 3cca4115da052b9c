/**
 * Log lines as the kubelet writes them to a client (pkg/kubelet/kuberuntime/logs/logs.go ReadLogs): the last
 * `tailLines` lines of the file, then those not older than `since`, each optionally prefixed with its
 * timestamp in RFC3339NanoFixed and a space, cut off after `limitBytes` bytes (mid-line, as the limited
 * writer does).
 */
import type { LogLine } from "./types";

/** RFC3339NanoFixed (`2006-01-02T15:04:05.000000000Z07:00`) in UTC for a millisecond timestamp. */
export function rfc3339NanoFixed(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  return `${iso.slice(0, 23)}000000Z`;
}

export interface LineSelection {
  /** Keep only the last n lines (applied first, over both streams, as the file holds them). */
  tailLines?: number;
  /** Drop lines older than this (ms); a line at exactly `sinceMs` is kept. */
  sinceMs?: number;
}

/** The lines ReadLogs would print, in file order. */
export function selectLogLines(lines: readonly LogLine[], sel: LineSelection): LogLine[] {
  let out = sel.tailLines === undefined ? lines.slice() : sel.tailLines === 0 ? [] : lines.slice(-sel.tailLines);
  if (sel.sinceMs !== undefined) out = out.filter((l) => l.ts >= sel.sinceMs!);
  return out;
}

/** One line as printed: `[<timestamp> ]<text>\n`. */
export const formatLogLine = (line: LogLine, timestamps: boolean): string =>
  timestamps ? `${rfc3339NanoFixed(line.ts)} ${line.text}\n` : `${line.text}\n`;

export interface EncodedLines {
  bytes: Uint8Array;
  /** Bytes still allowed after these (undefined: no limit). 0 means the limit is reached: stop. */
  remaining?: number;
}

const encoder = new TextEncoder();

/** UTF-8 of the formatted lines, cut at `remaining` bytes when a limit is given. */
export function encodeLogLines(lines: readonly LogLine[], timestamps: boolean, remaining?: number): EncodedLines {
  const bytes = encoder.encode(lines.map((l) => formatLogLine(l, timestamps)).join(""));
  if (remaining === undefined) return { bytes };
  const cut = bytes.length > remaining ? bytes.subarray(0, remaining) : bytes;
  return { bytes: cut, remaining: remaining - cut.length };
}

/** The size a line takes in the log "file" (its text and newline), for the retention cap. */
export const storedLineBytes = (text: string): number => encoder.encode(text).length + 1;
