/**
 * A node registered by another agent (KWOK, a test) has no kubelet here, yet every pod bound to it pokes its
 * kubelet object: the poke must answer "no kubelet" without giving that object a schema on disk, and the
 * object must still start as a kubelet later.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../../worker/env";
import type { KubeletDO } from "../../../../durable-objects/kubelet/kubelet-do";

const E = env as unknown as Env;
const tables = (state: DurableObjectState) =>
  state.storage.sql.exec<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'`).toArray().map((r) => r.name);

describe("a kubelet object no node pool started", () => {
  it("answers a poke with false, creates no tables and reports itself not started", async () => {
    const stub = E.KUBELETS.get(E.KUBELETS.idFromName(`kwok-node-${crypto.randomUUID()}`)) as unknown as DurableObjectStub<KubeletDO>;
    expect(await stub.poke(["default/p"])).toBe(false);
    expect(await stub.poke(["default/q"])).toBe(false);
    const stats = await stub.stats();
    expect(stats).toMatchObject({ started: false, pods: 0, due: 0, nextAlarm: null, alarmsFired: 0 });
    expect(await runInDurableObject(stub, async (_i, state) => ({ tables: tables(state), alarm: await state.storage.getAlarm() }))).toEqual({ tables: [], alarm: null });
  });

  it("gets its tables with its first write (silenced before any start)", async () => {
    const stub = E.KUBELETS.get(E.KUBELETS.idFromName(`kwok-node-${crypto.randomUUID()}`)) as unknown as DurableObjectStub<KubeletDO>;
    await stub.setSilenced(true);
    expect(await stub.stats()).toMatchObject({ started: false, silenced: true });
    expect(await runInDurableObject(stub, async (_i, state) => tables(state))).toEqual(expect.arrayContaining(["meta", "pods"]));
    expect(await stub.poke(["default/p"])).toBe(false);
  });
});
