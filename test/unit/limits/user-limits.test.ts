/**
 * Per-user limits through the real Worker: alice (a static-token user with a Role in her namespace) gets 429
 * beyond her limits, system:masters never does, an impersonated user is limited as that user, and every slot
 * comes back — when the response is produced, or for a watch when its stream closes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { USER_INFLIGHT } from "../../../worker/limits";
import { ALICE_TOKEN, callApi, fetchApi, namespaceFor } from "./client";

let ns: string;
const TOO_MANY = {
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message: "Too many requests, please try again later.",
  reason: "TooManyRequests",
  details: { retryAfterSeconds: 1 },
  code: 429,
};

beforeAll(async () => {
  ns = await namespaceFor("lim", "alice");
  // RBAC follows the new binding on the next request.
  const probe = await callApi(`/api/v1/namespaces/${ns}/configmaps`, { token: ALICE_TOKEN });
  if (probe.status !== 200) throw new Error(`alice cannot list in ${ns}: ${probe.status} ${probe.text}`);
}, 60_000);

const watchPath = () => `/api/v1/namespaces/${ns}/configmaps?watch=true&timeoutSeconds=60`;

describe("open watches per user", () => {
  it("beyond MAX_WATCHES_PER_USER → 429; closing a watch frees its slot; the admin is exempt", async () => {
    const vars = { MAX_WATCHES_PER_USER: "2" };
    const open = [await fetchApi(watchPath(), { token: ALICE_TOKEN, vars }), await fetchApi(watchPath(), { token: ALICE_TOKEN, vars })];
    expect(open.map((r) => r.status)).toEqual([200, 200]);
    expect(USER_INFLIGHT.held("alice", true)).toBe(2);

    const refused = await callApi(watchPath(), { token: ALICE_TOKEN, vars });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.headers.get("content-type")).toBe("application/json");
    expect(refused.body).toEqual(TOO_MANY);

    // Lists are not watches: still allowed.
    expect((await callApi(`/api/v1/namespaces/${ns}/configmaps`, { token: ALICE_TOKEN, vars })).status).toBe(200);
    // The cluster admin (system:masters) is exempt, as upstream's exempt FlowSchema.
    const admin = await fetchApi(watchPath(), { vars: { MAX_WATCHES_PER_USER: "1" } });
    expect(admin.status).toBe(200);
    await admin.body!.cancel();

    await open[0].body!.cancel();
    expect(USER_INFLIGHT.held("alice", true)).toBe(1);
    const again = await fetchApi(watchPath(), { token: ALICE_TOKEN, vars });
    expect(again.status).toBe(200);
    await Promise.all([open[1].body!.cancel(), again.body!.cancel()]);
    expect(USER_INFLIGHT.held("alice", true)).toBe(0);
  }, 30_000);

  it("a watch that ends by its timeout gives its slot back", async () => {
    const vars = { MAX_WATCHES_PER_USER: "1" };
    const res = await fetchApi(`/api/v1/namespaces/${ns}/configmaps?watch=true&timeoutSeconds=1`, { token: ALICE_TOKEN, vars });
    expect(res.status).toBe(200);
    expect(USER_INFLIGHT.held("alice", true)).toBe(1);
    await res.text(); // the server closes the stream after 1 s
    expect(USER_INFLIGHT.held("alice", true)).toBe(0);
  }, 30_000);

  it("an impersonated user is limited as that user (upstream: APF sees the impersonated identity)", async () => {
    const vars = { MAX_WATCHES_PER_USER: "1" };
    const own = await fetchApi(watchPath(), { token: ALICE_TOKEN, vars });
    expect(own.status).toBe(200);
    const asAlice = await callApi(watchPath(), { headers: { "Impersonate-User": "alice" }, vars });
    expect(asAlice.status).toBe(429);
    await own.body!.cancel();
    expect(USER_INFLIGHT.held("alice", true)).toBe(0);
  }, 30_000);
});

describe("requests in flight per user", () => {
  it("a burst beyond MAX_REQUESTS_INFLIGHT_PER_USER gets 429s; every slot is back afterwards", async () => {
    const vars = { MAX_REQUESTS_INFLIGHT_PER_USER: "3" };
    const burst = await Promise.all(Array.from({ length: 20 }, () => callApi(`/api/v1/namespaces/${ns}/configmaps`, { token: ALICE_TOKEN, vars })));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    for (const r of burst.filter((r) => r.status === 429)) {
      expect(r.body).toEqual(TOO_MANY);
      expect(r.headers.get("retry-after")).toBe("1");
    }
    expect(USER_INFLIGHT.held("alice", false)).toBe(0);
    expect((await callApi(`/api/v1/namespaces/${ns}/configmaps`, { token: ALICE_TOKEN, vars })).status).toBe(200);
  }, 30_000);

  it("denied and failing requests give their slot back too", async () => {
    const vars = { MAX_REQUESTS_INFLIGHT_PER_USER: "2" };
    const denied = await Promise.all([
      callApi(`/api/v1/namespaces/${ns}/secrets`, { token: ALICE_TOKEN, vars }),
      callApi(`/api/v1/namespaces/${ns}/configmaps/missing`, { token: ALICE_TOKEN, vars }),
    ]);
    expect(denied.map((r) => r.status)).toEqual([403, 404]);
    expect(USER_INFLIGHT.held("alice", false)).toBe(0);
  }, 30_000);

  it("system:masters is never limited", async () => {
    const vars = { MAX_REQUESTS_INFLIGHT_PER_USER: "1" };
    const burst = await Promise.all(Array.from({ length: 20 }, () => callApi(`/api/v1/namespaces/${ns}/configmaps`, { vars })));
    expect(burst.map((r) => r.status)).toEqual(Array(20).fill(200));
  }, 30_000);
});
