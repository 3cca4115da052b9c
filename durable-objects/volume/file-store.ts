/**
 * The file store of one volume in its Durable Object's SQLite (README.md beside this file): `files` (path → size,
 * mtime), `chunks` (path, seq → bytes, file-chunks.ts) and `meta` (usage counters, the limit). Directories are
 * implied by the paths under them. Every call is synchronous, so each one is atomic; outcomes are values
 * (worker/kubelet/volumes/volume-tree.ts VolumeResult).
 */
import { checkCapacity, volumeLimit, type VolumeUsage } from "../../worker/kubelet/volumes/capacity";
import { appendChunks, chunkBuffer, fileBytes, joinChunks, splitChunks } from "../../worker/kubelet/volumes/file-chunks";
import {
  childrenOf,
  descendantRange,
  dirStat,
  parentDirs,
  refusal,
  volumeFail,
  volumePath,
  type PathKind,
  type VolumeEntry,
  type VolumeFile,
  type VolumeResult,
  type VolumeStat,
} from "../../worker/kubelet/volumes/volume-tree";

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS chunks (path TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (path, seq))`,
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)`,
];

type FileRow = { path: string; size: number; mtime: number };

export class FileStore {
  #ready = false;

  constructor(private readonly storage: DurableObjectStorage) {}

  get #sql(): SqlStorage {
    if (!this.#ready) {
      for (const statement of SCHEMA) this.storage.sql.exec(statement);
      this.#ready = true;
    }
    return this.storage.sql;
  }

  read(path: unknown): VolumeResult<Uint8Array> {
    const p = volumePath(path);
    if (!p.ok) return p;
    const refused = refusal<Uint8Array>("read", this.#kind(p.value), p.value);
    if (refused) return refused;
    const rows = this.#sql.exec<{ data: ArrayBuffer }>(`SELECT data FROM chunks WHERE path = ? ORDER BY seq`, p.value).toArray();
    return { ok: true, value: joinChunks(rows.map((r) => new Uint8Array(r.data))) };
  }

  /** Creates or replaces (`append`: extends) the file, creating the directories above it. */
  write(path: unknown, data: unknown, now: number, mode: "replace" | "append"): VolumeResult<VolumeStat> {
    const p = volumePath(path);
    if (!p.ok) return p;
    const bytes = fileBytes(data);
    if (bytes === null) return volumeFail("EINVAL", `file data must be a string or bytes, not ${typeof data}`);
    const kind = this.#kind(p.value);
    const refused = refusal<VolumeStat>(mode === "append" ? "append" : "write", kind, p.value);
    if (refused) return refused;
    const oldSize = kind === "file" ? this.#file(p.value)!.size : 0;
    const size = mode === "append" ? oldSize + bytes.length : bytes.length;
    const usage = this.usage();
    const fits = checkCapacity(usage, oldSize, size);
    if (!fits.ok) return fits;
    this.storage.transactionSync(() => {
      const sql = this.#sql;
      let seq = 0;
      let chunks: Uint8Array[];
      if (mode === "append") {
        const [last] = sql.exec<{ seq: number; data: ArrayBuffer }>(`SELECT seq, data FROM chunks WHERE path = ? ORDER BY seq DESC LIMIT 1`, p.value).toArray();
        seq = last?.seq ?? 0;
        chunks = appendChunks(last ? new Uint8Array(last.data) : null, bytes);
      } else {
        sql.exec(`DELETE FROM chunks WHERE path = ?`, p.value);
        chunks = splitChunks(bytes);
      }
      for (const chunk of chunks) sql.exec(`INSERT OR REPLACE INTO chunks (path, seq, data) VALUES (?, ?, ?)`, p.value, seq++, chunkBuffer(chunk));
      sql.exec(`INSERT OR REPLACE INTO files (path, size, mtime) VALUES (?, ?, ?)`, p.value, size, now);
      this.#setMeta("bytes", fits.value);
      this.#setMeta("files", usage.files + (kind === "file" ? 0 : 1));
    });
    return { ok: true, value: { dir: false, size, mtime: now } };
  }

  list(dir: unknown): VolumeResult<VolumeEntry[]> {
    const p = volumePath(dir);
    if (!p.ok) return p;
    const refused = refusal<VolumeEntry[]>("list", this.#kind(p.value), p.value);
    return refused ?? { ok: true, value: childrenOf(p.value, this.#under(p.value)) };
  }

  stat(path: unknown): VolumeResult<VolumeStat> {
    const p = volumePath(path);
    if (!p.ok) return p;
    const kind = this.#kind(p.value);
    const refused = refusal<VolumeStat>("stat", kind, p.value);
    if (refused) return refused;
    const file = kind === "file" ? this.#file(p.value) : null;
    return { ok: true, value: file ? { dir: false, size: file.size, mtime: file.mtime } : dirStat(this.#under(p.value)) };
  }

  delete(path: unknown): VolumeResult<null> {
    const p = volumePath(path);
    if (!p.ok) return p;
    const refused = refusal<null>("delete", this.#kind(p.value), p.value);
    if (refused) return refused;
    const size = this.#file(p.value)!.size;
    const usage = this.usage();
    this.storage.transactionSync(() => {
      this.#sql.exec(`DELETE FROM chunks WHERE path = ?`, p.value);
      this.#sql.exec(`DELETE FROM files WHERE path = ?`, p.value);
      this.#setMeta("bytes", usage.bytes - size);
      this.#setMeta("files", usage.files - 1);
    });
    return { ok: true, value: null };
  }

  usage(): VolumeUsage {
    const meta = new Map(this.#sql.exec<{ key: string; value: number }>(`SELECT key, value FROM meta`).toArray().map((r) => [r.key, r.value]));
    return { bytes: meta.get("bytes") ?? 0, files: meta.get("files") ?? 0, limit: meta.get("limit") ?? null };
  }

  setLimit(bytes: unknown): VolumeResult<VolumeUsage> {
    const limit = volumeLimit(bytes);
    if (!limit.ok) return limit;
    if (limit.value === null) this.#sql.exec(`DELETE FROM meta WHERE key = 'limit'`);
    else this.#setMeta("limit", limit.value);
    return { ok: true, value: this.usage() };
  }

  /** Drops every file and setting (the volume is deleted); the store starts empty on its next call. */
  async destroy(): Promise<void> {
    await this.storage.deleteAll();
    this.#ready = false;
  }

  #setMeta(key: string, value: number): void {
    this.#sql.exec(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`, key, value);
  }

  #file(path: string): FileRow | null {
    return this.#sql.exec<FileRow>(`SELECT path, size, mtime FROM files WHERE path = ?`, path).toArray()[0] ?? null;
  }

  #under(dir: string): VolumeFile[] {
    const { lower, upper } = descendantRange(dir);
    const sql = this.#sql;
    return upper === null
      ? sql.exec<FileRow>(`SELECT path, size, mtime FROM files`).toArray()
      : sql.exec<FileRow>(`SELECT path, size, mtime FROM files WHERE path >= ? AND path < ?`, lower, upper).toArray();
  }

  #kind(path: string): PathKind {
    if (path === "") return "dir";
    if (this.#file(path)) return "file";
    const { lower, upper } = descendantRange(path);
    if (this.#sql.exec(`SELECT 1 FROM files WHERE path >= ? AND path < ? LIMIT 1`, lower, upper!).toArray().length > 0) return "dir";
    const parents = parentDirs(path);
    if (parents.length === 0) return "missing";
    const hit = this.#sql.exec(`SELECT 1 FROM files WHERE path IN (SELECT value FROM json_each(?)) LIMIT 1`, JSON.stringify(parents)).toArray();
    return hit.length > 0 ? "under-file" : "missing";
  }
}
