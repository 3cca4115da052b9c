/** Event expiry (pure): the last write from an Event's timestamps, the TTL sweep, and when to run again. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { EVENT_TTL_MS, lastSeen, msUntilNextCron, planEventExpiry, requeueAfterMs } from "../../../../worker/controllers/event-ttl/expiry";

const t = (iso: string) => Date.parse(iso);
const H = 60 * 60 * 1000;

function event(name: string, times: { created?: string; last?: string; eventTime?: string; series?: string } = {}): KubeObject {
  const ev: KubeObject = { metadata: { name, namespace: "ns", ...(times.created ? { creationTimestamp: times.created } : {}) } };
  if (times.last !== undefined) ev.lastTimestamp = times.last;
  if (times.eventTime !== undefined) ev.eventTime = times.eventTime;
  if (times.series !== undefined) ev.series = { count: 2, lastObservedTime: times.series };
  return ev;
}

describe("lastSeen: the newest timestamp", () => {
  it.each([
    ["creationTimestamp only", event("a", { created: "2024-01-01T00:00:00Z" }), "2024-01-01T00:00:00Z"],
    ["lastTimestamp after creation", event("a", { created: "2024-01-01T00:00:00Z", last: "2024-01-01T00:30:00Z" }), "2024-01-01T00:30:00Z"],
    ["eventTime (MicroTime)", event("a", { created: "2024-01-01T00:00:00Z", eventTime: "2024-01-01T00:10:00.123456Z" }), "2024-01-01T00:10:00.123Z"],
    ["series.lastObservedTime newest", event("a", { created: "2024-01-01T00:00:00Z", eventTime: "2024-01-01T00:10:00Z", series: "2024-01-01T00:50:00Z" }), "2024-01-01T00:50:00Z"],
    ["an older lastTimestamp does not shorten the life", event("a", { created: "2024-01-01T02:00:00Z", last: "2024-01-01T00:00:00Z" }), "2024-01-01T02:00:00Z"],
    ["null lastTimestamp ignored", { ...event("a", { created: "2024-01-01T00:00:00Z" }), lastTimestamp: null }, "2024-01-01T00:00:00Z"],
    ["unparseable ignored", event("a", { created: "2024-01-01T00:00:00Z", last: "yesterday" }), "2024-01-01T00:00:00Z"],
  ])("%s", (_name, ev, want) => {
    expect(lastSeen(ev)).toBe(t(want));
  });
  it("no timestamp at all", () => {
    expect(lastSeen(event("a"))).toBeUndefined();
  });
});

describe("planEventExpiry", () => {
  const now = t("2024-01-01T12:00:00Z");
  const fresh = event("fresh", { created: "2024-01-01T11:59:00Z" });
  const renewed = event("renewed", { created: "2024-01-01T09:00:00Z", last: "2024-01-01T11:30:00Z" });
  const old = event("old", { created: "2024-01-01T10:00:00Z", last: "2024-01-01T10:30:00Z" });
  const exactly = event("exactly", { created: "2024-01-01T11:00:00Z" });

  it("converged: nothing to delete, no events → no next expiry", () => {
    expect(planEventExpiry([], now)).toEqual({ expired: [] });
  });
  it("converged: only live events → nothing to delete, the earliest expiry", () => {
    expect(planEventExpiry([fresh, renewed], now)).toEqual({ expired: [], nextExpiry: t("2024-01-01T12:30:00Z") });
  });
  it("deletes the events an hour past their last write (the boundary included)", () => {
    expect(planEventExpiry([fresh, old, exactly, renewed], now)).toEqual({ expired: [old, exactly], nextExpiry: t("2024-01-01T12:30:00Z") });
  });
  it("keeps events without timestamps", () => {
    expect(planEventExpiry([event("none")], now)).toEqual({ expired: [] });
  });
  it("honours another TTL", () => {
    expect(planEventExpiry([fresh], now, 30_000).expired).toEqual([fresh]);
    expect(EVENT_TTL_MS).toBe(H);
  });
});

describe("when the sweep runs again", () => {
  it.each([
    ["2024-01-01T12:00:00Z", 60_000],
    ["2024-01-01T12:00:00.001Z", 59_999],
    ["2024-01-01T12:00:59.999Z", 1],
  ])("next cron after %s in %i ms", (now, want) => {
    expect(msUntilNextCron(t(now))).toBe(want);
  });
  const now = t("2024-01-01T12:00:20Z");
  it.each([
    ["no events left (idle: no alarm)", undefined, undefined],
    ["next expiry within this minute", t("2024-01-01T12:00:50Z"), 30_000],
    ["next expiry at the next cron run: cron sweeps", t("2024-01-01T12:01:00Z"), undefined],
    ["next expiry in an hour (idle: no alarm)", now + H, undefined],
    ["already due", now - 5, 0],
  ])("%s", (_name, next, want) => {
    expect(requeueAfterMs(next, now)).toBe(want);
  });
});
