/**
 * A Store shard as the calls of one control-loop pass (or one kubelet sync) see it: their concurrent writes to
 * the shard travel together in one `writeMany` call, group-committed (./group-commit), instead of a round trip
 * and a storage commit each; their concurrent GETs in one `getMany` call. Each write keeps its own outcome,
 * revision and watch event, and is answered only once it is durable; each batch starts after its callers
 * called, so a read still sees every write acknowledged before it. Nothing a caller can observe changes but
 * the cost. Lists and watches pass through.
 *
 * Only calls that share one I/O context may share a batch (a pass runs in one Durable Object event): callers
 * of different client requests each use the shard directly.
 */
import type { BatchedWriteResult, EncodedObject, GetResult, StoreWrite, WriteResult } from "../durable-objects/store/types";
import type { ResourceStore } from "./converting-store";
import { groupCommitEach } from "./group-commit";

/** The stub's batch entry point (StoreDO.writeMany). */
export interface BatchingStub extends ResourceStore {
  writeMany(writes: StoreWrite[]): Promise<BatchedWriteResult[]>;
  getMany(keys: string[]): Promise<GetResult[]>;
}

/** One shard's batched calls: its writes and its GETs. */
export interface ShardCalls {
  write(write: StoreWrite): Promise<WriteResult>;
  get(key: string): Promise<GetResult>;
}

/** An RPC answer is capped at 32 MiB: a batch is sent in calls of at most this many characters of objects. */
export const MAX_BATCH_CHARS = 8 * 1024 * 1024;

/** The batch cut into consecutive calls of at most `maxChars` characters of objects (one write per call at least). */
export function chunkWrites(writes: StoreWrite[], maxChars = MAX_BATCH_CHARS): StoreWrite[][] {
  const out: StoreWrite[][] = [];
  let chunk: StoreWrite[] = [];
  let chars = 0;
  for (const w of writes) {
    const size = "obj" in w ? w.obj.json.length : 0;
    if (chunk.length && chars + size > maxChars) {
      out.push(chunk);
      chunk = [];
      chars = 0;
    }
    chunk.push(w);
    chars += size;
  }
  if (chunk.length) out.push(chunk);
  return out;
}

/** One shard's batchers: the calls waiting while a batch of their kind is in flight go out together next. */
export function shardCalls(stub: BatchingStub): ShardCalls {
  const writes = groupCommitEach<StoreWrite, BatchedWriteResult>(async (batch) => {
    const results: BatchedWriteResult[] = [];
    for (const chunk of chunkWrites(batch)) results.push(...(await stub.writeMany(chunk)));
    return results;
  });
  return {
    async write(write) {
      const result = await writes(write);
      // What the write threw in the store, thrown here as its own call would have.
      if (!result.ok && result.reason === "thrown") throw new Error(result.message);
      return result;
    },
    get: groupCommitEach<string, GetResult>((keys) => stub.getMany(keys)),
  };
}

export class BatchedStore implements ResourceStore {
  constructor(
    private readonly stub: ResourceStore,
    private readonly calls: ShardCalls,
  ) {}

  get(key: string) {
    return this.calls.get(key);
  }

  create(key: string, obj: EncodedObject) {
    return this.calls.write({ op: "create", key, obj });
  }

  update(key: string, obj: EncodedObject, expectedRevision: number) {
    return this.calls.write({ op: "update", key, obj, expectedRevision });
  }

  delete(key: string, expectedRevision?: number) {
    return this.calls.write(expectedRevision === undefined ? { op: "delete", key } : { op: "delete", key, expectedRevision });
  }

  list(...args: Parameters<ResourceStore["list"]>) {
    return this.stub.list(...args);
  }

  watch(...args: Parameters<ResourceStore["watch"]>) {
    return this.stub.watch(...args);
  }

  revision() {
    return this.stub.revision();
  }
}
