/**
 * A linearizability checker for key-value histories, written here because no maintained TypeScript library
 * does it. Porcupine's approach (anishathalye/porcupine): a history is linearizable iff each key's is
 * (P-compositionality), and one key's is decided by Wing & Gong's search as improved by Lowe: walk the call and
 * return events in time order, tentatively linearize a pending call if the sequential model (register-model.ts)
 * accepts its outcome, backtrack when a return is reached whose call is not linearized yet, and memoize
 * (linearized set, model state) pairs so no configuration is explored twice.
 *
 * Unknown outcomes return at +Infinity: they may be linearized anywhere after their call, or never (the search
 * succeeds once every op with a known outcome is linearized); one with a finite ret (`settleUnknowns`) takes
 * effect before it or never. Unknown reads are dropped.
 */
import { describeEvent, type Event, type History } from "./history";
import { INITIAL_STATE, parseRv, stateKey, stepRegister, type RegisterState } from "./register-model";

export interface CheckResult {
  ok: boolean;
  /** keys checked */
  keys: number;
  /** on failure: the key and a minimal-ish explanation (the ops of that key, ordered by call) */
  counterexample?: { key: string; events: Event[]; reason: string };
  /** states explored (for the report) */
  explored: number;
}

const DEFAULT_TIMEOUT_MS_PER_KEY = 10_000;
const TIME_CHECK_EVERY = 1024;

type KeyVerdict = { verdict: "ok" | "violation" | "timeout"; explored: number };

/**
 * Porcupine's approach: partition by key (P-compositionality), then Wing & Gong / Lowe's search with memoization
 * of (linearized set bitset, model state) per key. Model: a register per key holding { value, rv } or absent; rv
 * must strictly grow for each successful write on the key and equal what ok outcomes report; get must see the
 * latest value/rv; an unknown op may be linearized anywhere after its call or never. Time budget per key (default
 * 10 s) → ok:false with reason "timeout" is NOT a pass.
 */
export function checkLinearizable(history: History, options?: { timeoutMsPerKey?: number }): CheckResult {
  const budget = options?.timeoutMsPerKey ?? DEFAULT_TIMEOUT_MS_PER_KEY;
  const byKey = new Map<string, Event[]>();
  for (const e of history) {
    if (!(e.ret >= e.call)) throw new Error(`malformed event (ret before call): ${describeEvent(e)}`);
    const list = byKey.get(e.op.key);
    if (list) list.push(e);
    else byKey.set(e.op.key, [e]);
  }
  let explored = 0;
  for (const [key, events] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const result = checkKey(events, performance.now() + budget);
    explored += result.explored;
    if (result.verdict === "ok") continue;
    // A violation, or a timeout that a shorter cut may still prove to be one.
    const shortest = shortestViolatingCut(events, performance.now() + budget, result.verdict === "violation");
    explored += shortest.explored;
    if (shortest.counterexample) {
      return { ok: false, keys: byKey.size, explored, counterexample: { key, ...shortest.counterexample } };
    }
    const reason = `timeout: ${result.explored} states explored on key "${key}" in ${budget} ms without a verdict`;
    const byCall = [...events].sort((a, b) => a.call - b.call);
    return { ok: false, keys: byKey.size, explored, counterexample: { key, events: byCall, reason } };
  }
  return { ok: true, keys: byKey.size, explored };
}

interface Entry {
  id: number;
  isReturn: boolean;
  time: number;
  match: Entry | undefined;
  prev: Entry | undefined;
  next: Entry | undefined;
}

/**
 * Lowe's search over one key's events; `deadline` in performance.now() time.
 *
 * One reduction on top: an observer (a read, or a write answered 404 or 409: it changes no register in any
 * state) is linearized as soon as the model accepts it without change, and its alternatives are never tried. If
 * any order completes from here, one does with that op first: it is already called, no pending op returned
 * before its call, and where it stood later it at most narrowed the state, which the model's steps only ever
 * need less of. Without this, every interleaving of concurrent reads is a distinct linearized set and a
 * contended key explodes. An unknown op or an unchanged update is no observer: elsewhere it may write.
 * And a pruning: a key's revision never decreases along a linearization, so an op reporting a revision waits
 * for every pending op that reports an older one (RevisionOrder).
 */
export function checkKey(events: Event[], deadline: number): KeyVerdict {
  const ops = events.filter((e) => !(e.op.kind === "get" && e.outcome.status === "unknown"));
  const { head, callOf } = linkEntries(ops);
  const known = ops.map((e) => e.outcome.status !== "unknown");
  const observer = ops.map((e) => {
    const status = e.outcome.status;
    return (e.op.kind === "get" && status !== "unknown") || status === "conflict" || status === "notFound";
  });
  const values = new Map<string, number>();
  const valueId = (v: string) => values.get(v) ?? (values.set(v, values.size), values.size - 1);
  const linearized = new Uint16Array(Math.ceil(ops.length / 16) + 1);
  let h1 = 0;
  let h2 = 0;
  const flip = (id: number) => {
    linearized[id >> 4]! ^= 1 << (id & 15);
    h1 ^= mix(id, 0x9e3779b9);
    h2 ^= mix(id, 0x85ebca6b);
  };
  const seen = new Explored();
  const order = new RevisionOrder(ops);
  const calls: { entry: Entry; state: RegisterState; forced: boolean }[] = [];
  let state = INITIAL_STATE;
  let remaining = known.filter(Boolean).length;
  let entry = head.next;
  let steps = 0;
  /** Undoes linearized ops up to the last one with an alternative left; false when none is. */
  const backtrack = (): boolean => {
    for (let top = calls.pop(); top; top = calls.pop()) {
      state = top.state;
      flip(top.entry.id);
      unlift(top.entry);
      order.undo(top.entry.id);
      if (known[top.entry.id]) remaining++;
      if (!top.forced) {
        entry = top.entry.next;
        return true;
      }
    }
    return false;
  };
  while (remaining > 0) {
    if (++steps % TIME_CHECK_EVERY === 0 && performance.now() > deadline) return { verdict: "timeout", explored: seen.size };
    if (!entry) throw new Error("linearizability search ran past the last return");
    if (entry.isReturn && known[entry.id]) {
      if (!backtrack()) return { verdict: "violation", explored: seen.size };
      continue;
    }
    if (entry.isReturn) {
      // An unknown op past the time it could still take effect: it never did (the only branch left here).
      const call = callOf[entry.id]!;
      flip(entry.id);
      if (seen.add(`${h1}:${h2}:${stateKey(state, valueId(state.value))}`, linearized)) {
        calls.push({ entry: call, state, forced: true });
        lift(call);
        order.linearize(call.id);
        entry = head.next;
      } else {
        flip(entry.id);
        if (!backtrack()) return { verdict: "violation", explored: seen.size };
      }
      continue;
    }
    const e = ops[entry.id]!;
    const next = order.allows(entry.id) ? stepRegister(state, e.op, e.outcome) : undefined;
    if (!next) {
      entry = entry.next;
      continue;
    }
    const forced = observer[entry.id]! && sameState(next, state);
    flip(entry.id);
    if (seen.add(`${h1}:${h2}:${stateKey(next, valueId(next.value))}`, linearized)) {
      calls.push({ entry, state, forced });
      state = next;
      lift(entry);
      order.linearize(entry.id);
      if (known[entry.id]) remaining--;
      entry = head.next;
      continue;
    }
    flip(entry.id);
    // An explored configuration failed; for a forced op that dooms the current one too.
    if (forced && !backtrack()) return { verdict: "violation", explored: seen.size };
    if (!forced) entry = entry.next;
  }
  return { verdict: "ok", explored: seen.size };
}

const sameState = (a: RegisterState, b: RegisterState) =>
  a.present === b.present && a.value === b.value && a.rv === b.rv && a.exact === b.exact;

/** The ops reporting a revision, by revision: one may be linearized only while none reporting an older one is pending. */
class RevisionOrder {
  private readonly byRv: number[];
  private readonly position: Int32Array;
  private readonly rv: Float64Array;
  private readonly done: Uint8Array;
  /** position in byRv of the first op not linearized */
  private low = 0;

  constructor(ops: Event[]) {
    this.rv = Float64Array.from(ops, (e) => (e.outcome.status === "ok" ? parseRv(e.outcome.rv) : NaN));
    this.byRv = ops.map((_, id) => id).filter((id) => !Number.isNaN(this.rv[id]!));
    this.byRv.sort((a, b) => this.rv[a]! - this.rv[b]!);
    this.position = new Int32Array(ops.length).fill(-1);
    this.byRv.forEach((id, p) => (this.position[id] = p));
    this.done = new Uint8Array(ops.length);
  }

  allows(id: number): boolean {
    return this.position[id]! < 0 || this.rv[id]! <= this.rv[this.byRv[this.low]!]!;
  }

  linearize(id: number): void {
    this.done[id] = 1;
    while (this.low < this.byRv.length && this.done[this.byRv[this.low]!]) this.low++;
  }

  undo(id: number): void {
    this.done[id] = 0;
    const p = this.position[id]!;
    if (p >= 0 && p < this.low) this.low = p;
  }
}

/** Explored (linearized set, state) configurations, keyed by an incremental hash of the set and verified on a hit. */
class Explored {
  private readonly byHash = new Map<string, Uint16Array[]>();
  size = 0;

  /** Records a configuration; false if it was recorded before. */
  add(hash: string, bits: Uint16Array): boolean {
    const list = this.byHash.get(hash);
    if (list?.some((b) => b.every((word, i) => word === bits[i]))) return false;
    if (list) list.push(bits.slice());
    else this.byHash.set(hash, [bits.slice()]);
    this.size++;
    return true;
  }
}

/** A fixed pseudo-random 32-bit value per (op, salt): the set's hash is the XOR over its members. */
function mix(id: number, salt: number): number {
  let h = Math.imul(id + 1, salt) ^ salt;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Call and return entries in time order (a call before a return at the same time: they overlap), after a sentinel head. */
function linkEntries(ops: Event[]): { head: Entry; callOf: Entry[] } {
  const entries: Entry[] = [];
  const callOf: Entry[] = [];
  ops.forEach((e, id) => {
    const ret: Entry = { id, isReturn: true, time: e.ret, match: undefined, prev: undefined, next: undefined };
    callOf.push({ id, isReturn: false, time: e.call, match: ret, prev: undefined, next: undefined });
    entries.push(callOf[id]!, ret);
  });
  entries.sort((a, b) => a.time - b.time || Number(a.isReturn) - Number(b.isReturn));
  const head: Entry = { id: -1, isReturn: false, time: -Infinity, match: undefined, prev: undefined, next: undefined };
  let last = head;
  for (const e of entries) {
    last.next = e;
    e.prev = last;
    last = e;
  }
  return { head, callOf };
}

function lift(call: Entry): void {
  call.prev!.next = call.next;
  call.next!.prev = call.prev;
  const ret = call.match!;
  ret.prev!.next = ret.next;
  if (ret.next) ret.next.prev = ret.prev;
}

function unlift(call: Entry): void {
  const ret = call.match!;
  ret.prev!.next = ret;
  if (ret.next) ret.next.prev = ret;
  call.prev!.next = call;
  call.next!.prev = call;
}

/**
 * The history cut at time `t`: ops called after it are dropped and ops still running at it become unknown, done
 * by `t`. A linearizable history stays linearizable under every cut (keep the ops linearized by `t`), so a
 * violating cut is a genuine counterexample.
 */
export function cutAt(events: Event[], t: number): Event[] {
  return events
    .filter((e) => e.call <= t)
    .map((e) => (e.ret <= t ? e : { ...e, outcome: { status: "unknown" as const }, ret: t }))
    .sort((a, b) => a.call - b.call);
}

/**
 * Binary search for the earliest return whose cut violates (cuts are monotone), within the deadline; the whole
 * history counts as violating only when `violating` says it was proven so.
 */
function shortestViolatingCut(
  events: Event[],
  deadline: number,
  violating: boolean,
): { explored: number; counterexample?: { events: Event[]; reason: string } } {
  const returns = [...new Set(events.filter((e) => e.outcome.status !== "unknown").map((e) => e.ret))].sort((a, b) => a - b);
  let explored = 0;
  let lo = 0;
  let hi = returns.length - 1;
  let proven = violating;
  while (lo < hi && performance.now() < deadline) {
    const mid = (lo + hi) >> 1;
    const verdict = checkKey(cutAt(events, returns[mid]!), deadline);
    explored += verdict.explored;
    if (verdict.verdict === "violation") [hi, proven] = [mid, true];
    else lo = mid + 1;
  }
  if (!proven) return { explored };
  const cut = returns[hi] ?? Infinity;
  const prefix = cutAt(events, cut);
  const last = prefix.filter((e) => e.ret === cut && e.outcome.status !== "unknown");
  const reason =
    `not linearizable: no order of the ${prefix.length} operations up to ${last.map(describeEvent).join("; ")} ` +
    `(each placed within its call and return) explains every outcome`;
  return { explored, counterexample: { events: prefix, reason } };
}
