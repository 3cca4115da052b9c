/**
 * The Store Durable Object's RPC contract. Outcomes cross RPC as tagged values, never as thrown errors
 * (RPC keeps only an error's message). Object values travel as JSON text whose `metadata.resourceVersion`
 * already equals the row's revision, so lists can be spliced without parse/stringify.
 */

/**
 * An object as the API server hands it to the store: its JSON text, in which `metadata.resourceVersion` is the
 * string `placeholder` (a per-write token no client can know); the store writes the revision in its place, so
 * neither side parses or re-serializes the object on the write path.
 */
export interface EncodedObject {
  json: string;
  placeholder: string;
}

export type StoreFailure =
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "exists"; current: string }
  | { ok: false; reason: "conflict"; current: string; currentRevision: number }
  | { ok: false; reason: "compacted"; compactRevision: number; currentRevision: number }
  | { ok: false; reason: "too_large_revision"; currentRevision: number };

export type WriteResult = { ok: true; revision: number; value: string } | StoreFailure;

/** One write of a `writeMany` batch: what `create`, `update` and `delete` take, tagged. */
export type StoreWrite =
  | { op: "create"; key: string; obj: EncodedObject }
  | { op: "update"; key: string; obj: EncodedObject; expectedRevision: number }
  | { op: "delete"; key: string; expectedRevision?: number };

/** A batched write's outcome: its WriteResult, or the message of what it threw (as its own call would have). */
export type BatchedWriteResult = WriteResult | { ok: false; reason: "thrown"; message: string };

export type GetResult = { ok: true; revision: number; value: string } | StoreFailure;

export interface ListOptions {
  /** Read at this revision (0 = the latest). */
  revision?: number;
  /** Return items with keys strictly after this one (continue tokens). */
  startAfter?: string;
  /** Page size; 0 or unset = everything. */
  limit?: number;
  /**
   * Stop before the page's values would pass this many characters (at least one item is returned): an RPC
   * answer is capped at 32 MiB, so a caller reading a large collection gathers it in such pages.
   */
  maxBytes?: number;
  /** A serializable label/field filter applied to each row (see worker/selectors). */
  filter?: import("../../worker/selectors").ObjectFilter;
}

export type ListResult =
  | {
      ok: true;
      /** The revision the list is a consistent snapshot of. */
      revision: number;
      items: string[];
      /** Set when more matching items may follow: the key of the last returned item. */
      lastKey?: string;
      /** Items left after this page (only when no filter is applied, as upstream). */
      remaining?: number;
      /** The page ended at `maxBytes`, not at `limit` or the end of the collection. */
      cutBySize?: boolean;
    }
  | StoreFailure;

export interface WatchOptions {
  /** Send a `PROGRESS` line with the current revision at this interval (bookmarks, keep-alive). */
  progressMs?: number;
  /** Whether events carry `prev` (default true); a watch without a selector does not need it. */
  prev?: boolean;
}

/**
 * One line of a store watch stream (newline-delimited JSON):
 * `{"type":"ADDED"|"MODIFIED"|"DELETED","revision":N,"object":{…},"prev":{…}|null}` or
 * `{"type":"PROGRESS","revision":N}`. `prev` is the value the key had before this event (left out when the
 * watch asked for no `prev`).
 */
export interface StoreEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "PROGRESS";
  revision: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  object?: Record<string, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  prev?: Record<string, any> | null;
}

export type WatchResult = { ok: true; stream: ReadableStream<Uint8Array> } | StoreFailure;

export interface CompactionPolicy {
  /** Keep at least this many recent revisions. */
  minRevisions: number;
  /** Keep at least this much recent history. */
  minAgeMs: number;
}

export const DEFAULT_COMPACTION: CompactionPolicy = { minRevisions: 10_000, minAgeMs: 5 * 60_000 };
