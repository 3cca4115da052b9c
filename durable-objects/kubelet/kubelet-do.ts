/**
 * KubeletDO: the kubelet of one node (DO name = node name). It registers its Node and renews its Lease
 * (worker/kubelet/agent/heartbeat.ts), and runs the pods bound to the node (worker/kubelet/agent/pod-sync.ts):
 * a pod write pokes it (worker/kubelet/agent/wake.ts), its alarm runs what is due. One alarm multiplexes the
 * heartbeat and every pod's next due time (a row per pod).
 *
 * Tables: `meta` (name → JSON: the node's configuration, the heartbeat's state, the pod CIDR allocations,
 * counters) and `pods` (key `namespace/name` → due time, or NULL when nothing is due; the pod's record: what
 * this kubelet knows of it, JSON). A sync clears the row's due time first, so a poke that arrives while the pod
 * is syncing makes it run again after (the work queue's dirty set). Only which pods run now is in memory.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../../worker/env";
import type { KubeletConfig } from "../../worker/kubelet/agent/config";
import type { HeartbeatState } from "../../worker/kubelet/agent/heartbeat";
import type { PodRecordRow } from "../../worker/kubelet/agent/pod-sync";
import { PodTable } from "./pod-table";
import { createLogTables } from "../../worker/kubelet/logs";
import type { ExecInPodResult, LogResponse, PodLogOptions, PodRef } from "../../worker/kubelet/kubelet-api";
import type { ContainerCodeSpec } from "../../worker/kubelet/isolate";
import { containerLogs, execInPod, proxyToPod } from "../../worker/kubelet/agent/pod-api";
import { currentInstance, instanceOf } from "../../worker/kubelet/agent/isolate/instances";
// Imported, not loaded on first use: kubelets starting together would each wait on the others' module load.
import { KubeletAgent } from "../../worker/kubelet/agent/agent";

/** Pods one kubelet syncs at once. */
const CONCURRENCY = 16;
/** Between the steps of a removal (the drain waits for the pods' graceful ends). */
const REMOVAL_STEP_MS = 1_000;

export interface KubeletStats {
  node: string;
  started: boolean;
  pods: number;
  due: number;
  nextAlarm: number | null;
  alarmsFired: number;
  heartbeats: number;
  silenced: boolean;
  removing: boolean;
}

export class KubeletDO extends DurableObject<Env> {
  private readonly pods: PodTable;
  private readonly running = new Set<string>();
  private draining = false;
  /** Whether this instance listed the node's pods (a new one, after a restart or an eviction, has not). */
  private listed = false;
  /**
   * Whether this object has its tables: created by the first write (start, an alarm), never by a poke. Pods
   * bound to a node no kubelet here runs (registered by another agent, as KWOK does) poke this object; so
   * that costs a read instead of a new object's schema on disk.
   */
  private tables: boolean;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.pods = new PodTable(ctx.storage.sql);
    this.tables = ctx.storage.sql.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'`).toArray().length > 0;
    // An existing kubelet gets the tables a newer version added.
    if (this.tables) this.createTables();
  }

  private createTables(): void {
    this.ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    this.pods.createTable();
    createLogTables(this.ctx.storage.sql);
    this.tables = true;
  }

  /** Starts (or reconfigures) the kubelet: registers the Node at once and queues every pod bound to it. */
  async start(config: KubeletConfig): Promise<void> {
    this.setMeta("removing", false);
    const previous = this.meta<KubeletConfig>("config");
    this.setMeta("config", config);
    if (previous && JSON.stringify(previous) === JSON.stringify(config) && this.meta<HeartbeatState>("heartbeat")) {
      await this.relistAfterRestart(config);
      await this.rearm();
      return;
    }
    const agent = await this.agent(config);
    this.setMeta("heartbeat", await agent.heartbeat(this.meta<HeartbeatState>("heartbeat"), Date.now(), true));
    for (const key of await agent.boundPods()) this.pods.poke(key, Date.now());
    this.listed = true;
    await this.armSoon();
  }

  /**
   * Removes the node: cordoned, its pods deleted (gracefully, as a drain would) and run to their end here, then
   * its Lease and Node deleted and everything this kubelet held forgotten. Steps run from the alarm.
   */
  async remove(): Promise<void> {
    if (!this.meta<KubeletConfig>("config")) return;
    this.setMeta("removing", true);
    await this.ctx.storage.setAlarm(Date.now());
  }

  /** Pods to sync now. False when this object is no node's kubelet (the poker remembers that for a moment). */
  async poke(keys: string[]): Promise<boolean> {
    if (!this.meta<KubeletConfig>("config")) return false;
    const now = Date.now();
    for (const key of keys) this.pods.poke(key, now);
    await this.armSoon();
    return true;
  }

  /** Chaos tests: restart the object now (what only memory held is gone, rows stay), as a crash would. */
  restart(): void {
    this.ctx.abort("restarted by a chaos test");
  }

  /** Tests and operators: a silenced kubelet stops renewing its Lease and Node status (a node gone dark). */
  async setSilenced(silenced: boolean): Promise<void> {
    this.setMeta("silenced", silenced);
    await this.rearm();
  }

  override async alarm(): Promise<void> {
    this.setMeta("alarms", (this.meta<number>("alarms") ?? 0) + 1);
    const config = this.meta<KubeletConfig>("config");
    if (!config) return;
    const state = this.meta<HeartbeatState>("heartbeat");
    if (!this.meta<boolean>("silenced") && (!state || state.nextMs <= Date.now())) {
      const agent = await this.agent(config);
      try {
        this.setMeta("heartbeat", await agent.heartbeat(state, Date.now(), false));
        this.setMeta("heartbeats", (this.meta<number>("heartbeats") ?? 0) + 1);
      } catch (e) {
        // The next beat tries again (the Lease is renewed four times per lease duration: one miss is harmless).
        console.error(`kubelet ${config.node.name}: heartbeat failed`, e);
        this.setMeta("heartbeat", { ...state, nextMs: Date.now() + 10_000 });
      }
    }
    await this.relistAfterRestart(config);
    await this.drain();
    if (this.meta<boolean>("removing")) {
      const gone = await (await this.agent(config)).drainStep().catch((e: unknown) => {
        console.error(`kubelet ${config.node.name}: removal step failed`, e);
        return false;
      });
      if (gone) {
        await this.ctx.storage.deleteAlarm();
        await this.ctx.storage.deleteAll();
        // The object may be asked to run the node again (added back to the pool) without being recreated.
        this.createTables();
        return;
      }
      await this.ctx.storage.setAlarm(Math.min(this.nextWake() ?? Infinity, Date.now() + REMOVAL_STEP_MS));
    }
  }

  /** KubeletPodApi (worker/kubelet/kubelet-api.ts): a container's logs. */
  async containerLogs(pod: PodRef, options: PodLogOptions): Promise<LogResponse> {
    const config = this.meta<KubeletConfig>("config");
    if (!config) return { ok: false, code: 404, message: "no kubelet runs this node" };
    return containerLogs(await this.agent(config), this.ctx.storage.sql, pod, options);
  }

  /** KubeletPodApi: the pod proxy. */
  async proxyToPod(pod: PodRef, port: number, request: Request): Promise<Response> {
    const config = this.meta<KubeletConfig>("config");
    if (!config) return new Response("no kubelet runs this node", { status: 503 });
    return proxyToPod(await this.agent(config), pod, port, request);
  }

  /** KubeletPodApi: `kubectl exec` through the container's exec entry. */
  async execInPod(pod: PodRef, container: string, command: string[]): Promise<ExecInPodResult> {
    const config = this.meta<KubeletConfig>("config");
    if (!config) return { ok: false, message: "no kubelet runs this node" };
    return execInPod(await this.agent(config), pod, container, command);
  }

  /** PodContainerDirectory (the pod network's `localhost`): the container's current instance. */
  async podContainerId(podUid: string, container: string): Promise<string | null> {
    return currentInstance(podUid, container)?.id ?? null;
  }

  /** PodContainerDirectory: an instance's code, to re-load its isolate. */
  async podContainerSpec(id: string): Promise<ContainerCodeSpec | null> {
    return instanceOf(id)?.spec ?? null;
  }

  stats(): KubeletStats {
    const config = this.meta<KubeletConfig>("config");
    const { pods, due } = this.tables ? this.pods.counts(Date.now()) : { pods: 0, due: 0 };
    return {
      node: config?.node.name ?? "",
      started: !!config,
      pods,
      due,
      nextAlarm: this.nextWake(),
      alarmsFired: this.meta<number>("alarms") ?? 0,
      heartbeats: this.meta<number>("heartbeats") ?? 0,
      silenced: this.meta<boolean>("silenced") ?? false,
      removing: this.meta<boolean>("removing") ?? false,
    };
  }

  /**
   * A new instance lists the pods bound to its node once, as a restarted kubelet does: a poke lost while the
   * object was reset, or a sync the reset cut short (its row no longer due), is queued again.
   */
  private async relistAfterRestart(config: KubeletConfig): Promise<void> {
    if (this.listed) return;
    try {
      for (const key of await (await this.agent(config)).boundPods()) this.pods.poke(key, Date.now());
      this.listed = true;
    } catch (e) {
      console.error(`kubelet ${config.node.name}: listing its pods failed`, e);
    }
  }

  private async armSoon(): Promise<void> {
    if (this.draining) return;
    // Pokes are answered at once; the sync runs in the alarm (its own invocation, retried if it fails).
    await this.rearm();
  }

  private async drain(): Promise<void> {
    const config = this.meta<KubeletConfig>("config");
    if (this.draining || !config) return;
    this.draining = true;
    try {
      const agent = await this.agent(config);
      for (;;) {
        const rows = this.pods.due(Date.now(), 256).filter((r) => !this.running.has(r.key));
        if (rows.length === 0) break;
        let next = 0;
        const worker = async () => {
          while (next < rows.length) await this.syncOne(agent, rows[next++]);
        };
        await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, worker));
      }
    } finally {
      this.draining = false;
    }
    await this.rearm();
  }

  private async syncOne(agent: KubeletAgent, row: PodRecordRow): Promise<void> {
    this.running.add(row.key);
    this.pods.clearDue(row.key);
    try {
      const result = await agent.syncPod(row.key, row.record);
      if (result.forget) this.pods.forget(row.key);
      else this.pods.save(row.key, result.record, result.dueMs);
    } catch (e) {
      console.error(`kubelet ${agent.nodeName}: sync of pod ${row.key} failed`, e);
      this.pods.poke(row.key, Date.now() + 1_000);
    } finally {
      this.running.delete(row.key);
    }
  }

  private nextWake(): number | null {
    if (!this.tables) return null;
    const podDue = this.pods.nextDue();
    const hb = this.meta<boolean>("silenced") ? undefined : this.meta<HeartbeatState>("heartbeat")?.nextMs;
    const removal = this.meta<boolean>("removing") ? Date.now() + REMOVAL_STEP_MS : undefined;
    const candidates = [podDue, hb, removal].filter((x): x is number => typeof x === "number");
    return candidates.length ? Math.min(...candidates) : null;
  }

  private async rearm(): Promise<void> {
    const next = this.nextWake();
    if (next === null) await this.ctx.storage.deleteAlarm();
    else {
      const current = await this.ctx.storage.getAlarm();
      if (current === null || current > next || current < Date.now() - 60_000) await this.ctx.storage.setAlarm(next);
    }
  }

  private async agent(config: KubeletConfig): Promise<KubeletAgent> {
    return new KubeletAgent(this.env, config, {
      meta: { get: <T>(name: string) => this.meta<T>(name), set: (name: string, value: unknown) => this.setMeta(name, value) },
      sql: this.ctx.storage.sql,
      exports: (this.ctx as unknown as { exports?: unknown }).exports,
      remember: (key, record) => this.pods.save(key, record, undefined),
      admitted: () => this.pods.records().flatMap((r) => (r.record?.admitted ? [r.record.admitted] : [])),
      poke: (keys) => {
        for (const key of keys) this.pods.poke(key, Date.now());
        this.ctx.waitUntil(this.armSoon());
      },
      waitUntil: (p) => this.ctx.waitUntil(p),
    });
  }

  private meta<T>(name: string): T | undefined {
    if (!this.tables) return undefined;
    const [row] = this.ctx.storage.sql.exec<{ value: string }>(`SELECT value FROM meta WHERE name = ?`, name).toArray();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  private setMeta(name: string, value: unknown): void {
    if (!this.tables) this.createTables();
    this.ctx.storage.sql.exec(`INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, JSON.stringify(value));
  }
}
