/**
 * The Store as one pass sees it: concurrent writes and GETs of the pass's calls travel in one `writeMany` /
 * `getMany` call per shard, each caller answered with its own outcome; a write the store answered as thrown
 * throws for its caller only; large batches are cut under the RPC size cap; `storeFor` batches only inside a
 * pass's shared calls.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { BatchedWriteResult, GetResult, StoreWrite } from "../../../durable-objects/store/types";
import { BatchedStore, chunkWrites, shardCalls, type BatchingStub } from "../../../worker/batched-store";
import { newSharedCalls, withSharedCalls } from "../../../worker/shared-calls";
import { storeFor } from "../../../worker/storage";
import { registry } from "../../../schema/registry";
import type { Env } from "../../../worker/env";

/** A stub that records its calls and answers writes by their key: `fail/…` conflicts, `throw/…` throws. */
function recordingStub() {
  const calls: string[][] = [];
  let revision = 0;
  const answer = (w: StoreWrite): BatchedWriteResult => {
    if (w.key.startsWith("fail/")) return { ok: false, reason: "conflict", current: "{}", currentRevision: 1 };
    if (w.key.startsWith("throw/")) return { ok: false, reason: "thrown", message: "SQLITE_TOOBIG" };
    return { ok: true, revision: ++revision, value: w.key };
  };
  const stub = {
    async writeMany(writes: StoreWrite[]) {
      calls.push(writes.map((w) => `${w.op} ${w.key}`));
      return writes.map(answer);
    },
    async getMany(keys: string[]): Promise<GetResult[]> {
      calls.push(keys.map((k) => `get ${k}`));
      return keys.map((k) => ({ ok: true, revision: 7, value: k }));
    },
  } as unknown as BatchingStub;
  return { stub, calls };
}

const obj = { json: "{}", placeholder: "p" };

describe("BatchedStore", () => {
  it("sends the writes made while one is in flight together, answering each its own", async () => {
    const { stub, calls } = recordingStub();
    const store = new BatchedStore(stub, shardCalls(stub));
    const results = await Promise.all([
      store.create("a", obj),
      store.update("b", obj, 3),
      store.create("fail/c", obj),
      store.delete("d"),
      store.delete("e", 9),
    ]);
    expect(calls).toEqual([["create a"], ["update b", "create fail/c", "delete d", "delete e"]]);
    expect(results.map((r) => (r.ok ? r.value : r.reason))).toEqual(["a", "b", "conflict", "d", "e"]);
  });

  it("throws what the store threw for that write alone", async () => {
    const { stub } = recordingStub();
    const store = new BatchedStore(stub, shardCalls(stub));
    const [first, thrown, after] = await Promise.allSettled([store.create("a", obj), store.create("throw/b", obj), store.create("c", obj)]);
    expect(first.status).toBe("fulfilled");
    expect(thrown.status === "rejected" && String(thrown.reason)).toContain("SQLITE_TOOBIG");
    expect(after.status).toBe("fulfilled");
  });

  it("batches concurrent GETs apart from the writes", async () => {
    const { stub, calls } = recordingStub();
    const store = new BatchedStore(stub, shardCalls(stub));
    const got = await Promise.all(["x", "y", "z"].map((k) => store.get(k)));
    expect(got.map((g) => g.ok && g.value)).toEqual(["x", "y", "z"]);
    expect(calls).toEqual([["get x"], ["get y", "get z"]]);
  });
});

describe("chunkWrites", () => {
  const sized = (n: number): StoreWrite => ({ op: "create", key: `k${n}`, obj: { json: "x".repeat(n), placeholder: "p" } });

  it("keeps a batch whole under the cap and cuts it in order above it", () => {
    expect(chunkWrites([sized(3), sized(3)], 10).map((c) => c.length)).toEqual([2]);
    expect(chunkWrites([sized(4), sized(4), sized(4), { op: "delete", key: "d" }], 10).map((c) => c.map((w) => w.key))).toEqual([
      ["k4", "k4"],
      ["k4", "d"],
    ]);
  });

  it("sends a write larger than the cap on its own", () => {
    expect(chunkWrites([sized(2), sized(50), sized(2)], 10).map((c) => c.length)).toEqual([1, 1, 1]);
  });
});

describe("storeFor", () => {
  const entry = registry.lookup("", "v1", "configmaps")!;

  it("batches inside a pass's shared calls and goes straight to the shard outside one", async () => {
    const e = env as unknown as Env;
    expect(storeFor(e, entry)).not.toBeInstanceOf(BatchedStore);
    const inPass = await withSharedCalls(newSharedCalls(), async () => storeFor(e, entry));
    expect(inPass).toBeInstanceOf(BatchedStore);
  });

  it("writes through the real shard in a pass: every create lands with its own revision", async () => {
    const e = env as unknown as Env;
    const ns = `batched-${Date.now()}`;
    const results = await withSharedCalls(newSharedCalls(), () =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const store = storeFor(e, entry);
          const body = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}`, namespace: ns, resourceVersion: "PH" } };
          return store.create(`/core/configmaps/${ns}/c${i}`, { json: JSON.stringify(body), placeholder: "PH" });
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const revisions = results.map((r) => (r.ok ? r.revision : 0));
    expect(new Set(revisions).size).toBe(20);
    const listed = await storeFor(e, entry).list(`/core/configmaps/${ns}/`);
    expect(listed.ok && listed.items.length).toBe(20);
  });
});
