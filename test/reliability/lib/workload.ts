/**
 * The seeded workload the reliability suites run through the API (one op stream per client, and how an op
 * maps to a ConfigMap request and its answer to an outcome), and the direct checks of a recorded run that
 * need no model search: the truth (one watch over the run, read afterwards) against the acknowledged writes,
 * each key's final state against the writes that could have produced it, and revisions growing across a
 * crash. Each check returns its violations, empty when the run passed.
 */
import { prng } from "../../../worker/controllers/framework/faults";
import { describeEvent, type Event, type History, type Op, type Outcome } from "./history";
import type { Change } from "./watch-properties";

/** Relative weights of the op kinds a client draws. */
export interface WorkloadMix {
  create: number;
  /** PUT without a resourceVersion (unconditional). */
  update: number;
  /** PUT with the resourceVersion this client last saw (compare-and-swap); a GET first when it saw none. */
  cas: number;
  get: number;
  delete: number;
  /** DELETE with a resourceVersion precondition. */
  casDelete: number;
}

export interface WorkloadOptions {
  keys: readonly string[];
  mix: WorkloadMix;
}

/** Few keys, mostly read-modify-write: many clients race for each key (linearizability under contention). */
export const CONTENDED_MIX: WorkloadMix = { create: 12, update: 12, cas: 40, get: 26, delete: 3, casDelete: 4 };
/** Write-heavy over more keys: most ops in flight at a crash are writes. */
export const CRASH_MIX: WorkloadMix = { create: 15, update: 35, cas: 25, get: 15, delete: 6, casDelete: 4 };

/** `count` key names (ConfigMap names). */
export function keyNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `k${i}`);
}

/** A 32-bit seed for one client of a run, so every client of a seed draws its own stream. */
export function clientSeed(seed: number, client: number): number {
  return (Math.imul(seed, 0x9e3779b1) ^ Math.imul(client + 1, 0x85ebca6b)) >>> 0;
}

/**
 * One client's op stream. Deterministic for a seed and the outcomes it observes: it remembers the last
 * resourceVersion it saw per key so its CAS ops carry a plausible precondition. Every written value is
 * `<client>-<seq>`, unique in the run, so a read names the write it saw.
 */
export class ClientWorkload {
  private readonly random: () => number;
  private readonly seen = new Map<string, string>();
  private seq = 0;

  constructor(
    readonly client: number,
    seed: number,
    private readonly options: WorkloadOptions,
  ) {
    this.random = prng(clientSeed(seed, client));
  }

  next(): Op {
    const { keys } = this.options;
    const key = keys[Math.floor(this.random() * keys.length)];
    const value = `${this.client}-${this.seq++}`;
    const ifRv = this.seen.get(key);
    switch (this.pickKind()) {
      case "create":
        return { kind: "create", key, value };
      case "update":
        return { kind: "update", key, value };
      case "cas":
        return ifRv ? { kind: "update", key, value, ifRv } : { kind: "get", key };
      case "get":
        return { kind: "get", key };
      case "delete":
        return { kind: "delete", key };
      case "casDelete":
        return ifRv ? { kind: "delete", key, ifRv } : { kind: "get", key };
    }
  }

  /** Learns the key's resourceVersion from an answer (or forgets it when the answer shows it is stale). */
  observe(op: Op, outcome: Outcome): void {
    if (outcome.status === "ok" && op.kind !== "delete") this.seen.set(op.key, outcome.rv);
    else this.seen.delete(op.key);
  }

  private pickKind(): keyof WorkloadMix {
    const entries = Object.entries(this.options.mix) as [keyof WorkloadMix, number][];
    let roll = this.random() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [kind, weight] of entries) {
      roll -= weight;
      if (roll < 0) return kind;
    }
    return entries[entries.length - 1][0];
  }
}

/** When and how one crash iteration kills the server, drawn from its seed. */
export interface CrashPlan {
  /** Load before the kill: 50 ms .. 3 s, log-uniform (as many short runs as long ones). */
  delayMs: number;
  /** Fire a burst of concurrent writes just before the kill, so it lands mid-burst. */
  burst: boolean;
  /** The kill follows the burst's start by this much (0..79 ms: before, while and after its writes reach the store). */
  burstLeadMs: number;
  /** Load after the restart: 0.5 .. 2 s. */
  afterMs: number;
}

export function crashPlan(seed: number): CrashPlan {
  const random = prng(clientSeed(seed, -1));
  return {
    delayMs: Math.round(50 * 60 ** random()),
    burst: random() < 0.4,
    burstLeadMs: Math.floor(random() * 80),
    afterMs: 500 + Math.floor(random() * 1500),
  };
}

/** The path of the namespace's ConfigMaps, which hold the workload's keys. */
export const collection = (namespace: string) => `/api/v1/namespaces/${namespace}/configmaps`;

/** The request of an op: a ConfigMap named by the key whose `data.v` is the value. */
export function requestOf(namespace: string, op: Op): { method: string; path: string; body?: unknown } {
  const path = `${collection(namespace)}/${op.key}`;
  const object = (value: string, ifRv?: string) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: op.key, namespace, ...(ifRv ? { resourceVersion: ifRv } : {}) },
    data: { v: value },
  });
  switch (op.kind) {
    case "create":
      return { method: "POST", path: collection(namespace), body: object(op.value) };
    case "update":
      return { method: "PUT", path, body: object(op.value, op.ifRv) };
    case "get":
      return { method: "GET", path };
    case "delete":
      return {
        method: "DELETE",
        path,
        body: { apiVersion: "v1", kind: "DeleteOptions", ...(op.ifRv ? { preconditions: { resourceVersion: op.ifRv } } : {}) },
      };
  }
}

/**
 * The outcome of an answered op: 2xx ok (a ConfigMap delete answers a Status, which names no
 * resourceVersion: rv ""), 404 notFound, 409 conflict (AlreadyExists, a failed precondition); anything else
 * (5xx, a body that is no object) says nothing about whether the op took effect: unknown.
 */
export function outcomeOf(op: Op, status: number, body: any): Outcome {
  if (status === 404) return { status: "notFound" };
  if (status === 409) return { status: "conflict" };
  if (status < 200 || status > 299 || typeof body !== "object" || body === null) return { status: "unknown" };
  if (op.kind === "delete") return { status: "ok", rv: String(body.metadata?.resourceVersion ?? "") };
  const rv = body.metadata?.resourceVersion;
  if (typeof rv !== "string") return { status: "unknown" };
  return op.kind === "get" ? { status: "ok", rv, value: body.data?.v } : { status: "ok", rv };
}

type WriteOp = Extract<Op, { kind: "create" | "update" }>;
const isWrite = (e: Event): e is Event & { op: WriteOp } => e.op.kind === "create" || e.op.kind === "update";
const mayHaveApplied = (e: Event) => e.outcome.status === "ok" || e.outcome.status === "unknown";
const ackedRv = (e: Event) => (isWrite(e) && e.outcome.status === "ok" ? Number(e.outcome.rv) : undefined);

/**
 * The truth (every change of the run, read after it by one watch) against the history: each acknowledged
 * create/update is in the truth at its resourceVersion with its value (ADDED/MODIFIED); each key has at
 * least as many DELETED changes as acknowledged deletes; each change carries a value some create/update of
 * that key wrote (acknowledged or unknown; a DELETED change carries the last value); the truth's revisions
 * strictly increase.
 */
export function checkTruthAgainstHistory(history: History, truth: Change[]): string[] {
  const violations: string[] = [];
  const byRv = new Map(truth.map((c) => [c.rv, c]));
  for (let i = 1; i < truth.length; i++) {
    if (!(Number(truth[i].rv) > Number(truth[i - 1].rv))) violations.push(`truth: rv ${truth[i].rv} after ${truth[i - 1].rv}`);
  }
  const writers = new Map<string, Event>();
  for (const e of history) if (isWrite(e) && mayHaveApplied(e)) writers.set(`${e.op.key}\u0000${e.op.value}`, e);
  const deletes = new Map<string, number>();
  for (const e of history) {
    if (e.outcome.status !== "ok") continue;
    if (e.op.kind === "delete") deletes.set(e.op.key, (deletes.get(e.op.key) ?? 0) - 1);
    if (!isWrite(e)) continue;
    const change = byRv.get(e.outcome.rv);
    const expected = e.op.kind === "create" ? "ADDED" : "MODIFIED";
    if (!change || change.key !== e.op.key || change.value !== e.op.value || change.type !== expected) {
      violations.push(`acknowledged ${e.op.kind} ${e.op.key}=${e.op.value} at rv ${e.outcome.rv} is not in the truth (found ${JSON.stringify(change)})`);
    }
  }
  for (const c of truth) {
    if (c.type === "DELETED") deletes.set(c.key, (deletes.get(c.key) ?? 0) + 1);
    const writer = writers.get(`${c.key}\u0000${c.value}`);
    if (!writer) violations.push(`truth ${c.type} ${c.key}=${c.value} at rv ${c.rv}: no create/update wrote that value`);
    else if (c.type !== "DELETED" && writer.outcome.status === "ok" && writer.outcome.rv !== c.rv) {
      violations.push(`truth ${c.type} ${c.key}=${c.value} at rv ${c.rv}, but its write was acknowledged at rv ${writer.outcome.rv}`);
    }
  }
  for (const [key, surplus] of deletes) {
    if (surplus < 0) violations.push(`${key}: ${-surplus} acknowledged delete(s) missing from the truth`);
  }
  return violations;
}

/** A key's state read after the run: its value and resourceVersion, or absent. */
export type FinalState = ReadonlyMap<string, { value: string; rv: string }>;

/**
 * Each key's final state is explained by a write that no acknowledged write must follow: a present value
 * was written by a create/update W (acknowledged at that very rv, or unknown) and no acknowledged
 * create/update/delete of the key started after W returned; an absent key has no acknowledged create/update
 * W that every possible delete (acknowledged or unknown) returned before W started.
 */
export function checkFinalState(history: History, finals: FinalState): string[] {
  const violations: string[] = [];
  const keys = new Set(history.map((e) => e.op.key));
  for (const key of keys) {
    const ops = history.filter((e) => e.op.key === key);
    const final = finals.get(key);
    if (final) {
      const writer = ops.find((e) => isWrite(e) && e.op.value === final.value && mayHaveApplied(e));
      if (!writer) {
        violations.push(`${key}: final value ${final.value} (rv ${final.rv}) was never written`);
        continue;
      }
      if (writer.outcome.status === "ok" && writer.outcome.rv !== final.rv) {
        violations.push(`${key}: final rv ${final.rv}, but ${final.value} was acknowledged at rv ${writer.outcome.rv}`);
      }
      const later = ops.find((e) => e.op.kind !== "get" && e.outcome.status === "ok" && e.call > writer.ret);
      if (later) violations.push(`${key}: acknowledged ${describeEvent(later)} started after ${final.value} was written, but the final value is ${final.value}`);
    } else {
      const deletes = ops.filter((e) => e.op.kind === "delete" && mayHaveApplied(e));
      const survivor = ops.find((w) => isWrite(w) && w.outcome.status === "ok" && deletes.every((d) => d.ret < w.call));
      if (survivor) violations.push(`${key}: absent, but acknowledged ${describeEvent(survivor)} was never deleted after it`);
    }
  }
  for (const key of finals.keys()) if (!keys.has(key)) violations.push(`${key}: present but never written`);
  return violations;
}

/**
 * Revisions only grow across a crash: every create/update acknowledged by the restarted server (called at
 * or after `restartedAt`) has a higher resourceVersion than every one acknowledged before the kill (returned
 * at or before `killedAt`).
 */
export function checkRevisionsGrew(history: History, killedAt: number, restartedAt: number): string[] {
  const before = history.filter((e) => e.ret <= killedAt && ackedRv(e) !== undefined);
  const after = history.filter((e) => e.call >= restartedAt && ackedRv(e) !== undefined);
  if (!before.length || !after.length) return [];
  const maxBefore = before.reduce((a, b) => (ackedRv(b)! > ackedRv(a)! ? b : a));
  return after
    .filter((e) => ackedRv(e)! <= ackedRv(maxBefore)!)
    .map((e) => `${describeEvent(e)} after the restart is not above ${describeEvent(maxBefore)} before the kill`);
}

/**
 * A LIST read after the run, as one get per key (a LIST is a consistent snapshot, so each get took effect
 * at the LIST's linearization point): the final state enters the linearizability check.
 */
export function finalReads(keys: Iterable<string>, finals: FinalState, call: number, ret: number, firstClient: number): Event[] {
  return [...keys].map((key, i) => {
    const final = finals.get(key);
    const outcome: Outcome = final ? { status: "ok", rv: final.rv, value: final.value } : { status: "notFound" };
    return { client: firstClient + i, op: { kind: "get", key }, outcome, call, ret };
  });
}

/** Counts per op kind and outcome, for the suites' reports: `get 310 (ok 250, notFound 60); …`. */
export function tally(history: History): string {
  const counts = new Map<string, Map<string, number>>();
  for (const e of history) {
    const kind = e.op.kind === "update" || e.op.kind === "delete" ? `${e.op.ifRv ? "cas-" : ""}${e.op.kind}` : e.op.kind;
    const byStatus = counts.get(kind) ?? counts.set(kind, new Map()).get(kind)!;
    byStatus.set(e.outcome.status, (byStatus.get(e.outcome.status) ?? 0) + 1);
  }
  return [...counts]
    .map(([kind, byStatus]) => `${kind} ${[...byStatus.values()].reduce((a, b) => a + b, 0)} (${[...byStatus].map(([s, n]) => `${s} ${n}`).join(", ")})`)
    .join("; ");
}
