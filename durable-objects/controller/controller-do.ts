/**
 * ControllerDO: the work queue of one control loop (`loop:<name>`), durable. A write that matters pokes the
 * loop (a row per key, coalesced to the earliest due time) and arms the alarm; the alarm drains due rows
 * through the loop's reconcile and re-arms to the earliest row left, or clears the alarm when none is: a
 * converged cluster sets no alarms. The cron trigger calls `resync`, which queues every key and drains inline.
 *
 * What is only in memory is which keys are running now (so one key never runs twice at once); everything
 * else is a table row, so an evicted or restarted object resumes from its rows.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../../worker/env";
import type { ControllerLoop, SyncResult } from "../../worker/controllers/framework/loop";
import { afterSync, mapLimit, type Outcome, type QueueRow } from "../../worker/controllers/framework/queue";
import { Faults, type FaultPlan } from "../../worker/controllers/framework/faults";
import { DeferredEvents, idleStep, writeAfterRound } from "../../worker/controllers/framework/deferred-events";

/** How long after a resync call a drain counts as the resync's pass (a drain already running takes its rows). */
const RESYNC_PASS_MS = 10_000;
/** Keys one loop reconciles at once, and rows taken per round of a drain. */
const CONCURRENCY = 16;
const ROUND = 512;

export interface LoopStats {
  loop: string;
  queued: number;
  nextDue: number | null;
  /** Alarms fired since the object was created (durable); the counts below are since it last started. */
  alarmsFired: number;
  syncs: number;
  failures: number;
  /** Milliseconds spent draining (reconciling) since the object started. */
  busyMs: number;
  /** Paused by an operator: keys queue up, nothing is reconciled until resumed. */
  paused: boolean;
  /** Events recorded by passes and not yet written (ControllerLoop.deferEvents). */
  eventsWaiting: number;
}

export class ControllerDO extends DurableObject<Env> {
  private readonly running = new Set<string>();
  private draining = false;
  private syncs = 0;
  private failures = 0;
  private busyMs = 0;
  private faults = new Faults();
  /** The Events of the drain's passes of a loop that defers them (ControllerLoop.deferEvents). */
  private readonly events = new DeferredEvents();
  private loopName: string | undefined;
  /** Until when a drain counts as the cron resync's pass (PassInfo.resync). */
  private resyncUntil = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS queue (loop TEXT NOT NULL, key TEXT NOT NULL, due INTEGER NOT NULL, failures INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (loop, key))`,
    );
    // Alarms fired over the object's whole life (an idle object is evicted, and memory with it).
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)`);
  }

  /** Queues `keys` of `loop` due after `delayMs` (0: now) and arms the alarm. */
  async poke(loop: string, keys: string[], delayMs = 0): Promise<void> {
    this.loopName = loop;
    if (this.faults.dropPoke()) return;
    const due = Date.now() + delayMs;
    for (const key of keys) this.upsert({ loop, key, due, failures: 0 });
    if (this.faults.duplicatePoke()) for (const key of keys) this.upsert({ loop, key, due, failures: 0 });
    // A drain in progress picks the rows up (and re-arms when it ends); a paused loop only queues.
    if (this.draining) this.events.interrupt();
    else if (!this.paused()) await this.armAt(due);
  }

  /** The cron resync: every key of the loop, reconciled now, inline (no alarm for a converged loop). */
  async resync(loop: string): Promise<void> {
    this.loopName = loop;
    const impl = await loopNamed(loop);
    const api = await apiFor(this.env, impl, this.events);
    const now = Date.now();
    this.resyncUntil = now + RESYNC_PASS_MS;
    for (const key of await impl.resyncKeys(api)) this.upsert({ loop, key, due: now, failures: 0 });
    if (this.paused()) return;
    this.events.interrupt();
    await this.drain();
  }

  /**
   * Operators: stop reconciling (as if the component were scaled to zero) or start again. Pokes and resyncs
   * still queue keys while paused; resuming drains them at once.
   */
  async setPaused(loop: string, paused: boolean): Promise<void> {
    this.loopName = loop;
    this.ctx.storage.sql.exec(`INSERT INTO counters (name, value) VALUES ('paused', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`, paused ? 1 : 0);
    if (paused) await this.ctx.storage.deleteAlarm();
    else await this.rearm();
  }

  override async alarm(): Promise<void> {
    this.ctx.storage.sql.exec(`INSERT INTO counters (name, value) VALUES ('alarms', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1`);
    if (this.faults.failAlarm()) throw new Error("injected alarm failure");
    if (!this.paused()) await this.drain();
  }

  stats(): LoopStats {
    const [row] = this.ctx.storage.sql.exec<{ n: number; next: number | null }>(`SELECT COUNT(*) AS n, MIN(due) AS next FROM queue`).toArray();
    const [alarms] = this.ctx.storage.sql.exec<{ value: number }>(`SELECT value FROM counters WHERE name = 'alarms'`).toArray();
    return { loop: this.loopName ?? "", queued: row.n, nextDue: row.next, alarmsFired: alarms?.value ?? 0, syncs: this.syncs, failures: this.failures, busyMs: Math.round(this.busyMs), paused: this.paused(), eventsWaiting: this.events.size };
  }

  private paused(): boolean {
    const [row] = this.ctx.storage.sql.exec<{ value: number }>(`SELECT value FROM counters WHERE name = 'paused'`).toArray();
    return row?.value === 1;
  }

  /** Chaos tests: a seeded plan of dropped and duplicated pokes and failing alarms (cleared by `undefined`). */
  setFaults(plan?: FaultPlan): void {
    this.faults = new Faults(plan);
  }

  /** Chaos tests: restart the object now (what only memory held is gone, rows stay), as an eviction would. */
  restart(): void {
    this.ctx.abort("restarted by a chaos test");
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    let busy = 0;
    /** Whether this idle spell already waited LINGER_MS for new keys before writing the Events. */
    let lingered = false;
    try {
      for (;;) {
        // A loop paused meanwhile takes no more keys (its Events still go out).
        const paused = this.paused();
        const rows = this.events.full || paused ? [] : this.dueRows(Date.now());
        const started = performance.now();
        if (rows.length === 0) {
          const step = idleStep({ waiting: this.events.size, lingered, paused, full: this.events.full });
          if (step === "stop") break;
          if (step === "linger") {
            lingered = true;
            await this.events.linger();
            continue;
          }
          await this.events.flush();
          busy += performance.now() - started;
          continue;
        }
        lingered = false;
        for (const row of rows) this.ctx.storage.sql.exec(`DELETE FROM queue WHERE loop = ? AND key = ?`, row.loop, row.key);
        const byLoop = new Map<string, QueueRow[]>();
        for (const r of rows) byLoop.set(r.loop, [...(byLoop.get(r.loop) ?? []), r]);
        await Promise.all([...byLoop].map(([loop, group]) => this.runLoop(loop, group)));
        if (writeAfterRound(rows.length)) await this.events.flush();
        busy += performance.now() - started;
      }
    } finally {
      this.draining = false;
      this.busyMs += busy;
    }
    await this.rearm();
  }

  private dueRows(now: number): QueueRow[] {
    const rows = this.ctx.storage.sql
      .exec<{ loop: string; key: string; due: number; failures: number }>(`SELECT loop, key, due, failures FROM queue WHERE due <= ? ORDER BY due LIMIT ?`, now, ROUND)
      .toArray();
    return rows.filter((r) => !this.running.has(`${r.loop}\0${r.key}`)).map((r) => ({ ...r }));
  }

  private async runLoop(loop: string, rows: QueueRow[]): Promise<void> {
    const impl = await loopNamed(loop);
    const api = await apiFor(this.env, impl, this.events);
    for (const r of rows) this.running.add(`${loop}\0${r.key}`);
    try {
      if (impl.syncBatch) {
        let results: Map<string, SyncResult> | undefined;
        let error: unknown;
        try {
          results = await impl.syncBatch(api, rows.map((r) => r.key), { resync: Date.now() < this.resyncUntil });
        } catch (e) {
          error = e;
        }
        for (const row of rows) this.finish(row, results ? { ok: true, requeueAfterMs: results.get(row.key)?.requeueAfterMs } : { ok: false, error });
        return;
      }
      await mapLimit(rows, CONCURRENCY, async (row) => {
        let outcome: Outcome;
        try {
          outcome = { ok: true, requeueAfterMs: (await impl.sync!(api, row.key))?.requeueAfterMs };
        } catch (error) {
          outcome = { ok: false, error };
        }
        this.finish(row, outcome);
      });
    } finally {
      for (const r of rows) this.running.delete(`${loop}\0${r.key}`);
    }
  }

  private finish(row: QueueRow, outcome: Outcome): void {
    this.syncs++;
    if (!outcome.ok) {
      this.failures++;
      // A lost compare-and-swap is routine between loops writing one object: retried quietly, as upstream.
      if (!isConflict(outcome.error)) console.error(`${row.loop} ${row.key}: reconcile failed`, outcome.error);
    }
    const next = afterSync(row, outcome, Date.now());
    if (next) this.upsert(next);
  }

  /** Inserts a row, or moves an existing one earlier (a key is queued once, at its earliest due time). */
  private upsert(row: QueueRow): void {
    this.ctx.storage.sql.exec(
      `INSERT INTO queue (loop, key, due, failures) VALUES (?, ?, ?, ?)
       ON CONFLICT (loop, key) DO UPDATE SET due = MIN(due, excluded.due), failures = MAX(failures, excluded.failures)`,
      row.loop,
      row.key,
      row.due,
      row.failures,
    );
  }

  private async armAt(due: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > due) await this.ctx.storage.setAlarm(due);
  }

  private async rearm(): Promise<void> {
    const [row] = this.ctx.storage.sql.exec<{ next: number | null }>(`SELECT MIN(due) AS next FROM queue`).toArray();
    if (row.next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(row.next);
  }
}

function isConflict(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { response?: { status?: number } }).response?.status === 409;
}

/**
 * The modules a pass needs, imported on first use and then held: not an import() per pass, which under the
 * test pool is a round trip to the runner shared by every object awaiting the same module (an object torn
 * down mid-import would leave it pending for all of them).
 */
let passModules:
  | { loopByName: (name: string) => ControllerLoop | undefined; ControllerApi: typeof import("../../worker/controllers/framework/api").ControllerApi; registry: typeof import("../../schema/registry").registry; ensureBootstrapped: typeof import("../../worker/bootstrap").ensureBootstrapped }
  | undefined;

async function modules(): Promise<NonNullable<typeof passModules>> {
  if (passModules) return passModules;
  const [{ loopByName }, { ControllerApi }, { registry }, { ensureBootstrapped }] = await Promise.all([
    import("../../worker/controllers/loops"),
    import("../../worker/controllers/framework/api"),
    import("../../schema/registry"),
    import("../../worker/bootstrap"),
  ]);
  return (passModules = { loopByName, ControllerApi, registry, ensureBootstrapped });
}

async function loopNamed(name: string): Promise<ControllerLoop> {
  const loop = (await modules()).loopByName(name);
  if (!loop) throw new Error(`no control loop named ${name}`);
  return loop;
}

/** The loop's API; the cluster is bootstrapped first (a cron pass can come before any request did it). */
async function apiFor(env: Env, loop: ControllerLoop, events: DeferredEvents) {
  const { ControllerApi, registry, ensureBootstrapped } = await modules();
  await ensureBootstrapped(env, registry);
  return new ControllerApi(env, registry, loop.user, loop.component, undefined, loop.deferEvents ? events : undefined);
}
