/**
 * The newest live row of recently used keys, in the Store Durable Object's memory. The object is the only
 * writer of its SQLite database and is single-threaded, so this cache is exact (it is updated by the same
 * synchronous step that writes the row) — not a cache in front of the store. Bounded by value bytes; the
 * oldest entries go first.
 */
export interface CurrentRow {
  id: number;
  createRevision: number;
  value: string;
}

export class CurrentCache {
  private readonly rows = new Map<string, CurrentRow>();
  private bytes = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  get(key: string): CurrentRow | undefined {
    return this.rows.get(key);
  }

  set(key: string, row: CurrentRow): void {
    this.delete(key);
    this.rows.set(key, row);
    this.bytes += row.value.length;
    for (const [k] of this.rows) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(k);
    }
  }

  delete(key: string): void {
    const old = this.rows.get(key);
    if (!old) return;
    this.rows.delete(key);
    this.bytes -= old.value.length;
  }
}
