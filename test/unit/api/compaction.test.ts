/** Compacted history through the API: 410 Expired for watches, Exact lists and continue tokens; cron upkeep. */
import { createExecutionContext, createScheduledController, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../../worker/index";
import type { Env } from "../../../worker/env";
import { shardStub } from "../../../worker/storage";
import { freshNamespace, get, post, put, watchEvents } from "./client";

const lease = (name: string) => ({
  apiVersion: "coordination.k8s.io/v1",
  kind: "Lease",
  metadata: { name },
  spec: { holderIdentity: "a", leaseDurationSeconds: 10 },
});

describe("compaction through the API", () => {
  it("answers 410 Expired for positions older than the compacted history", async () => {
    const ns = await freshNamespace();
    const base = `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`;
    for (const n of ["a", "b", "c"]) expect((await post(base, lease(n))).status).toBe(201);
    const page = await get(`${base}?limit=1`);
    const oldRv = page.body.metadata.resourceVersion;
    for (let i = 0; i < 3; i++) {
      const cur = (await get(`${base}/a`)).body;
      expect((await put(`${base}/a`, { ...cur, spec: { ...cur.spec, holderIdentity: `h${i}` } })).status).toBe(200);
    }
    // Compact the leases shard down to its head (no other test uses leases).
    await shardStub(env as unknown as Env, "leases").compact({ minRevisions: 0, minAgeMs: -60_000 });

    const events = await watchEvents(`${base}?watch=true&resourceVersion=${oldRv}`, 1);
    expect(events[0].type).toBe("ERROR");
    expect(events[0].object).toMatchObject({ kind: "Status", code: 410, reason: "Expired" });
    expect(events[0].object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);

    const exact = await get(`${base}?resourceVersion=${oldRv}&resourceVersionMatch=Exact`);
    expect(exact.status).toBe(410);
    const cont = await get(`${base}?limit=1&continue=${page.body.metadata.continue}`);
    expect(cont.status).toBe(410);
    expect(cont.body.reason).toBe("Expired");
    expect(cont.body.message).toContain("The provided continue parameter is too old");
    // The current state is intact.
    expect((await get(base)).body.items).toHaveLength(3);
  });

  it("the cron handler runs compaction on every shard and leaves current state alone", async () => {
    const ns = await freshNamespace();
    await post(`/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kept" } });
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ cron: "* * * * *", scheduledTime: Date.now() }), env as unknown as Env, ctx);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/kept`)).status).toBe(200);
  });
});
