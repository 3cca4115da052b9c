/**
 * What a runtime writes, cut into log lines as a container runtime does (one CRI entry per line; a trailing
 * newline ends the last line rather than starting an empty one).
 */
import type { LogStream, NewLogLine } from "./types";

export function toLogLines(stream: LogStream, ts: number, text: string): NewLogLine[] {
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  return body.split("\n").map((t) => ({ ts, stream, text: t }));
}
