import { describe, expect, it } from "vitest";
import {
  backoffGC,
  backoffNext,
  backoffReset,
  type BackoffState,
  checkContainerRestart,
  checkImagePull,
  CONTAINER_BACKOFF,
  emptyBackoff,
  inBackOffSince,
  inBackOffSinceUpdate,
  recordImagePullFailure,
  recordImagePullSuccess,
} from "../../../../worker/kubelet/status/backoff";
import { goDuration } from "../../../../worker/kubelet/status/go-format";

const S = 1000;
const pod = { name: "web-0", namespace: "default", uid: "uid-1" };

describe("goDuration (time.Duration.String)", () => {
  it.each<[number, string]>([
    [0, "0s"],
    [500, "500ms"],
    [1500, "1.5s"],
    [10 * S, "10s"],
    [80 * S, "1m20s"],
    [160 * S, "2m40s"],
    [300 * S, "5m0s"],
    [3600 * S, "1h0m0s"],
  ])("%d ms → %s", (ms, text) => expect(goDuration(ms)).toBe(text));
});

describe("flowcontrol.Backoff", () => {
  it("starts at 10 s and doubles to the 300 s cap", () => {
    let s = emptyBackoff();
    const seen: number[] = [];
    for (let i = 0; i < 7; i++) {
      s = backoffNext(s, "k", i * S, i * S, CONTAINER_BACKOFF);
      seen.push(s.entries.k.backoffMs / S);
    }
    expect(seen).toEqual([10, 20, 40, 80, 160, 300, 300]);
  });

  it.each<[string, number, number]>([
    ["an event exactly 2×max after the update still doubles", 600 * S, 40],
    ["an event more than 2×max after the update starts again at 10 s", 600 * S + 1, 10],
  ])("%s", (_name, eventMs, expected) => {
    const s: BackoffState = { entries: { k: { backoffMs: 20 * S, lastUpdateMs: 0 } } };
    expect(backoffNext(s, "k", eventMs, eventMs, CONTAINER_BACKOFF).entries.k).toEqual({ backoffMs: expected * S, lastUpdateMs: eventMs });
  });

  it.each<[string, number, number, boolean]>([
    ["no time has passed since the event", 100 * S, 100 * S, true],
    ["just under the delay", 100 * S, 119_999, true],
    ["the delay has passed", 100 * S, 120 * S, false],
    ["the event is past the expiry window", 700 * S, 701 * S, false],
  ])("IsInBackOffSince: %s", (_name, eventMs, nowMs, expected) => {
    const s: BackoffState = { entries: { k: { backoffMs: 20 * S, lastUpdateMs: 90 * S } } };
    expect(inBackOffSince(s, "k", eventMs, nowMs, CONTAINER_BACKOFF)).toBe(expected);
  });

  it.each<[string, number, boolean]>([
    ["inside the window", 109 * S, true],
    ["at the end of the window", 110 * S, false],
  ])("IsInBackOffSinceUpdate: %s", (_name, eventMs, expected) => {
    const s: BackoffState = { entries: { k: { backoffMs: 20 * S, lastUpdateMs: 90 * S } } };
    expect(inBackOffSinceUpdate(s, "k", eventMs, CONTAINER_BACKOFF)).toBe(expected);
    expect(inBackOffSinceUpdate(s, "missing", eventMs, CONTAINER_BACKOFF)).toBe(false);
  });

  it("GC drops entries not updated for more than 2×max and returns the same object when nothing expired", () => {
    const s: BackoffState = { entries: { old: { backoffMs: 10 * S, lastUpdateMs: 0 }, fresh: { backoffMs: 10 * S, lastUpdateMs: 500 * S } } };
    expect(backoffGC(s, 600 * S, CONTAINER_BACKOFF)).toBe(s);
    expect(Object.keys(backoffGC(s, 601 * S, CONTAINER_BACKOFF).entries)).toEqual(["fresh"]);
  });

  it("Reset deletes one key and is a no-op for an unknown key", () => {
    const s: BackoffState = { entries: { a: { backoffMs: 10 * S, lastUpdateMs: 0 }, b: { backoffMs: 10 * S, lastUpdateMs: 0 } } };
    expect(Object.keys(backoffReset(s, "a").entries)).toEqual(["b"]);
    expect(backoffReset(s, "zzz")).toBe(s);
  });
});

describe("CrashLoopBackOff (doBackOff)", () => {
  it("a first start (no exited instance) is allowed and changes nothing", () => {
    const s = emptyBackoff();
    const d = checkContainerRestart(s, pod, "web", undefined, 5 * S);
    expect(d).toEqual({ inBackOff: false, state: s });
    expect(d.state).toBe(s);
  });

  it("restarts at once after the first crash, then backs off 10 s, 20 s, … with upstream's texts", () => {
    let s = emptyBackoff();
    // First crash at t=0: restarted immediately, the delay becomes 10 s.
    let d = checkContainerRestart(s, pod, "web", 0, 0);
    expect(d.inBackOff).toBe(false);
    s = d.state;
    // Second crash at t=5 s: in back-off until 15 s.
    d = checkContainerRestart(s, pod, "web", 5 * S, 6 * S);
    expect(d).toMatchObject({
      inBackOff: true,
      reason: "CrashLoopBackOff",
      message: "back-off 10s restarting failed container=web pod=web-0_default(uid-1)",
      event: { type: "Warning", reason: "BackOff", message: "Back-off restarting failed container web in pod web-0_default(uid-1)" },
      retryAtMs: 15 * S,
    });
    expect(d.state).toBe(s);
    d = checkContainerRestart(s, pod, "web", 5 * S, 15 * S);
    expect(d.inBackOff).toBe(false);
    s = d.state;
    // Third crash at t=20 s: the message now says 20s.
    d = checkContainerRestart(s, pod, "web", 20 * S, 21 * S);
    expect(d).toMatchObject({ inBackOff: true, message: "back-off 20s restarting failed container=web pod=web-0_default(uid-1)", retryAtMs: 40 * S });
  });

  it("a container that ran for more than 10 minutes restarts at once and its delay starts again at 10 s", () => {
    const key = "web-0_default_uid-1_web_";
    const s: BackoffState = { entries: { [key]: { backoffMs: 300 * S, lastUpdateMs: 0 } } };
    const d = checkContainerRestart(s, pod, "web", 601 * S, 601 * S);
    expect(d.inBackOff).toBe(false);
    expect(d.state.entries[key]).toEqual({ backoffMs: 10 * S, lastUpdateMs: 601 * S });
  });

  it("keys by container and spec hash: another container or an edited spec has its own back-off", () => {
    const s = checkContainerRestart(emptyBackoff(), pod, "web", 0, 0, { specHash: "h1" }).state;
    expect(checkContainerRestart(s, pod, "web", 1 * S, 2 * S, { specHash: "h1" }).inBackOff).toBe(true);
    expect(checkContainerRestart(s, pod, "web", 1 * S, 2 * S, { specHash: "h2" }).inBackOff).toBe(false);
    expect(checkContainerRestart(s, pod, "sidecar", 1 * S, 2 * S, { specHash: "h1" }).inBackOff).toBe(false);
  });
});

describe("ImagePullBackOff (EnsureImageExists)", () => {
  it("no failed pull: the pull may run, state untouched", () => {
    const s = emptyBackoff();
    expect(checkImagePull(s, "uid-1", "nginx:nope", 0)).toEqual({ inBackOff: false, state: s });
  });

  it("after failures: 10 s, then 20 s windows measured from the last failure", () => {
    let s = recordImagePullFailure(emptyBackoff(), "uid-1", "nginx:nope", 0);
    expect(checkImagePull(s, "uid-1", "nginx:nope", 5 * S)).toMatchObject({
      inBackOff: true,
      reason: "ImagePullBackOff",
      message: 'Back-off pulling image "nginx:nope"',
      event: { type: "Normal", reason: "BackOff", message: 'Back-off pulling image "nginx:nope"' },
      retryAtMs: 10 * S,
    });
    expect(checkImagePull(s, "uid-1", "nginx:nope", 10 * S).inBackOff).toBe(false);
    s = recordImagePullFailure(s, "uid-1", "nginx:nope", 10 * S);
    expect(checkImagePull(s, "uid-1", "nginx:nope", 29 * S)).toMatchObject({ inBackOff: true, retryAtMs: 30 * S });
    expect(checkImagePull(s, "uid-2", "nginx:nope", 29 * S).inBackOff).toBe(false);
  });

  it("a successful pull only garbage-collects expired entries", () => {
    const s = recordImagePullFailure(emptyBackoff(), "uid-1", "a:1", 0);
    expect(recordImagePullSuccess(s, 600 * S)).toBe(s);
    expect(recordImagePullSuccess(s, 601 * S).entries).toEqual({});
  });
});
