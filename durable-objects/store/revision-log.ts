/**
 * The revision log: kine's design on a Durable Object's SQLite. Every write appends one row whose id is the
 * new revision; a key's current value is its newest non-deleted row; deletes append a tombstone.
 * All functions are synchronous over `SqlStorage`, so a caller in one DO event sees a consistent state
 * (nothing interleaves between a read and the write that depends on it).
 */
import type { CompactionPolicy, EncodedObject, GetResult, ListOptions, ListResult, StoreFailure, WriteResult } from "./types";
import { matchesFilter } from "../../worker/selectors";
import { CurrentCache, type CurrentRow } from "./current-cache";

type Row = { id: number; key: string; deleted: number; prev_revision: number; value: string };

/** A write's outcome and the value the key had before it (for the watch event's `prev`). */
export interface LoggedWrite {
  result: WriteResult;
  prev: string | null;
}

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT NOT NULL,
  ts INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS kv_key_id ON kv (key, id);
CREATE TABLE IF NOT EXISTS current (key TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

/** Rows fetched per batch while scanning a list (filters may discard many). */
const SCAN_BATCH = 500;

export class RevisionLog {
  /** The newest revision handed out (never reused, even after compaction). */
  revision = 0;
  compactRevision = 0;
  private readonly cache = new CurrentCache();

  constructor(
    private readonly sql: SqlStorage,
    private readonly now: () => number = Date.now,
  ) {
    sql.exec(SCHEMA);
    this.compactRevision = this.metaValue("compact_revision");
    const max = sql.exec<{ m: number | null }>("SELECT MAX(id) AS m FROM kv").one().m ?? 0;
    this.revision = Math.max(max, this.compactRevision);
  }

  get(key: string): GetResult {
    const row = this.current(key);
    return row ? { ok: true, revision: row.id, value: row.value } : { ok: false, reason: "not_found" };
  }

  /** Each write also returns the key's previous value (`null` on create), for the watch event. */
  create(key: string, obj: EncodedObject): LoggedWrite {
    const cached = this.cache.get(key);
    if (cached) return { result: { ok: false, reason: "exists", current: cached.value }, prev: null };
    const id = this.revision + 1;
    const value = withRevision(obj, id);
    // Claim the key in `current` first: one statement both checks that it is free and records it.
    const claimed = this.sql.exec("INSERT INTO current (key, id) VALUES (?, ?) ON CONFLICT(key) DO NOTHING", key, id).rowsWritten;
    if (!claimed) return { result: { ok: false, reason: "exists", current: this.current(key)!.value }, prev: null };
    this.insertRow(id, key, { created: 1, deleted: 0, createRevision: id, prev: 0 }, value);
    this.cache.set(key, { id, createRevision: id, value });
    this.revision = id;
    return { result: { ok: true, revision: id, value }, prev: null };
  }

  /** Compare-and-swap: succeeds only if the key's current revision is `expected`. */
  update(key: string, obj: EncodedObject, expected: number): LoggedWrite {
    const row = this.current(key);
    if (!row) return { result: { ok: false, reason: "not_found" }, prev: null };
    if (row.id !== expected) return { result: this.conflict(row), prev: null };
    const write = { created: 0, deleted: 0, createRevision: row.createRevision, prev: row.id };
    return { result: this.append(key, obj, write), prev: row.value };
  }

  /** Appends a tombstone carrying the last value; `expected` (if given) must be the current revision. */
  delete(key: string, expected?: number): LoggedWrite {
    const row = this.current(key);
    if (!row) return { result: { ok: false, reason: "not_found" }, prev: null };
    if (expected !== undefined && row.id !== expected) return { result: this.conflict(row), prev: null };
    const createRevision = row.createRevision;
    const last = JSON.parse(row.value);
    const placeholder = `tombstone-${row.id}`;
    last.metadata.resourceVersion = placeholder;
    const tombstone = { json: JSON.stringify(last), placeholder };
    return { result: this.append(key, tombstone, { created: 0, deleted: 1, createRevision, prev: row.id }), prev: row.value };
  }

  /**
   * A consistent snapshot of the keys under `prefix` at one revision, in key order, paged by `limit` and
   * `startAfter`, filtered by `filter`.
   */
  list(prefix: string, opts: ListOptions = {}): ListResult {
    const at = opts.revision || this.revision;
    if (at > this.revision) return { ok: false, reason: "too_large_revision", currentRevision: this.revision };
    if (at < this.compactRevision) return this.compacted();
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const maxBytes = opts.maxBytes && opts.maxBytes > 0 ? opts.maxBytes : Infinity;
    const end = prefixEnd(prefix);
    const items: string[] = [];
    let bytes = 0;
    let cutBySize = false;
    let cursor = opts.startAfter && opts.startAfter >= prefix ? opts.startAfter : "";
    let lastKey: string | undefined;
    let more = false;
    const filter = opts.filter && (opts.filter.labels?.length || opts.filter.fields?.length) ? opts.filter : undefined;
    scan: for (;;) {
      const rows = this.snapshotBatch(prefix, end, cursor, at);
      for (const row of rows) {
        cursor = row.key;
        if (row.deleted) continue;
        if (filter && !matchesFilter(filter, JSON.parse(row.value))) continue;
        if (items.length === limit) {
          more = true;
          break scan;
        }
        if (items.length > 0 && bytes + row.value.length > maxBytes) {
          more = cutBySize = true;
          break scan;
        }
        items.push(row.value);
        bytes += row.value.length;
        lastKey = row.key;
      }
      if (rows.length < SCAN_BATCH) break;
    }
    const result: ListResult = { ok: true, revision: at, items };
    if (more) {
      result.lastKey = lastKey;
      if (cutBySize) result.cutBySize = true;
      if (!filter) result.remaining = this.countAfter(prefix, end, lastKey!, at);
    }
    return result;
  }

  /** Events after `after` under `prefix`, oldest first, with each event's previous value. */
  *eventsAfter(prefix: string, after: number): Generator<Row & { prev_value: string | null }> {
    const end = prefixEnd(prefix);
    let cursor = after;
    for (;;) {
      const rows = this.sql
        .exec<Row & { prev_value: string | null }>(
          `SELECT k.id, k.key, k.deleted, k.prev_revision, k.value, p.value AS prev_value
           FROM kv k LEFT JOIN kv p ON p.id = k.prev_revision
           WHERE k.id > ? AND k.key >= ? AND k.key < ? ORDER BY k.id LIMIT ?`,
          cursor,
          prefix,
          end,
          SCAN_BATCH,
        )
        .toArray();
      for (const r of rows) yield r;
      if (rows.length < SCAN_BATCH) return;
      cursor = rows[rows.length - 1].id;
    }
  }

  /**
   * Deletes history no watcher or list may still ask for: superseded rows and tombstones at or below the new
   * compact revision, which keeps at least `minRevisions` revisions and `minAgeMs` of history.
   */
  /** The newest revision that wrote (or deleted) a key under `prefix`, from the log; 0 when none is left. */
  prefixRevision(prefix: string): number {
    const row = this.sql
      .exec<{ m: number | null }>("SELECT MAX(id) AS m FROM kv WHERE key >= ? AND key < ?", prefix, prefix + "\uffff")
      .one();
    return row.m ?? 0;
  }

  compact(policy: CompactionPolicy): number {
    const byCount = this.revision - policy.minRevisions;
    const cutoff = this.now() - policy.minAgeMs;
    const byAge =
      this.sql.exec<{ m: number | null }>("SELECT MAX(id) AS m FROM kv WHERE ts < ?", cutoff).one().m ?? 0;
    const target = Math.min(byCount, byAge);
    if (target <= this.compactRevision) return this.compactRevision;
    this.sql.exec(
      `DELETE FROM kv WHERE id <= ?1 AND (deleted = 1 OR id IN (SELECT prev_revision FROM kv WHERE id <= ?1))`,
      target,
    );
    this.compactRevision = target;
    this.setMeta("compact_revision", target);
    return target;
  }

  compacted(): StoreFailure {
    return { ok: false, reason: "compacted", compactRevision: this.compactRevision, currentRevision: this.revision };
  }

  private append(
    key: string,
    obj: EncodedObject,
    row: { created: number; deleted: number; createRevision: number; prev: number },
  ): WriteResult {
    const id = this.revision + 1;
    const value = withRevision(obj, id);
    this.insertRow(id, key, row, value);
    if (row.deleted) {
      this.sql.exec("DELETE FROM current WHERE key = ?", key);
      this.cache.delete(key);
    } else {
      this.sql.exec("INSERT OR REPLACE INTO current (key, id) VALUES (?, ?)", key, id);
      this.cache.set(key, { id, createRevision: row.createRevision || id, value });
    }
    this.revision = id;
    return { ok: true, revision: id, value };
  }

  private insertRow(
    id: number,
    key: string,
    row: { created: number; deleted: number; createRevision: number; prev: number },
    value: string,
  ): void {
    this.sql.exec(
      "INSERT INTO kv (id, key, created, deleted, create_revision, prev_revision, value, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      id,
      key,
      row.created,
      row.deleted,
      row.createRevision || id,
      row.prev,
      value,
      this.now(),
    );
  }

  private conflict(row: CurrentRow): StoreFailure {
    return { ok: false, reason: "conflict", current: row.value, currentRevision: row.id };
  }

  /** The key's newest live row: from memory when recently used, else from SQLite (then remembered). */
  private current(key: string): CurrentRow | undefined {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const row = this.sql
      .exec<{ id: number; create_revision: number; value: string }>(
        "SELECT kv.id, kv.create_revision, kv.value FROM current JOIN kv ON kv.id = current.id WHERE current.key = ?",
        key,
      )
      .toArray()[0];
    if (!row) return undefined;
    const found = { id: row.id, createRevision: row.create_revision, value: row.value };
    this.cache.set(key, found);
    return found;
  }

  /** The newest row at or below `at` of each key after `cursor`, in key order. */
  private snapshotBatch(prefix: string, end: string, cursor: string, at: number): Row[] {
    const from = cursor || prefix;
    const op = cursor ? ">" : ">=";
    if (at === this.revision) {
      return this.sql
        .exec<Row>(
          `SELECT kv.id, kv.key, kv.deleted, kv.prev_revision, kv.value FROM current JOIN kv ON kv.id = current.id
           WHERE current.key ${op} ? AND current.key < ? ORDER BY current.key LIMIT ?`,
          from,
          end,
          SCAN_BATCH,
        )
        .toArray();
    }
    return this.sql
      .exec<Row>(
        `SELECT kv.id, kv.key, kv.deleted, kv.prev_revision, kv.value FROM kv JOIN (
           SELECT key, MAX(id) AS mid FROM kv WHERE key ${op} ? AND key < ? AND id <= ? GROUP BY key ORDER BY key LIMIT ?
         ) m ON kv.id = m.mid ORDER BY kv.key`,
        from,
        end,
        at,
        SCAN_BATCH,
      )
      .toArray();
  }

  private countAfter(prefix: string, end: string, after: string, at: number): number {
    if (at === this.revision) {
      return this.sql
        .exec<{ n: number }>("SELECT COUNT(*) AS n FROM current WHERE key > ? AND key < ?", after, end)
        .one().n;
    }
    return this.sql
      .exec<{ n: number }>(
        `SELECT COUNT(*) AS n FROM kv JOIN (SELECT key, MAX(id) AS mid FROM kv WHERE key > ? AND key < ? AND id <= ? GROUP BY key) m
         ON kv.id = m.mid WHERE kv.deleted = 0`,
        after,
        end,
        at,
      )
      .one().n;
  }

  private metaValue(name: string): number {
    return this.sql.exec<{ value: number }>("SELECT value FROM meta WHERE name = ?", name).toArray()[0]?.value ?? 0;
  }

  private setMeta(name: string, value: number): void {
    this.sql.exec("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", name, value);
  }
}

/** The stored text: the encoded JSON with its resourceVersion placeholder replaced by the revision. */
function withRevision(obj: EncodedObject, id: number): string {
  const quoted = `"${obj.placeholder}"`;
  const at = obj.json.indexOf(quoted);
  if (at < 0) throw new Error("store: encoded object has no resourceVersion placeholder");
  return obj.json.slice(0, at) + `"${id}"` + obj.json.slice(at + quoted.length);
}

/** The smallest string greater than every string starting with `prefix`. */
export function prefixEnd(prefix: string): string {
  return prefix + "\uffff";
}
