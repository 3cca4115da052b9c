/**
 * A per-isolate snapshot with a time to live, like an informer cache with a bounded lag: while fresh it is
 * answered from memory with no I/O; once stale the caller loads a new one. Loads are not shared across
 * requests (a promise made in one request's context must not be awaited by another's on Workers), so a burst
 * at expiry may load more than once; the newest load wins.
 */
export type SnapshotResult<T> = { ok: true; value: T } | { ok: false; message: string };

export class SnapshotCache<T> {
  private value: T | undefined;
  /** When the held value's load began. */
  private loadedAt = -Infinity;

  constructor(
    private readonly ttlMs: number,
    /** How long a value is still used when loading a new one fails. */
    private readonly staleOnErrorMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The held value when fresh, else undefined (the hot path: no I/O, no promise). */
  fresh(): T | undefined {
    return this.value !== undefined && this.now() - this.loadedAt < this.ttlMs ? this.value : undefined;
  }

  /**
   * The fresh value (unless `reload`), or a newly loaded one; a failed load falls back to a value at most
   * `staleOnErrorMs` old.
   */
  async get(load: () => Promise<T>, reload = false): Promise<SnapshotResult<T>> {
    const held = reload ? undefined : this.fresh();
    if (held !== undefined) return { ok: true, value: held };
    const started = this.now();
    try {
      const value = await load();
      if (started >= this.loadedAt) {
        this.value = value;
        this.loadedAt = started;
      }
      return { ok: true, value: this.value ?? value };
    } catch (e) {
      if (this.value !== undefined && this.now() - this.loadedAt < this.staleOnErrorMs) return { ok: true, value: this.value };
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Drops the held value (tests; a known change). */
  clear(): void {
    this.value = undefined;
    this.loadedAt = -Infinity;
  }
}
