/**
 * The SQLite rows each storage operation reads and writes, as Cloudflare bills them (`cursor.rowsRead` /
 * `cursor.rowsWritten`, the counters of the SQLite-backed Durable Object storage API). DEPLOY.md's cost note
 * multiplies these by the invocation counts of scripts/cost/count-invocations.mjs: a change here changes the
 * note. Counted on real objects by wrapping their `storage.sql.exec` for the length of one operation.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../worker/env";
import { encodeForStore } from "../../../worker/storage";

const e = env as unknown as Env;

interface Rows {
  read: number;
  written: number;
}

/** Wraps `sql.exec` so every cursor it returns is kept; `take` sums their row counters and starts over. */
function countRows(state: DurableObjectState) {
  const sql = state.storage.sql;
  const exec = sql.exec.bind(sql);
  let cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
  sql.exec = ((query: string, ...bindings: unknown[]) => {
    const cursor = exec(query, ...bindings);
    cursors.push(cursor);
    return cursor;
  }) as typeof sql.exec;
  return {
    take(): Rows {
      const rows = cursors.reduce((sum, c) => ({ read: sum.read + c.rowsRead, written: sum.written + c.rowsWritten }), { read: 0, written: 0 });
      cursors = [];
      return rows;
    },
    restore: () => {
      sql.exec = exec;
    },
  };
}

const lease = (resourceVersion?: string) => ({
  apiVersion: "coordination.k8s.io/v1",
  kind: "Lease",
  metadata: { name: "edge-node-0", namespace: "kube-node-lease", resourceVersion },
  spec: { holderIdentity: "edge-node-0", leaseDurationSeconds: 40, renewTime: "2026-11-30T00:00:00.000000Z" },
});
const KEY = "/coordination.k8s.io/leases/kube-node-lease/edge-node-0";

describe("rows per store operation (StoreDO)", () => {
  it("create, update (the Lease renewal), get, delete and compaction", async () => {
    const stub = e.STORE.get(e.STORE.idFromName(`rows-${crypto.randomUUID()}`));
    await stub.revision();
    const rows = await runInDurableObject(stub, async (store, state) => {
      const counter = countRows(state);
      try {
        const created = store.create(KEY, encodeForStore(lease()));
        const create = counter.take();
        if (!created.ok) throw new Error("create failed");
        let revision = created.revision;
        const updates = 100;
        for (let i = 0; i < updates; i++) {
          const res = store.update(KEY, encodeForStore(lease(String(revision))), revision);
          if (!res.ok) throw new Error("update failed");
          revision = res.revision;
        }
        const update = counter.take();
        store.get(KEY);
        const get = counter.take();
        // Time moves inside an object only across I/O: wait, so every superseded row is older than "now".
        await new Promise((resolve) => setTimeout(resolve, 20));
        store.compact({ minRevisions: 0, minAgeMs: 0 });
        const compact = counter.take();
        store.delete(KEY);
        const del = counter.take();
        return { create, perUpdate: { read: update.read / updates, written: update.written / updates }, get, perCompactedRow: compact.written / updates, del };
      } finally {
        counter.restore();
      }
    });
    // A write appends its log row (the row and its `kv_key_id` index entry) and moves the key's `current` row.
    expect(rows.create).toEqual({ read: 1, written: 3 });
    expect(rows.perUpdate).toEqual({ read: 1, written: 3 });
    // Hot keys are read from the in-memory cache, not SQLite.
    expect(rows.get).toEqual({ read: 0, written: 0 });
    // Each superseded revision is deleted once by compaction (cron or every 1,000 writes): one more row.
    expect(rows.perCompactedRow).toBeCloseTo(1, 1);
    expect(rows.del).toEqual({ read: 2, written: 3 });
  });
});

describe("rows per kubelet bookkeeping write (KubeletDO)", () => {
  it("a meta value (an upsert): two rows when new, one when changed (the heartbeat alarm changes three)", async () => {
    const stub = e.KUBELETS.get(e.KUBELETS.idFromName(`rows-${crypto.randomUUID()}`));
    const rows = await runInDurableObject(stub, (kubelet, state) => {
      const counter = countRows(state);
      try {
        const setMeta = (kubelet as unknown as { setMeta(name: string, value: unknown): void }).setMeta.bind(kubelet);
        // A kubelet's first write creates its tables (a poke never does): counted apart from the upserts.
        setMeta("silenced", false);
        counter.take();
        setMeta("heartbeats", 1);
        const insert = counter.take();
        setMeta("heartbeats", 2);
        return { insert, update: counter.take() };
      } finally {
        counter.restore();
      }
    });
    // A new name writes the row and its primary-key index entry; a changed value only the row.
    expect(rows.insert.written).toBe(2);
    expect(rows.update.written).toBe(1);
  });
});
