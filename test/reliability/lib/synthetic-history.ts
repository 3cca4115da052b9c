/**
 * Linearizable-by-construction histories for testing the checker: ops run one at a time against a reference
 * store (one revision counter, as a store shard), each at its own linearization point, and are recorded with a
 * call before and a return after that point. Overlapping intervals make them concurrent; the order of the points
 * is a valid linearization, so the checker must accept every such history.
 */
import type { Event, History, Op, Outcome } from "./history";
import { prng } from "../../../worker/controllers/framework/faults";

/** One op to run, with how it is recorded. */
export interface GenCommand {
  kind: "create" | "update" | "cas" | "get" | "delete" | "casDelete";
  /** index of the key (`k<n>`) */
  key: number;
  client: number;
  /** CAS on the revision before the current one (loses) instead of the current one */
  staleRv: boolean;
  /** update to the value the key already holds (a no-op) */
  sameValue: boolean;
  /** the client sees no answer */
  unknown: boolean;
  /** for an unknown op: whether it took effect */
  applied: boolean;
  /** for an unknown op: recorded as settled by its interval's end (as a crash's restart settles it), else by Infinity */
  settled: boolean;
  /** revisions taken by other resources before this write */
  revisionGap: number;
  /** call this long before the linearization point */
  before: number;
  /** return this long after it */
  after: number;
  /** a successful delete reports its revision (else "", as a ConfigMap's Status does) */
  reportDeleteRv: boolean;
}

interface Timed {
  cmd: GenCommand;
  call: number;
  point: number;
  ret: number;
}

const POINT_SPACING = 10;

/** `commands` run in order, op i linearized at 10·(i+3) and recorded over [point − before, point + after]. */
export function stretchedHistory(commands: GenCommand[]): History {
  return runSequential(
    commands.map((cmd, i) => {
      const point = POINT_SPACING * (i + 3);
      return { cmd, call: point - cmd.before, point, ret: point + cmd.after };
    }),
  );
}

export interface RandomHistoryOptions {
  seed: number;
  ops: number;
  keys: number;
  clients: number;
  /** share of ops whose answer is lost (half of them took effect) */
  unknownRate: number;
  /** share of those recorded as settled by the end of their interval */
  settledRate?: number;
}

const MIX: [GenCommand["kind"], number][] = [["create", 15], ["update", 20], ["cas", 25], ["get", 25], ["delete", 7], ["casDelete", 8]];

/** Closed-loop clients, each issuing its next op when the previous one returns (1–20 time units each). */
export function randomHistory(o: RandomHistoryOptions): History {
  const rand = prng(o.seed);
  const free = new Array<number>(o.clients).fill(0);
  const timed: Timed[] = [];
  const total = MIX.reduce((n, [, w]) => n + w, 0);
  for (let i = 0; i < o.ops; i++) {
    const client = free.indexOf(Math.min(...free));
    const call = free[client]! + rand() * 2;
    const duration = 1 + rand() * 19;
    let pick = rand() * total;
    const kind = MIX.find(([, w]) => (pick -= w) < 0)?.[0] ?? "get";
    const cmd: GenCommand = {
      kind,
      key: Math.floor(rand() * o.keys),
      client,
      staleRv: rand() < 0.3,
      sameValue: rand() < 0.05,
      unknown: rand() < o.unknownRate,
      applied: rand() < 0.5,
      settled: rand() < (o.settledRate ?? 0),
      revisionGap: rand() < 0.2 ? 1 + Math.floor(rand() * 3) : 0,
      before: 0,
      after: 0,
      reportDeleteRv: rand() < 0.5,
    };
    timed.push({ cmd, call, point: call + rand() * duration, ret: call + duration });
    free[client] = call + duration;
  }
  return runSequential(timed);
}

/** Runs the ops in point order against the reference store. */
function runSequential(timed: Timed[]): History {
  const keys = new Map<number, { present: boolean; value: string; rv: number }>();
  let revision = 0;
  const order = timed.map((t, i) => ({ t, i })).sort((a, b) => a.t.point - b.t.point || a.i - b.i);
  const events: Event[] = [];
  for (const { t, i } of order) {
    const { cmd } = t;
    const key = `k${cmd.key}`;
    const cur = keys.get(cmd.key) ?? { present: false, value: "", rv: 0 };
    const write = () => (revision += 1 + cmd.revisionGap);
    const ifRv = String(cmd.staleRv ? cur.rv - 1 : cur.rv);
    let op: Op;
    let outcome: Outcome | undefined;
    let next = cur;
    switch (cmd.kind) {
      case "create":
        op = { kind: "create", key, value: `v${i}` };
        if (cur.present) outcome = { status: "conflict" };
        else next = { present: true, value: op.value, rv: write() };
        break;
      case "get":
        op = { kind: "get", key };
        outcome = cur.present ? { status: "ok", rv: String(cur.rv), value: cur.value } : { status: "notFound" };
        break;
      case "update":
      case "cas": {
        const value = cmd.sameValue && cur.present ? cur.value : `v${i}`;
        op = cmd.kind === "cas" ? { kind: "update", key, value, ifRv } : { kind: "update", key, value };
        if (!cur.present) outcome = { status: "notFound" };
        else if (cmd.kind === "cas" && cmd.staleRv) outcome = { status: "conflict" };
        else if (value === cur.value) outcome = { status: "ok", rv: String(cur.rv) };
        else next = { present: true, value, rv: write() };
        break;
      }
      case "delete":
      case "casDelete":
        op = cmd.kind === "casDelete" ? { kind: "delete", key, ifRv } : { kind: "delete", key };
        if (!cur.present) outcome = { status: "notFound" };
        else if (cmd.kind === "casDelete" && cmd.staleRv) outcome = { status: "conflict" };
        else {
          next = { present: false, value: "", rv: write() };
          outcome = { status: "ok", rv: cmd.reportDeleteRv ? String(next.rv) : "" };
        }
        break;
    }
    outcome ??= { status: "ok", rv: String(next.rv) };
    if (cmd.unknown) {
      if (cmd.applied || cmd.kind === "get") keys.set(cmd.key, next);
      events.push({ client: cmd.client, op, outcome: { status: "unknown" }, call: t.call, ret: cmd.settled ? t.ret : Infinity });
    } else {
      keys.set(cmd.key, next);
      events.push({ client: cmd.client, op, outcome, call: t.call, ret: t.ret });
    }
  }
  return events.sort((a, b) => a.call - b.call);
}
