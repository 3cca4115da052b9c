/**
 * Linearizability of the API under contention: 16 clients run seeded create/update/CAS/get/delete ops on a
 * few ConfigMaps of one namespace through the real server; the recorded history must be linearizable
 * (checkLinearizable), and three watchers (one re-watching from its last resourceVersion every few events)
 * must each see exactly the run's changes (checkWatchers) — the truth being one watch read after the run,
 * itself cross-checked against the acknowledged writes. The final LIST enters the history as reads.
 *
 * Environment: RELIABILITY_SEED (default 1), RELIABILITY_DURATION_MS (default 4000; the full run 15000).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../e2e/harness";
import type { Event, Op, Outcome } from "./lib/history";
import { checkLinearizable } from "./lib/linearizability";
import { ApiClient, ClientPool, RELIABILITY_SERVER_ENV, collectTruth, freshNamespace, readFinalState, sleep, Watcher } from "./lib/recorder";
import { checkWatchers, type Change } from "./lib/watch-properties";
import { checkTruthAgainstHistory, ClientWorkload, CONTENDED_MIX, finalReads, keyNames, outcomeOf, requestOf, tally } from "./lib/workload";

const SEED = Number(process.env.RELIABILITY_SEED ?? 1);
const DURATION_MS = Number(process.env.RELIABILITY_DURATION_MS ?? 4000);
const CLIENTS = 16;
const KEYS = 4;

const ev = (client: number, op: Op, outcome: Outcome, call: number, ret: number): Event => ({ client, op, outcome, call, ret });
const create = (key: string, value: string, rv: string, call = 0, ret = 1) => ev(0, { kind: "create", key, value }, { status: "ok", rv }, call, ret);
const update = (key: string, value: string, outcome: Outcome, call = 2, ret = 3) => ev(1, { kind: "update", key, value }, outcome, call, ret);
const del = (key: string, call = 4, ret = 5) => ev(2, { kind: "delete", key }, { status: "ok", rv: "" }, call, ret);
const change = (type: Change["type"], key: string, rv: string, value: string): Change => ({ type, key, rv, value });

describe("the workload and its recording", () => {
  it.each<[string, Op, number, unknown, Outcome]>([
    ["created", { kind: "create", key: "a", value: "0-0" }, 201, { metadata: { resourceVersion: "7" } }, { status: "ok", rv: "7" }],
    ["exists", { kind: "create", key: "a", value: "0-0" }, 409, { kind: "Status" }, { status: "conflict" }],
    ["read", { kind: "get", key: "a" }, 200, { metadata: { resourceVersion: "7" }, data: { v: "0-0" } }, { status: "ok", rv: "7", value: "0-0" }],
    ["absent", { kind: "get", key: "a" }, 404, { kind: "Status" }, { status: "notFound" }],
    ["CAS lost", { kind: "update", key: "a", value: "1-0", ifRv: "6" }, 409, { kind: "Status" }, { status: "conflict" }],
    ["deleted (Status, no rv)", { kind: "delete", key: "a" }, 200, { kind: "Status", metadata: {} }, { status: "ok", rv: "" }],
    ["5xx", { kind: "update", key: "a", value: "1-0" }, 500, { kind: "Status" }, { status: "unknown" }],
    ["no object", { kind: "update", key: "a", value: "1-0" }, 200, "oops", { status: "unknown" }],
  ])("outcomeOf: %s", (_, op, status, body, outcome) => {
    expect(outcomeOf(op, status, body)).toEqual(outcome);
  });

  it("sends a CAS update's rv in metadata and a CAS delete's as a precondition", () => {
    expect(requestOf("ns", { kind: "update", key: "a", value: "v", ifRv: "5" })).toMatchObject({
      method: "PUT",
      path: "/api/v1/namespaces/ns/configmaps/a",
      body: { metadata: { name: "a", resourceVersion: "5" }, data: { v: "v" } },
    });
    expect(requestOf("ns", { kind: "delete", key: "a", ifRv: "5" })).toMatchObject({ method: "DELETE", body: { preconditions: { resourceVersion: "5" } } });
    expect(requestOf("ns", { kind: "create", key: "a", value: "v" })).toMatchObject({ method: "POST", path: "/api/v1/namespaces/ns/configmaps" });
  });

  it("draws the same op stream for a seed, unique values, and CAS on the rv it saw", () => {
    const options = { keys: keyNames(3), mix: CONTENDED_MIX };
    const draw = (seed: number) => {
      const w = new ClientWorkload(3, seed, options);
      return Array.from({ length: 200 }, () => {
        const op = w.next();
        w.observe(op, op.kind === "delete" ? { status: "notFound" } : { status: "ok", rv: "42" });
        return op;
      });
    };
    const ops = draw(9);
    expect(draw(9)).toEqual(ops);
    expect(draw(10)).not.toEqual(ops);
    const values = ops.flatMap((op) => ("value" in op ? [op.value] : []));
    expect(new Set(values).size).toBe(values.length);
    expect(ops.some((op) => "ifRv" in op && op.ifRv === "42")).toBe(true);
    expect(new Set(ops.map((op) => op.kind))).toEqual(new Set(["create", "update", "get", "delete"]));
  });

  it("turns the final LIST into reads at its time", () => {
    expect(finalReads(["a", "b"], new Map([["a", { value: "0-1", rv: "9" }]]), 10, 11, 500)).toEqual([
      ev(500, { kind: "get", key: "a" }, { status: "ok", rv: "9", value: "0-1" }, 10, 11),
      ev(501, { kind: "get", key: "b" }, { status: "notFound" }, 10, 11),
    ]);
  });

  it.each<[string, Event[], Change[], RegExp | undefined]>([
    ["matching", [create("a", "0-0", "5"), update("a", "1-0", { status: "ok", rv: "6" }), del("a")], [change("ADDED", "a", "5", "0-0"), change("MODIFIED", "a", "6", "1-0"), change("DELETED", "a", "7", "1-0")], undefined],
    ["unknown write in the truth", [create("a", "0-0", "5"), update("a", "1-0", { status: "unknown" }, 2, Infinity)], [change("ADDED", "a", "5", "0-0"), change("MODIFIED", "a", "6", "1-0")], undefined],
    ["acknowledged write missing", [create("a", "0-0", "5"), update("a", "1-0", { status: "ok", rv: "6" })], [change("ADDED", "a", "5", "0-0")], /acknowledged update a=1-0 at rv 6 is not in the truth/],
    ["wrong rv", [create("a", "0-0", "5")], [change("ADDED", "a", "4", "0-0")], /not in the truth/],
    ["value nobody wrote", [create("a", "0-0", "5")], [change("ADDED", "a", "5", "0-0"), change("MODIFIED", "a", "6", "9-9")], /no create\/update wrote that value/],
    ["value of a failed write", [create("a", "0-0", "5"), update("a", "1-0", { status: "conflict" })], [change("ADDED", "a", "5", "0-0"), change("MODIFIED", "a", "6", "1-0")], /no create\/update wrote/],
    ["delete missing", [create("a", "0-0", "5"), del("a")], [change("ADDED", "a", "5", "0-0")], /1 acknowledged delete\(s\) missing/],
    ["revisions out of order", [create("a", "0-0", "5"), create("b", "0-1", "6")], [change("ADDED", "b", "6", "0-1"), change("ADDED", "a", "5", "0-0")], /truth: rv 5 after 6/],
  ])("checkTruthAgainstHistory: %s", (_, history, truth, violation) => {
    const violations = checkTruthAgainstHistory(history, truth);
    if (violation) expect(violations.join("\n")).toMatch(violation);
    else expect(violations).toEqual([]);
  });
});

describe("linearizable API under concurrent clients (real server)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: RELIABILITY_SERVER_ENV });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it(`${CLIENTS} clients on ${KEYS} keys for ${DURATION_MS} ms (seed ${SEED}): linearizable, watches exact`, async () => {
    const target = { url: server.url, token: server.token, caPem: server.caPem };
    const api = new ApiClient(target);
    const namespace = `linearizable-${SEED}`;
    const keys = keyNames(KEYS);
    const keySet = new Set(keys);
    const startRv = await freshNamespace(api, namespace);
    const watchers = [0, 0, 25].map((every) => new Watcher({ target, namespace, fromRv: startRv, keys: keySet, reconnectEvery: every || undefined }));
    const started = performance.now();
    for (const w of watchers) await w.waitConnected();
    const pool = new ClientPool({ target, namespace, seed: SEED, clients: CLIENTS, workload: { keys, mix: CONTENDED_MIX } });
    await sleep(DURATION_MS);
    const history = await pool.stop();
    const ran = performance.now() - started;
    const final = await readFinalState(api, namespace, keySet);
    for (const w of watchers) await w.waitFor(final.rv);
    const segments = await Promise.all(watchers.map((w) => w.stop()));
    const truth = await collectTruth(target, namespace, startRv, final.rv, keySet);
    api.close();

    const checked = performance.now();
    const linearizable = checkLinearizable([...history, ...finalReads(keys, final.finals, final.call, final.ret, 1_000_000)], { timeoutMsPerKey: 60_000 });
    const count = (status: Outcome["status"]) => history.filter((e) => e.outcome.status === status).length;
    console.log(
      `linearizable-api seed ${SEED}: ${history.length} ops in ${Math.round(ran)} ms (${count("ok")} ok, ${count("conflict")} conflict, ` +
        `${count("notFound")} notFound, ${count("unknown")} unknown: ${tally(history)}), ${truth.length} changes, watch segments ${segments.map((s) => s.length).join("/")}; ` +
        `checked ${linearizable.keys} keys, ${linearizable.explored} states in ${Math.round(performance.now() - checked)} ms`,
    );

    expect(checkTruthAgainstHistory(history, truth)).toEqual([]);
    expect(linearizable.ok, JSON.stringify(linearizable.counterexample?.reason)).toBe(true);
    expect(checkWatchers(segments, truth)).toEqual({ ok: true, violations: [] });
    // Without a crash every request is answered; the workload really contended and really wrote.
    expect(count("unknown")).toBe(0);
    expect(history.filter((e) => e.op.kind === "update" && "ifRv" in e.op && e.op.ifRv && e.outcome.status === "conflict").length).toBeGreaterThan(0);
    expect(truth.length).toBeGreaterThan(KEYS);
    expect(segments[2].length).toBeGreaterThan(1);
  });
});
