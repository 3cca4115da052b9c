/** Per-user in-flight and watch limits: the counting, the exemptions, the 429 and the release at stream end. */
import { describe, expect, it } from "vitest";
import {
  admitUser,
  classifyRequest,
  DEFAULT_MAX_REQUESTS_INFLIGHT_PER_USER,
  DEFAULT_MAX_WATCHES_PER_USER,
  onResponseEnd,
  UserInflight,
  userLimitsOf,
} from "../../../worker/limits";
import { parseLimit } from "../../../worker/limits/inflight";
import { ApiError } from "../../../worker/errors";
import type { UserInfo } from "../../../worker/authn/user";

const alice: UserInfo = { username: "alice", groups: ["devs", "system:authenticated"] };
const bob: UserInfo = { username: "bob", groups: ["system:authenticated"] };
const admin: UserInfo = { username: "root", groups: ["system:masters", "system:authenticated"] };
const at = (method: string, path: string) => classifyRequest(method, new URL(`https://k8s.test${path}`));
const LIST = at("GET", "/api/v1/namespaces/a/configmaps");
const WATCH = at("GET", "/api/v1/namespaces/a/configmaps?watch=true");

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("UserInflight", () => {
  it("counts per user and kind, refuses at the limit, and forgets users that hold nothing", () => {
    const c = new UserInflight();
    expect(c.tryAcquire("alice", false, 2)).toBe(true);
    expect(c.tryAcquire("alice", false, 2)).toBe(true);
    expect(c.tryAcquire("alice", false, 2)).toBe(false);
    expect(c.tryAcquire("bob", false, 2)).toBe(true);
    expect(c.tryAcquire("alice", true, 1)).toBe(true);
    expect(c.tryAcquire("alice", true, 1)).toBe(false);
    expect([c.held("alice", false), c.held("alice", true), c.held("bob", false)]).toEqual([2, 1, 1]);
    c.release("alice", false);
    expect(c.tryAcquire("alice", false, 2)).toBe(true);
    for (const [u, lr] of [["alice", false], ["alice", false], ["alice", true], ["bob", false]] as const) c.release(u, lr);
    expect(c.users).toBe(0);
  });

  it("0 means unlimited", () => {
    const c = new UserInflight();
    for (let i = 0; i < 1000; i++) expect(c.tryAcquire("alice", false, 0)).toBe(true);
    expect(c.held("alice", false)).toBe(1000);
  });
});

describe("limits from the bindings", () => {
  it.each([
    [undefined, 7, 7],
    ["", 7, 7],
    ["12", 7, 12],
    ["0", 7, 0],
    ["-1", 7, 7],
    ["1.5", 7, 7],
    ["lots", 7, 7],
  ])("parseLimit(%j) → %d default gives %d", (raw, fallback, want) => {
    expect(parseLimit(raw, fallback)).toBe(want);
  });

  it("defaults when unset", () => {
    expect(userLimitsOf({})).toEqual({ requests: DEFAULT_MAX_REQUESTS_INFLIGHT_PER_USER, watches: DEFAULT_MAX_WATCHES_PER_USER });
    expect(userLimitsOf({ MAX_REQUESTS_INFLIGHT_PER_USER: "3", MAX_WATCHES_PER_USER: "4" })).toEqual({ requests: 3, watches: 4 });
  });
});

describe("admitUser", () => {
  const env = { MAX_REQUESTS_INFLIGHT_PER_USER: "2", MAX_WATCHES_PER_USER: "1" };

  it("a user over its limit gets upstream's 429 with Retry-After: 1; others are unaffected", () => {
    const c = new UserInflight();
    admitUser(env, alice, LIST, c);
    admitUser(env, alice, LIST, c);
    const err = caught(() => admitUser(env, alice, LIST, c));
    expect(err.code).toBe(429);
    expect(err.headers).toEqual({ "Retry-After": "1" });
    expect(err.toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "Too many requests, please try again later.",
      reason: "TooManyRequests",
      details: { retryAfterSeconds: 1 },
      code: 429,
    });
    expect(admitUser(env, bob, LIST, c)).toBeDefined();
  });

  it("watches have their own limit and do not use request slots", () => {
    const c = new UserInflight();
    admitUser(env, alice, WATCH, c);
    expect(caught(() => admitUser(env, alice, WATCH, c)).code).toBe(429);
    admitUser(env, alice, LIST, c);
    admitUser(env, alice, LIST, c);
    expect(c.held("alice", true)).toBe(1);
    expect(c.held("alice", false)).toBe(2);
  });

  it.each([
    ["system:masters", admin, LIST],
    ["system:masters watching", admin, WATCH],
    ["/readyz for anyone", alice, at("GET", "/readyz")],
    ["/livez/ping for anyone", alice, at("GET", "/livez/ping")],
    ["/healthz for anyone", alice, at("GET", "/healthz")],
  ])("%s is exempt and not counted", (_name, user, request) => {
    const c = new UserInflight();
    for (let i = 0; i < 10; i++) expect(admitUser({ MAX_REQUESTS_INFLIGHT_PER_USER: "1", MAX_WATCHES_PER_USER: "1" }, user, request, c)).toBeUndefined();
    expect(c.users).toBe(0);
  });

  it("/healthzzz is not a probe path", () => {
    const c = new UserInflight();
    admitUser({ MAX_REQUESTS_INFLIGHT_PER_USER: "1" }, alice, at("GET", "/healthzzz"), c);
    expect(caught(() => admitUser({ MAX_REQUESTS_INFLIGHT_PER_USER: "1" }, alice, at("GET", "/healthzzz"), c)).code).toBe(429);
  });

  it("a lease is released once, however often it is given back", () => {
    const c = new UserInflight();
    const lease = admitUser(env, alice, LIST, c)!;
    admitUser(env, alice, LIST, c);
    lease.release();
    lease.release();
    expect(c.held("alice", false)).toBe(1);
  });

  it("an ordinary response releases at once; a watch when its stream ends", async () => {
    const c = new UserInflight();
    const list = admitUser(env, alice, LIST, c)!;
    list.releaseAtEnd(new Response("{}"));
    expect(c.held("alice", false)).toBe(0);
    const watch = admitUser(env, alice, WATCH, c)!;
    const { stream, push, close } = manualStream();
    const res = watch.releaseAtEnd(new Response(stream, { status: 200, headers: { "Content-Type": "application/json" } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const reader = res.body!.getReader();
    push("a\n");
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("a\n");
    expect(c.held("alice", true)).toBe(1);
    close();
    expect((await reader.read()).done).toBe(true);
    expect(c.held("alice", true)).toBe(0);
  });
});

describe("onResponseEnd", () => {
  it.each(["read to the end", "cancelled by the client", "failed"] as const)("runs once when the body is %s", async (how) => {
    let ended = 0;
    const { stream, push, close, fail } = manualStream();
    const res = onResponseEnd(new Response(stream), () => ended++);
    const reader = res.body!.getReader();
    push("x");
    await reader.read();
    expect(ended).toBe(0);
    if (how === "read to the end") {
      close();
      await reader.read();
    } else if (how === "cancelled by the client") {
      await reader.cancel();
    } else {
      fail(new Error("boom"));
      await reader.read().catch(() => {});
    }
    expect(ended).toBe(1);
    await reader.cancel().catch(() => {});
    expect(ended).toBe(1);
  });

  it("a response without a body ends at once", () => {
    let ended = 0;
    onResponseEnd(new Response(null, { status: 204 }), () => ended++);
    expect(ended).toBe(1);
  });

  it("does not read ahead of the client", async () => {
    let pulls = 0;
    const source = new ReadableStream<Uint8Array>({ pull: (c) => void (pulls++, c.enqueue(new Uint8Array([1]))) }, { highWaterMark: 0 });
    const res = onResponseEnd(new Response(source), () => {});
    await new Promise((r) => setTimeout(r, 10));
    expect(pulls).toBe(0);
    await res.body!.getReader().read();
    expect(pulls).toBe(1);
  });
});

function manualStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return {
    stream,
    push: (s: string) => controller.enqueue(new TextEncoder().encode(s)),
    close: () => controller.close(),
    fail: (e: Error) => controller.error(e),
  };
}
