/**
 * StoreDO: one shard of the cluster's etcd. A thin shell over the revision log and the watch hub; every
 * outcome is returned as a tagged value (see ./types.ts and ./README.md).
 */
import { DurableObject } from "cloudflare:workers";
import { RevisionLog, type LoggedWrite } from "./revision-log";
import type { Env } from "../../worker/env";
import { WatchHub, type PublishedChange } from "./watch-hub";
import {
  DEFAULT_COMPACTION,
  type CompactionPolicy,
  type EncodedObject,
  type GetResult,
  type BatchedWriteResult,
  type ListOptions,
  type ListResult,
  type StoreWrite,
  type WatchOptions,
  type WatchResult,
  type WriteResult,
} from "./types";

/** Compaction runs after this many writes (it is cheap when there is nothing to delete). */
const COMPACT_EVERY = 1_000;

export class StoreDO extends DurableObject<Env> {
  private readonly log: RevisionLog;
  private readonly hub = new WatchHub();
  private writesSinceCompaction = 0;
  /** Prefixes whose newest revision callers cache against (RBAC objects, signing keys): prefix → revision. */
  private readonly tracked = new Map<string, number>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.log = new RevisionLog(ctx.storage.sql);
  }

  get(key: string): GetResult {
    return this.log.get(key);
  }

  /** Many reads in one call (the concurrent reads of one pass): each answered as `get`, at the same revision. */
  getMany(keys: string[]): GetResult[] {
    return keys.map((key) => this.log.get(key));
  }

  create(key: string, obj: EncodedObject): WriteResult {
    return this.published(key, this.log.create(key, obj), "ADDED");
  }

  /**
   * Writes of concurrent callers (worker/batched-store.ts), or the bootstrap's creates, in one call and one
   * storage transaction (group commit, as etcd batches its fsyncs): each is applied in order exactly as its own call would be — its own compare-and-swap, revision and
   * watch event — and answered on its own; one that throws does not stop the others.
   */
  writeMany(writes: StoreWrite[]): BatchedWriteResult[] {
    return writes.map((w) => {
      try {
        if (w.op === "create") return this.create(w.key, w.obj);
        if (w.op === "update") return this.update(w.key, w.obj, w.expectedRevision);
        return this.delete(w.key, w.expectedRevision);
      } catch (e) {
        return { ok: false, reason: "thrown", message: e instanceof Error ? e.message : String(e) };
      }
    });
  }

  update(key: string, obj: EncodedObject, expectedRevision: number): WriteResult {
    return this.published(key, this.log.update(key, obj, expectedRevision), "MODIFIED");
  }

  delete(key: string, expectedRevision?: number): WriteResult {
    return this.published(key, this.log.delete(key, expectedRevision), "DELETED");
  }

  list(prefix: string, opts?: ListOptions): ListResult {
    return this.log.list(prefix, opts);
  }

  /**
   * The objects under `prefix` unless nothing there changed since `token` (from an earlier answer): lets a
   * caller keep a cache that follows every change on the next request, at the cost of one call.
   * The token includes the compaction revision: compaction may forget the tombstone that was the newest write.
   */
  listIfChanged(prefix: string, token?: string): { token: string; items?: string[] } {
    let rev = this.tracked.get(prefix);
    if (rev === undefined) {
      rev = this.log.prefixRevision(prefix);
      this.tracked.set(prefix, rev);
    }
    const current = `${rev}.${this.log.compactRevision}`;
    if (current === token) return { token: current };
    const list = this.log.list(prefix);
    return list.ok ? { token: current, items: list.items } : { token: "" };
  }

  /** The newest revision of this shard (an empty LIST's resourceVersion). */
  revision(): number {
    return this.log.revision;
  }

  /**
   * Streams every change under `prefix` after revision `after` (replayed from the log, then live) as
   * newline-delimited store events. A start point older than the compacted history is refused.
   */
  watch(prefix: string, after: number, opts: WatchOptions = {}): WatchResult {
    if (after < this.log.compactRevision) return this.log.compacted();
    if (after > this.log.revision) return { ok: false, reason: "too_large_revision", currentRevision: this.log.revision };
    const replay = (function* (log: RevisionLog): Iterable<PublishedChange> {
      for (const r of log.eventsAfter(prefix, after)) {
        yield { type: r.deleted ? "DELETED" : r.prev_revision ? "MODIFIED" : "ADDED", revision: r.id, value: r.value, prev: r.prev_value };
      }
    })(this.log);
    return { ok: true, stream: this.hub.open(prefix, replay, opts.progressMs, () => this.log.revision, opts.prev ?? true) };
  }

  compact(policy: CompactionPolicy = DEFAULT_COMPACTION): { compactRevision: number; revision: number } {
    return { compactRevision: this.log.compact(policy), revision: this.log.revision };
  }

  private published(key: string, { result, prev }: LoggedWrite, type: string): WriteResult {
    if (!result.ok) return result;
    for (const prefix of this.tracked.keys()) if (key.startsWith(prefix)) this.tracked.set(prefix, result.revision);
    this.hub.publish(key, { type, revision: result.revision, value: result.value, prev });
    if (++this.writesSinceCompaction >= COMPACT_EVERY) {
      this.writesSinceCompaction = 0;
      this.log.compact(DEFAULT_COMPACTION);
    }
    return result;
  }
}
