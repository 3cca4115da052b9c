/**
 * The kubelet's container log files in its Durable Object's SQLite (README.md beside this file): `log_lines`
 * holds the lines, `log_files` one row per (pod uid, container, instance) with its next sequence number and
 * size. Retention, per container: the current and the previous instance (what `kubectl logs` and
 * `kubectl logs --previous` can read; upstream's container GC keeps as little), and at most
 * LOG_MAX_BYTES_PER_INSTANCE per instance, the oldest lines dropped first.
 */
import { selectLogLines, storedLineBytes } from "./format";
import type { LogKey, LogLine, NewLogLine } from "./types";

/**
 * 1 MiB of lines per container instance. Upstream rotates a container's file at containerLogMaxSize (10Mi by
 * default) and serves only the live file; a Durable Object's storage is small, so the cap is smaller and lines
 * are trimmed oldest first rather than rotated away in one go.
 */
export const LOG_MAX_BYTES_PER_INSTANCE = 1024 * 1024;

export function createLogTables(sql: SqlStorage): void {
  sql.exec(
    `CREATE TABLE IF NOT EXISTS log_lines (pod_uid TEXT NOT NULL, container TEXT NOT NULL, instance INTEGER NOT NULL, ` +
      `seq INTEGER NOT NULL, ts INTEGER NOT NULL, stream TEXT NOT NULL, text TEXT NOT NULL, bytes INTEGER NOT NULL, ` +
      `PRIMARY KEY (pod_uid, container, instance, seq))`,
  );
  sql.exec(
    `CREATE TABLE IF NOT EXISTS log_files (pod_uid TEXT NOT NULL, container TEXT NOT NULL, instance INTEGER NOT NULL, ` +
      `next_seq INTEGER NOT NULL, bytes INTEGER NOT NULL, PRIMARY KEY (pod_uid, container, instance))`,
  );
}

const KEY_WHERE = `pod_uid = ? AND container = ? AND instance = ?`;
const keyArgs = (k: LogKey) => [k.podUid, k.container, k.instance];

type LineRow = { seq: number; ts: number; stream: string; text: string };
const toLine = (r: LineRow): LogLine => ({ seq: r.seq, ts: r.ts, stream: r.stream === "stderr" ? "stderr" : "stdout", text: r.text });

/**
 * Appends lines to an instance's file and returns them as stored (with their `seq`). The first line of a new
 * instance drops the container's instances older than the one before it. Synchronous, so atomic in the object.
 */
export function appendLogLines(sql: SqlStorage, key: LogKey, lines: readonly NewLogLine[], maxBytes = LOG_MAX_BYTES_PER_INSTANCE): LogLine[] {
  if (lines.length === 0) return [];
  const file = sql.exec<{ next_seq: number; bytes: number }>(`SELECT next_seq, bytes FROM log_files WHERE ${KEY_WHERE}`, ...keyArgs(key)).toArray()[0];
  if (!file) {
    sql.exec(`DELETE FROM log_lines WHERE pod_uid = ? AND container = ? AND instance < ?`, key.podUid, key.container, key.instance - 1);
    sql.exec(`DELETE FROM log_files WHERE pod_uid = ? AND container = ? AND instance < ?`, key.podUid, key.container, key.instance - 1);
  }
  let seq = file?.next_seq ?? 1;
  let bytes = file?.bytes ?? 0;
  const stored: LogLine[] = [];
  for (const l of lines) {
    const size = storedLineBytes(l.text);
    sql.exec(`INSERT INTO log_lines (pod_uid, container, instance, seq, ts, stream, text, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ...keyArgs(key), seq, l.ts, l.stream, l.text, size);
    stored.push({ seq, ts: l.ts, stream: l.stream, text: l.text });
    seq++;
    bytes += size;
  }
  if (bytes > maxBytes) bytes -= trimOldest(sql, key, bytes - maxBytes);
  sql.exec(
    `INSERT INTO log_files (pod_uid, container, instance, next_seq, bytes) VALUES (?, ?, ?, ?, ?) ` +
      `ON CONFLICT (pod_uid, container, instance) DO UPDATE SET next_seq = excluded.next_seq, bytes = excluded.bytes`,
    ...keyArgs(key),
    seq,
    bytes,
  );
  return stored;
}

/** Deletes the oldest lines until at least `excess` bytes are gone; returns the bytes deleted. */
function trimOldest(sql: SqlStorage, key: LogKey, excess: number): number {
  let removed = 0;
  let cutoff = 0;
  for (const row of sql.exec<{ seq: number; bytes: number }>(`SELECT seq, bytes FROM log_lines WHERE ${KEY_WHERE} ORDER BY seq`, ...keyArgs(key))) {
    removed += row.bytes;
    cutoff = row.seq;
    if (removed >= excess) break;
  }
  sql.exec(`DELETE FROM log_lines WHERE ${KEY_WHERE} AND seq <= ?`, ...keyArgs(key), cutoff);
  return removed;
}

export interface ReadLogOptions {
  /** Only lines after this sequence number (a follow's next read). */
  afterSeq?: number;
  tailLines?: number;
  sinceMs?: number;
}

/** An instance's lines in order, tail first and then since, as ReadLogs selects them (format.ts). */
export function readLogLines(sql: SqlStorage, key: LogKey, opts: ReadLogOptions = {}): LogLine[] {
  const after = opts.afterSeq ?? 0;
  const rows =
    opts.tailLines === undefined
      ? sql.exec<LineRow>(`SELECT seq, ts, stream, text FROM log_lines WHERE ${KEY_WHERE} AND seq > ? ORDER BY seq`, ...keyArgs(key), after).toArray()
      : sql
          .exec<LineRow>(`SELECT seq, ts, stream, text FROM log_lines WHERE ${KEY_WHERE} AND seq > ? ORDER BY seq DESC LIMIT ?`, ...keyArgs(key), after, opts.tailLines)
          .toArray()
          .reverse();
  return selectLogLines(rows.map(toLine), { sinceMs: opts.sinceMs });
}

/** The instances of a container that have a file, oldest first. */
export function logInstances(sql: SqlStorage, podUid: string, container: string): number[] {
  return sql
    .exec<{ instance: number }>(`SELECT instance FROM log_files WHERE pod_uid = ? AND container = ? ORDER BY instance`, podUid, container)
    .toArray()
    .map((r) => r.instance);
}

/** Forgets every log of a pod (the pod is gone from the node: upstream removes its log directory). */
export function deletePodLogs(sql: SqlStorage, podUid: string): void {
  sql.exec(`DELETE FROM log_lines WHERE pod_uid = ?`, podUid);
  sql.exec(`DELETE FROM log_files WHERE pod_uid = ?`, podUid);
}
