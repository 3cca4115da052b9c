/**
 * Event TTL through the real Worker: the sweep (run with an injected clock, an hour on) deletes expired
 * Events with the event-ttl-controller's own identity and keeps the others; at the real time it is converged.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registry } from "../../../../schema/registry";
import type { Env } from "../../../../worker/env";
import { ControllerApi } from "../../../../worker/controllers/framework/api";
import { EVENT_TTL_KEY, eventTtlLoop } from "../../../../worker/controllers/event-ttl";
import { EVENT_TTL_MS, lastSeen } from "../../../../worker/controllers/event-ttl/expiry";
import { freshNamespace, get, post } from "../../api/client";
import type { Obj } from "../kwok";

const ENV = env as unknown as Env;
const apiAt = (now: number) => new ControllerApi(ENV, registry, eventTtlLoop.user, eventTtlLoop.component, () => new Date(now));

async function event(ns: string, name: string, lastTimestamp?: string): Promise<Obj> {
  const res = await post(`/api/v1/namespaces/${ns}/events`, {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name },
    involvedObject: { kind: "ConfigMap", namespace: ns, name: "cm", apiVersion: "v1" },
    reason: "Testing",
    message: "event ttl",
    type: "Normal",
    source: { component: "test" },
    ...(lastTimestamp ? { firstTimestamp: lastTimestamp, lastTimestamp } : {}),
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const status = async (ns: string, name: string) => (await get(`/api/v1/namespaces/${ns}/events/${name}`)).status;

describe("event TTL", () => {
  it("converged: a sweep at the real time deletes nothing and sets no alarm for fresh events", async () => {
    const ns = await freshNamespace("ttl");
    await event(ns, "fresh");
    const result = await eventTtlLoop.sync!(apiAt(Date.now()), EVENT_TTL_KEY);
    expect(result).toEqual({});
    expect(await status(ns, "fresh")).toBe(200);
  });

  it("deletes events an hour past their last write, keeps the renewed ones", async () => {
    const ns = await freshNamespace("ttl");
    const old = await event(ns, "old");
    // A later lastTimestamp: the event was written again then, so it lives an hour from that write.
    // Half past a minute: its expiry, a minute boundary, would coincide with the cron run and set no requeue.
    const at = new Date(Date.now() + 30 * 60 * 1000);
    at.setUTCSeconds(30);
    const renewedAt = at.toISOString().replace(/\.\d+Z$/, "Z");
    const renewed = await event(ns, "renewed", renewedAt);
    const oldExpiry = lastSeen(old)! + EVENT_TTL_MS;
    await eventTtlLoop.sync!(apiAt(oldExpiry + 1000), EVENT_TTL_KEY);
    expect(await status(ns, "old")).toBe(404);
    expect(await status(ns, "renewed")).toBe(200);

    // Just before the renewed event's expiry: run again at that moment (it comes before the next cron run).
    const renewedExpiry = lastSeen(renewed)! + EVENT_TTL_MS;
    const result = await eventTtlLoop.sync!(apiAt(renewedExpiry - 1), EVENT_TTL_KEY);
    expect(result).toEqual({ requeueAfterMs: 1 });
    await eventTtlLoop.sync!(apiAt(renewedExpiry), EVENT_TTL_KEY);
    expect(await status(ns, "renewed")).toBe(404);
  });

  it("acts with its own identity: events only", async () => {
    const api = apiAt(Date.now());
    expect((await api.request("GET", "/api/v1/events")).status).toBe(200);
    expect((await api.request("GET", "/api/v1/configmaps")).status).toBe(403);
    expect((await api.request("POST", "/api/v1/namespaces/default/events", { apiVersion: "v1", kind: "Event", metadata: { name: "x" } })).status).toBe(403);
  });
});
