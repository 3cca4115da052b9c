/**
 * The checkers themselves: the register model step by step, the linearizability search on known-linearizable
 * and known-violating histories (porcupine's register examples among them), generated histories (a sequential
 * run stretched into overlapping intervals is always linearizable; a read of a never-written value never is),
 * a 20,000-op history within budget, and each watch property, kept and broken.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { settleUnknowns, type Event, type History, type Op, type Outcome } from "./lib/history";
import { checkLinearizable, cutAt } from "./lib/linearizability";
import { INITIAL_STATE, stepRegister, type RegisterState } from "./lib/register-model";
import { randomHistory, stretchedHistory, type GenCommand } from "./lib/synthetic-history";
import { checkWatch, checkWatchers, type Change, type WatchRecord, type WatchSegment } from "./lib/watch-properties";

const ok = (rv: number | string, value?: string): Outcome => ({ status: "ok", rv: String(rv), ...(value !== undefined ? { value } : {}) });
const notFound: Outcome = { status: "notFound" };
const conflict: Outcome = { status: "conflict" };
const unknown: Outcome = { status: "unknown" };
const create = (value: string, key = "a"): Op => ({ kind: "create", key, value });
const update = (value: string, ifRv?: number, key = "a"): Op => ({ kind: "update", key, value, ...(ifRv !== undefined ? { ifRv: String(ifRv) } : {}) });
const get = (key = "a"): Op => ({ kind: "get", key });
const del = (ifRv?: number, key = "a"): Op => ({ kind: "delete", key, ...(ifRv !== undefined ? { ifRv: String(ifRv) } : {}) });
/** An event; `ret` defaults to Infinity for unknown outcomes. */
const at = (client: number, op: Op, outcome: Outcome, call: number, ret?: number): Event => ({
  client,
  op,
  outcome,
  call,
  ret: ret ?? (outcome.status === "unknown" ? Infinity : call + 1),
});

describe("the register model", () => {
  const present = (value: string, rv: number, exact = true): RegisterState => ({ present: true, value, rv, exact });
  const absent = (rv: number, exact = true): RegisterState => ({ present: false, value: "", rv, exact });
  it.each<[string, RegisterState, Op, Outcome, RegisterState | undefined]>([
    ["create on absent", INITIAL_STATE, create("x"), ok(5), present("x", 5)],
    ["create must take a newer rv than a delete", absent(7), create("x"), ok(7), undefined],
    ["create on present conflicts", present("x", 5), create("y"), conflict, present("x", 5)],
    ["create on absent cannot conflict", INITIAL_STATE, create("y"), conflict, undefined],
    ["unknown create: rv only bounded", absent(7), create("x"), unknown, present("x", 8, false)],
    ["get sees value and rv", present("x", 5), get(), ok(5, "x"), present("x", 5)],
    ["get of another rv", present("x", 5), get(), ok(6, "x"), undefined],
    ["get of another value", present("x", 5), get(), ok(5, "y"), undefined],
    ["get narrows a bounded rv", present("x", 8, false), get(), ok(9, "x"), present("x", 9)],
    ["get below a bounded rv", present("x", 8, false), get(), ok(7, "x"), undefined],
    ["get of absent", absent(3), get(), notFound, absent(3)],
    ["update writes a newer rv", present("x", 5), update("y"), ok(6), present("y", 6)],
    ["update with an older rv", present("x", 5), update("y"), ok(5), undefined],
    ["update of absent", absent(5), update("y"), notFound, absent(5)],
    ["CAS on the current rv", present("x", 5), update("y", 5), ok(9), present("y", 9)],
    ["CAS on a stale rv cannot win", present("x", 5), update("y", 4), ok(9), undefined],
    ["CAS on a stale rv conflicts", present("x", 5), update("y", 4), conflict, present("x", 5)],
    ["CAS on the current rv cannot conflict", present("x", 5), update("y", 5), conflict, undefined],
    ["CAS learns a bounded rv", present("x", 8, false), update("y", 10), ok(12), present("y", 12)],
    ["unknown CAS that cannot win has no effect", present("x", 5), update("y", 4), unknown, present("x", 5)],
    ["unchanged update keeps the rv", present("x", 5), update("x"), ok(5), present("x", 5)],
    ["unconditional update may run out of retries", present("x", 5), update("y"), conflict, present("x", 5)],
    ["delete: rv not reported", present("x", 5), del(), ok(""), absent(6, false)],
    ["delete: rv reported", present("x", 5), del(), ok(8), absent(8)],
    ["delete with the wrong last value", present("x", 5), del(), { status: "ok", rv: "8", value: "y" }, undefined],
    ["CAS delete on a stale rv", present("x", 5), del(4), conflict, present("x", 5)],
    ["delete of absent", absent(5), del(), notFound, absent(5)],
    ["delete of absent cannot succeed", absent(5), del(), ok(""), undefined],
    ["malformed rv", present("x", 5), get(), ok("5a", "x"), undefined],
  ])("%s", (_, state, op, outcome, next) => {
    expect(stepRegister(state, op, outcome)).toEqual(next);
  });
});

const linearizable = (h: History) => checkLinearizable(h).ok;

describe("checkLinearizable: known-linearizable histories", () => {
  it.each<[string, History]>([
    ["sequential create, CAS, delete, re-create", [
      at(0, create("1"), ok(5), 0), at(0, get(), ok(5, "1"), 2), at(0, update("2", 5), ok(7), 4), at(0, get(), ok(7, "2"), 6),
      at(0, del(), ok(""), 8), at(0, get(), notFound, 10), at(0, create("3"), ok(12), 12), at(0, get(), ok(12, "3"), 14),
    ]],
    ["reads overlapping a create see before or after it", [
      at(0, create("1"), ok(1), 0, 10), at(1, get(), notFound, 1, 2), at(2, get(), ok(1, "1"), 3, 4), at(1, get(), ok(1, "1"), 5, 20),
    ]],
    ["an unknown create that took effect", [at(0, create("1"), unknown, 0), at(1, get(), ok(3, "1"), 5)]],
    ["an unknown update that never took effect", [
      at(0, create("1"), ok(1), 0), at(1, update("2"), unknown, 2), at(2, get(), ok(1, "1"), 10), at(2, get(), ok(1, "1"), 20),
    ]],
    ["an unknown update seen later, its rv learnt from a read", [
      at(0, create("1"), ok(1), 0), at(1, update("2"), unknown, 2), at(2, get(), ok(5, "2"), 3), at(2, update("3", 5), ok(6), 5),
    ]],
    ["an unknown delete between a failed and a successful create", [
      at(0, create("1"), ok(1), 0), at(1, del(), unknown, 2), at(2, create("2"), conflict, 3), at(2, create("3"), ok(6), 5),
    ]],
    ["an unknown delete called before the create it removed", [at(1, del(), unknown, 0), at(0, create("1"), ok(1), 1), at(0, create("2"), ok(3), 3)]],
    ["a CAS race: one winner, one conflict", [
      at(0, create("1"), ok(1), 0), at(1, update("2", 1), ok(2), 2, 6), at(2, update("3", 1), conflict, 3, 5), at(0, get(), ok(2, "2"), 7),
    ]],
    ["concurrent CAS deletes: one wins", [
      at(0, create("1"), ok(4), 0), at(1, del(4), ok(""), 2, 5), at(2, del(4), notFound, 3, 6), at(0, create("2"), ok(9), 7),
    ]],
    ["an update that changes nothing keeps its rv", [at(0, create("1"), ok(1), 0), at(1, update("1"), ok(1), 2), at(1, update("1", 1), ok(1), 4)]],
    ["keys are independent", [
      at(0, create("1", "a"), ok(1), 0, 5), at(1, create("1", "b"), ok(2), 1, 4), at(2, get("b"), ok(2, "1"), 4.5, 6), at(2, get("a"), ok(1, "1"), 6, 7),
    ]],
    ["ops at identical times overlap", [at(0, create("1"), ok(1), 0, 10), at(1, get(), ok(1, "1"), 10, 10), at(2, get(), notFound, 10, 10)]],
  ])("%s", (_, history) => {
    expect(checkLinearizable(history)).toMatchObject({ ok: true, keys: new Set(history.map((e) => e.op.key)).size });
  });
});

describe("checkLinearizable: known-violating histories", () => {
  it.each<[string, History]>([
    ["a stale read after a completed write", [at(0, create("1"), ok(1), 0), at(1, update("2"), ok(2), 2), at(2, get(), ok(1, "1"), 4)]],
    ["two CAS winners on one rv", [at(0, create("1"), ok(1), 0), at(1, update("2", 1), ok(2), 2, 5), at(2, update("3", 1), ok(3), 3, 6)]],
    ["a lost acknowledged write", [at(0, create("1"), ok(1), 0), at(1, update("2"), ok(2), 2), at(0, get(), ok(1, "1"), 10)]],
    ["a lost acknowledged create", [at(0, create("1"), ok(1), 0), at(1, get(), notFound, 2)]],
    ["a lost acknowledged delete", [at(0, create("1"), ok(1), 0), at(1, del(), ok(""), 2), at(2, get(), ok(1, "1"), 4)]],
    ["an rv going backwards", [at(0, create("1"), ok(5), 0), at(1, update("2"), ok(3), 2)]],
    ["an rv reused after a delete", [at(0, create("1"), ok(5), 0), at(0, del(), ok(""), 2), at(0, create("2"), ok(5), 4)]],
    ["a read of a value never written", [at(0, create("1"), ok(1), 0), at(1, get(), ok(1, "7"), 2)]],
    ["a read reporting another rv than the write", [at(0, create("1"), ok(1), 0), at(1, get(), ok(2, "1"), 2)]],
    ["an unknown write cannot act before its call", [at(1, get(), ok(3, "1"), 0), at(0, create("1"), unknown, 5)]],
    ["a conflict on an absent key", [at(0, create("1"), conflict, 0)]],
    ["a CAS conflict on the current rv", [at(0, create("1"), ok(1), 0), at(1, update("2", 1), conflict, 2)]],
    ["a create reported twice", [at(0, create("1"), ok(1), 0, 5), at(1, create("2"), ok(2), 1, 6)]],
  ])("%s", (_, history) => {
    const result = checkLinearizable(history);
    expect(result.ok).toBe(false);
    expect(result.counterexample?.key).toBe("a");
    expect(result.counterexample?.reason).toMatch(/^not linearizable/);
  });

  it("narrows the counterexample to the prefix ending at the impossible outcome, itself violating", () => {
    const history: History = [at(0, create("0"), ok(1), 0)];
    for (let i = 1; i <= 100; i++) history.push(at(i % 4, update(String(i), i), ok(i + 1), i * 10, i * 10 + 5));
    history.push(at(5, get(), ok(50, "49"), 2000, 2001));
    for (let i = 0; i < 50; i++) history.push(at(6, get(), ok(101, "100"), 3000 + i * 10));
    const result = checkLinearizable(history);
    expect(result.ok).toBe(false);
    const events = result.counterexample!.events;
    expect(events.at(-1)).toMatchObject({ op: { kind: "get" }, outcome: ok(50, "49") });
    expect(events).toHaveLength(102);
    expect(result.counterexample!.reason).toContain("get a → ok rv 50");
    expect(checkLinearizable(events).ok).toBe(false);
  });

  it("an unknown op settled by a kill cannot take effect after it", () => {
    const history = [at(0, create("1"), ok(1), 0), at(1, update("2"), unknown, 2), at(2, get(), ok(1, "1"), 10), at(2, get(), ok(5, "2"), 20)];
    expect(checkLinearizable(history).ok).toBe(true);
    expect(checkLinearizable(settleUnknowns(history, 5)).ok).toBe(false);
    expect(checkLinearizable(settleUnknowns(history, 25)).ok).toBe(true);
    expect(settleUnknowns(history, 5)[1]!.ret).toBe(5);
  });

  it("answers a search over its budget as a failure, not a pass", () => {
    // Unanswered writes may each apply or not, in any order: 2^30 subsets before the read can be ruled out.
    const writes = Array.from({ length: 30 }, (_, i) => at(i, update(`v${i}`), unknown, 10));
    const history = [at(99, create("0"), ok(1), 0), ...writes, at(99, get(), ok(200, "never"), 200)];
    const result = checkLinearizable(history, { timeoutMsPerKey: 50 });
    expect(result.ok).toBe(false);
    expect(result.counterexample?.reason).toMatch(/^timeout/);
  });
});

describe("porcupine's register examples (put = create/update, get of 0 = 404)", () => {
  // anishathalye/porcupine TestRegisterModel and TestZeroDuration (from MIT 6.824's 2017 quiz 2).
  it("put 100 over [0,100]; get 100 over [25,75]; get 0 over [30,60] is linearizable", () => {
    expect(linearizable([at(0, create("100"), ok(1), 0, 100), at(1, get(), ok(1, "100"), 25, 75), at(2, get(), notFound, 30, 60)])).toBe(true);
  });
  it("put 200 over [0,100]; get 200 over [10,30]; get 0 over [40,90] is not", () => {
    expect(linearizable([at(0, create("200"), ok(1), 0, 100), at(1, get(), ok(1, "200"), 10, 30), at(2, get(), notFound, 40, 90)])).toBe(false);
  });
  it("zero-duration reads: get 0 twice at 30 is linearizable", () => {
    const h = [at(0, create("100"), ok(1), 0, 100), at(1, get(), ok(1, "100"), 25, 75), at(2, get(), notFound, 30, 30), at(3, get(), notFound, 30, 30)];
    expect(linearizable(h)).toBe(true);
  });
  it("zero-duration reads: get 200 twice at 10, then get 0 over [40,90] is not", () => {
    const h = [at(0, create("200"), ok(1), 0, 100), at(1, get(), ok(1, "200"), 10, 10), at(2, get(), ok(1, "200"), 10, 10), at(3, get(), notFound, 40, 90)];
    expect(linearizable(h)).toBe(false);
  });
});

describe("checkLinearizable on generated histories", () => {
  const command: fc.Arbitrary<GenCommand> = fc.record({
    kind: fc.constantFrom("create", "update", "cas", "get", "delete", "casDelete"),
    key: fc.nat(1),
    client: fc.nat(5),
    staleRv: fc.boolean(),
    sameValue: fc.boolean(),
    unknown: fc.nat(4).map((n) => n === 0),
    applied: fc.boolean(),
    settled: fc.boolean(),
    revisionGap: fc.nat(2),
    before: fc.oneof(fc.nat(25), fc.nat(80)),
    after: fc.nat(25),
    reportDeleteRv: fc.boolean(),
  });

  it("a sequential run stretched into overlapping intervals is linearizable", () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
        const result = checkLinearizable(stretchedHistory(commands));
        expect(result.counterexample?.reason).toBeUndefined();
        expect(result.ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("one completed read of a never-written value makes it non-linearizable", () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), fc.nat(), (commands, pick) => {
        const history = stretchedHistory([{ ...FIRST_CREATE }, { ...FIRST_CREATE, kind: "get" }, ...commands]);
        const reads = history.filter((e) => e.op.kind === "get" && e.outcome.status === "ok");
        const victim = reads[pick % reads.length]!;
        const mutated = history.map((e) => (e === victim ? { ...e, outcome: { ...e.outcome, value: "never-written" } } : e));
        const result = checkLinearizable(mutated);
        expect(result.ok).toBe(false);
        expect(result.counterexample?.key).toBe(victim.op.key);
        expect(checkLinearizable(result.counterexample!.events).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("cuts of a linearizable history stay linearizable", () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), fc.nat(1000), (commands, t) => {
        const events = stretchedHistory(commands).filter((e) => e.op.key === "k0");
        expect(checkLinearizable(cutAt(events, t)).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    { ops: 20_000, keys: 50, unknownRate: 0.01, settledRate: 0.5 },
    { ops: 20_000, keys: 4, unknownRate: 0.03, settledRate: 0 },
    { ops: 5_000, keys: 1, unknownRate: 0.03, settledRate: 0 },
  ])("checks $ops ops over $keys keys from 16 clients ($unknownRate unknown) within budget", (o) => {
    const history = randomHistory({ seed: 7, clients: 16, ...o });
    const started = performance.now();
    const result = checkLinearizable(history);
    const ms = performance.now() - started;
    console.log(`linearizable: ${history.length} ops, ${result.keys} keys, ${result.explored} states in ${ms.toFixed(0)} ms`);
    expect(result.counterexample?.reason).toBeUndefined();
    expect(result).toMatchObject({ ok: true, keys: o.keys });
    expect(ms).toBeLessThan(5_000);
  });

  it("finds a stale read deep in 20,000 ops and cuts the counterexample there", () => {
    const history = randomHistory({ seed: 7, ops: 20_000, keys: 4, clients: 16, unknownRate: 0.01, settledRate: 1 });
    const acked = history.filter((e) => e.op.key === "k1" && e.op.kind !== "get" && e.outcome.status === "ok");
    const older = acked.filter((e) => e.op.kind === "create" || e.op.kind === "update")[600]!;
    const rvOf = (e: Event) => (e.outcome.status === "ok" ? e.outcome.rv : "");
    const newer = acked.find((e) => e.call > older.ret && rvOf(e) !== rvOf(older))!;
    const value = "value" in older.op ? older.op.value : "";
    const stale: Event = { client: 99, op: get("k1"), outcome: ok(rvOf(older), value), call: newer.ret + 50, ret: newer.ret + 51 };
    const started = performance.now();
    const result = checkLinearizable([...history, stale]);
    const ms = performance.now() - started;
    console.log(`violating: ${history.length + 1} ops, ${result.explored} states in ${ms.toFixed(0)} ms, counterexample of ${result.counterexample?.events.length} ops`);
    expect(result.ok).toBe(false);
    expect(result.counterexample?.reason).toMatch(/^not linearizable/);
    expect(result.counterexample?.events.length).toBeLessThan(history.filter((e) => e.op.key === "k1").length);
    expect(result.counterexample?.events.some((e) => e.ret === stale.ret)).toBe(true);
    expect(ms).toBeLessThan(10_000);
  });
});

const FIRST_CREATE: GenCommand = {
  kind: "create", key: 0, client: 0, staleRv: false, sameValue: false, unknown: false, applied: true, settled: false, revisionGap: 0, before: 0, after: 0, reportDeleteRv: false,
};

describe("watch properties", () => {
  // Changes of the watched resource; the missing revisions (12–14, 17–19) belong to other resources.
  const truth: Change[] = [
    { type: "ADDED", key: "a", rv: "10", value: "1" },
    { type: "MODIFIED", key: "a", rv: "11", value: "2" },
    { type: "ADDED", key: "b", rv: "15", value: "1" },
    { type: "DELETED", key: "a", rv: "16", value: "2" },
    { type: "MODIFIED", key: "b", rv: "20", value: "2" },
  ];
  const rec = (rv: number): WatchRecord => {
    const c = truth.find((t) => t.rv === String(rv));
    return c ? { ...c } : { type: "MODIFIED", key: "z", rv: String(rv) };
  };
  const mark = (rv: number): WatchRecord => ({ type: "BOOKMARK", key: "", rv: String(rv) });
  const seg = (fromRv: number | "", records: WatchRecord[], end: WatchSegment["end"] = "closed"): WatchSegment => ({ fromRv: String(fromRv), records, end });

  it.each<[string, WatchSegment[]]>([
    ["every change from the start", [seg(9, [10, 11, 15, 16, 20].map(rec))]],
    ["from a later revision", [seg(10, [11, 15, 16, 20].map(rec))]],
    ["resumed from the last event after a kill", [seg(9, [rec(10), rec(11)], "killed"), seg(11, [15, 16, 20].map(rec))]],
    ["resumed from a bookmark", [seg(9, [rec(10), rec(11), mark(13)], "error"), seg(13, [rec(15), mark(15), rec(16), rec(20), mark(22)])]],
    ["a quiet reconnect", [seg(11, [], "closed"), seg(11, [rec(15)], "closed"), seg(15, [])]],
    ["a fresh list's watch", [seg("", [rec(16), rec(20)])]],
    ["expired, then a relist", [seg(9, [rec(10)], "killed"), seg(10, [], "expired"), seg("", [rec(20)])]],
    ["events without values", [seg(9, [10, 11, 15].map((rv) => ({ ...rec(rv), value: undefined })))]],
  ])("kept: %s", (_, segments) => {
    expect(checkWatch(segments, truth)).toEqual({ ok: true, violations: [] });
  });

  it.each<[string, WatchSegment[], RegExp]>([
    ["a gap", [seg(9, [rec(10), rec(15)])], /missed MODIFIED a@11="2" before b@15 \(reliable\)/],
    ["a gap at the start", [seg(9, [rec(11)])], /missed ADDED a@10/],
    ["a duplicate after reconnect", [seg(9, [rec(10), rec(11)], "killed"), seg(10, [rec(11), rec(15)])], /MODIFIED a@11 delivered twice \(unique\)/],
    ["out of order", [seg(9, [rec(10), rec(15), rec(11)])], /a@11 after revision 15 \(ordered\)/],
    ["a bookmark going backwards", [seg(9, [rec(10), rec(11), mark(13), mark(12)])], /BOOKMARK at 12 after revision 13/],
    ["a bookmark behind an event", [seg(9, [rec(10), rec(11), mark(10)])], /BOOKMARK at 10 after revision 11/],
    ["an event at or below a bookmark", [seg(9, [rec(10), rec(11), mark(13), rec(12)])], /z@12 after BOOKMARK at 13 \(bookmarkable\)/],
    ["a bookmark past an undelivered change", [seg(9, [rec(10), mark(15)])], /BOOKMARK at 15 before MODIFIED a@11="2", ADDED b@15="1" was delivered/],
    ["a resume that skips", [seg(9, [rec(10)], "killed"), seg(10, [rec(15)])], /missed MODIFIED a@11/],
    ["a client resuming past what it saw", [seg(9, [rec(10)], "killed"), seg(11, [rec(15)])], /resuming there skips MODIFIED a@11/],
    ["a resume that repeats", [seg(9, [rec(10), rec(11)], "killed"), seg(11, [rec(11), rec(15)])], /a@11 delivered twice/],
    ["a first event not after fromRv", [seg(11, [rec(11), rec(15)])], /a@11 is not after the resourceVersion the segment asked for \(resumable\)/],
    ["a change never committed", [seg(11, [rec(12)])], /MODIFIED z@12 is not a committed change/],
    ["a change with the wrong value", [seg(10, [{ ...rec(11), value: "9" }])], /got MODIFIED a@11="9", committed MODIFIED a@11="2"/],
    ["a change with the wrong type", [seg(15, [{ ...rec(16), type: "MODIFIED" }])], /got MODIFIED a@16="2", committed DELETED a@16="2"/],
    ["two keys at one revision", [seg(9, [rec(10), { ...rec(10), key: "b" }])], /b@10 and a@10 share a revision \(atomic/],
    ["an rv that is not a revision", [seg(9, [{ ...rec(10), rv: "x" }])], /has no revision/],
    ["a gap after a relist", [seg(10, [], "expired"), seg("", [rec(15), rec(20)])], /missed DELETED a@16/],
  ])("broken: %s", (_, segments, message) => {
    const result = checkWatch(segments, truth);
    expect(result.ok).toBe(false);
    expect(result.violations.join("\n")).toMatch(message);
  });

  it("flags a truth with two changes at one revision", () => {
    const bad = [...truth, { type: "ADDED" as const, key: "c", rv: "20", value: "1" }];
    expect(checkWatch([], bad).violations).toEqual(["truth: two changes at revision 20 (atomic: one change per revision)"]);
  });

  it("checks every watcher and names the one that broke", () => {
    const good = [seg(9, [10, 11, 15, 16, 20].map(rec))];
    const result = checkWatchers([good, good, [seg(9, [rec(10), rec(16)])]], truth);
    expect(result.ok).toBe(false);
    expect(result.violations).toEqual([`watcher 2: segment 0 (from 9): missed MODIFIED a@11="2", ADDED b@15="1" before a@16 (reliable)`]);
    expect(checkWatchers([good, good], truth)).toEqual({ ok: true, violations: [] });
  });
});
