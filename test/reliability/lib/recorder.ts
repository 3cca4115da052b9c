/**
 * Drives a real server and records what it answered: concurrent clients running a seeded workload
 * (a History of ops with call/return times and outcomes) and watchers (WatchSegments: each stream from the
 * resourceVersion it was opened at to how it ended). Times are `performance.now()` milliseconds.
 *
 * An op whose connection was refused never reached the server and is not recorded (the client retries
 * after a pause, as while the server restarts); an op with no answer (reset, timeout, a 5xx) is `unknown`
 * with `ret = Infinity`, and its client continues under a new client number, as a crashed process would.
 */
import { Agent, request } from "node:https";
import type { Event, History, Op, Outcome } from "./history";
import type { Change, WatchRecord, WatchSegment } from "./watch-properties";
import { ClientWorkload, collection, outcomeOf, requestOf, type WorkloadOptions } from "./workload";

/** The server to drive: its URL, the admin bearer token and the CA that signed its certificate. */
export interface Target {
  url: string;
  token: string;
  caPem: string;
}

export interface Reply {
  status: number;
  body: any;
}

/** The server's environment for these suites: watch bookmarks every 200 ms, so watches reach a given rv quickly. */
export const RELIABILITY_SERVER_ENV = { KUBE_EDGE_VARS: JSON.stringify({ WATCH_BOOKMARK_MS: "200" }) };
const OP_TIMEOUT_MS = 20_000;
/** Client numbers of a worker's successive lives (after each unknown outcome). */
const CLIENT_STRIDE = 1000;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const isRefused = (err: unknown) => (err as { code?: string }).code === "ECONNREFUSED";

/** HTTPS JSON requests on keep-alive connections of its own. */
export class ApiClient {
  private readonly agent: Agent;
  constructor(private readonly target: Target) {
    this.agent = new Agent({ keepAlive: true, ca: target.caPem, maxSockets: 4 });
  }

  send(method: string, path: string, body?: unknown, timeoutMs = OP_TIMEOUT_MS): Promise<Reply> {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const url = new URL(path, this.target.url);
    return new Promise((done, fail) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.target.token}`,
            accept: "application/json",
            ...(data ? { "content-type": "application/json", "content-length": Buffer.byteLength(data) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              /* not JSON: keep the text */
            }
            done({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on("error", fail);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`${method} ${path}: no answer in ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
      req.on("error", fail);
      req.end(data);
    });
  }

  /** GET that must answer 200, retried after a network error (a refused or reset connection, as around a restart). */
  async get(path: string, timeoutMs = 60_000): Promise<any> {
    const deadline = now() + timeoutMs;
    for (;;) {
      try {
        const res = await this.send("GET", path);
        if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        return res.body;
      } catch (err) {
        if ((err as { code?: string }).code === undefined || now() > deadline) throw err;
        await sleep(100);
      }
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs one op; `refused` when the connection was refused (the op never reached the server). */
export async function runOp(api: ApiClient, namespace: string, op: Op): Promise<Outcome | "refused"> {
  const { method, path, body } = requestOf(namespace, op);
  try {
    const res = await api.send(method, path, body);
    return outcomeOf(op, res.status, res.body);
  } catch (err) {
    return isRefused(err) ? "refused" : { status: "unknown" };
  }
}

export interface ClientsOptions {
  target: Target;
  namespace: string;
  seed: number;
  clients: number;
  workload: WorkloadOptions;
}

/** Workers running their op streams until stopped; `burst` fires extra concurrent ops (a write spike). */
export class ClientPool {
  readonly history: History = [];
  private stopped = false;
  private readonly running: Promise<void>[];
  private readonly apis: ApiClient[] = [];
  private bursts = 0;

  constructor(private readonly options: ClientsOptions) {
    this.running = Array.from({ length: options.clients }, (_, worker) => this.work(worker));
  }

  /** Fires `n` ops at once, each from a fresh client (numbers from 100 up), recorded like the others. */
  burst(n: number): Promise<void> {
    const first = 100 + this.bursts++ * n;
    return Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const workload = new ClientWorkload(first + i, this.options.seed, this.options.workload);
        await this.record(first + i, workload, this.api());
      }),
    ).then(() => {});
  }

  /** Stops issuing ops, waits for those in flight; the history is then complete. */
  async stop(): Promise<History> {
    this.stopped = true;
    await Promise.all(this.running);
    for (const api of this.apis) api.close();
    return this.history;
  }

  private api(): ApiClient {
    const api = new ApiClient(this.options.target);
    this.apis.push(api);
    return api;
  }

  private async work(worker: number): Promise<void> {
    const workload = new ClientWorkload(worker, this.options.seed, this.options.workload);
    const api = this.api();
    let client = worker;
    while (!this.stopped) {
      const outcome = await this.record(client, workload, api);
      if (outcome === "refused") await sleep(50);
      else if (outcome.status === "unknown") client += CLIENT_STRIDE;
    }
  }

  private async record(client: number, workload: ClientWorkload, api: ApiClient): Promise<Outcome | "refused"> {
    const op = workload.next();
    const call = now();
    const outcome = await runOp(api, this.options.namespace, op);
    if (outcome === "refused") return outcome;
    const event: Event = { client, op, outcome, call, ret: outcome.status === "unknown" ? Infinity : now() };
    this.history.push(event);
    workload.observe(op, outcome);
    return outcome;
  }
}

/** Creates `name` and answers the resourceVersion its ConfigMaps' history starts after (a LIST's). */
export async function freshNamespace(api: ApiClient, name: string): Promise<string> {
  const res = await api.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  if (res.status !== 201) throw new Error(`create namespace ${name}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return (await api.get(collection(name))).metadata.resourceVersion;
}

/** One LIST read after a run: each workload key's value and resourceVersion, the LIST's rv and call/return times. */
export async function readFinalState(api: ApiClient, namespace: string, keys: ReadonlySet<string>) {
  const call = now();
  const list = await api.get(collection(namespace));
  const ret = now();
  const finals = new Map<string, { value: string; rv: string }>();
  for (const item of list.items as { metadata: { name: string; resourceVersion: string }; data?: { v?: string } }[]) {
    if (keys.has(item.metadata.name)) finals.set(item.metadata.name, { value: item.data?.v ?? "", rv: item.metadata.resourceVersion });
  }
  return { rv: String(list.metadata.resourceVersion), finals, call, ret };
}

type End = WatchSegment["end"];

/**
 * One watch of the namespace's ConfigMaps from `fromRv` (with bookmarks), passing each record to `onRecord`
 * until it answers true (then `closed`). Ends `closed` when the server ends the stream or `close()` is
 * called, `killed` when the connection dies mid-stream, `expired` on a 410 ERROR event, `error` on another
 * ERROR event, a non-200 answer or an unreadable line; `unconnected` when no answer came at all.
 */
export function openWatch(target: Target, namespace: string, fromRv: string, onRecord: (r: WatchRecord) => boolean) {
  let settled = false;
  let closing = false;
  let answeredAt = NaN;
  let settle!: (end: End | "unconnected") => void;
  const ended = new Promise<End | "unconnected">((r) => (settle = r));
  const finish = (end: End | "unconnected") => {
    if (settled) return;
    settled = true;
    settle(end);
    req.destroy();
  };
  const readLine = (line: string): End | undefined => {
    let ev: { type?: string; object?: any };
    try {
      ev = JSON.parse(line);
    } catch {
      return "error";
    }
    if (ev.type === "ERROR") return ev.object?.code === 410 ? "expired" : "error";
    const rv = ev.object?.metadata?.resourceVersion;
    if (typeof rv !== "string" || !["ADDED", "MODIFIED", "DELETED", "BOOKMARK"].includes(ev.type ?? "")) return "error";
    const type = ev.type as WatchRecord["type"];
    const record: WatchRecord = type === "BOOKMARK" ? { type, key: "", rv } : { type, key: ev.object.metadata.name, rv, value: ev.object.data?.v };
    return onRecord(record) ? "closed" : undefined;
  };
  const path = `${collection(namespace)}?watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(fromRv)}`;
  const req = request(
    new URL(path, target.url),
    { agent: false, ca: target.caPem, headers: { authorization: `Bearer ${target.token}`, accept: "application/json" } },
    (res) => {
      answeredAt = now();
      if (res.statusCode !== 200) {
        res.resume();
        finish("error");
        return;
      }
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        let i: number;
        while (!settled && (i = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          const end = line.trim() ? readLine(line) : undefined;
          if (end) finish(end);
        }
      });
      res.on("end", () => finish("closed"));
      res.on("error", () => finish(closing ? "closed" : "killed"));
      res.on("close", () => finish(closing ? "closed" : "killed"));
    },
  );
  req.on("error", () => finish(closing ? "closed" : Number.isNaN(answeredAt) ? "unconnected" : "killed"));
  req.end();
  return {
    ended,
    answeredAt: () => answeredAt,
    close: () => {
      closing = true;
      finish("closed");
    },
  };
}

export interface WatcherOptions {
  target: Target;
  namespace: string;
  fromRv: string;
  /** The workload's keys: changes of other ConfigMaps (e.g. kube-root-ca.crt) are not recorded. */
  keys: ReadonlySet<string>;
  /** Closes the stream after this many changes and re-watches from the last rv seen. */
  reconnectEvery?: number;
}

/** A client watch that resumes from the last resourceVersion it saw whenever its stream ends (but after a 410). */
export class Watcher {
  readonly segments: WatchSegment[] = [];
  /** When each segment's stream was answered (performance.now()), parallel to `segments`. */
  readonly openedAt: number[] = [];
  lastRv: string;
  private stopped = false;
  private close = () => {};
  private firstAnsweredAt = () => NaN;
  private readonly loop: Promise<void>;

  constructor(private readonly options: WatcherOptions) {
    this.lastRv = options.fromRv;
    this.loop = this.run();
  }

  /** Resolves once the server answered the watcher's first stream; throws after `timeoutMs`. */
  async waitConnected(timeoutMs = 60_000): Promise<void> {
    const deadline = now() + timeoutMs;
    while (Number.isNaN(this.firstAnsweredAt())) {
      if (now() > deadline) throw new Error(`watcher from rv ${this.options.fromRv} not answered in ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  /** Resolves once a record at or past `rv` arrived (a bookmark will do); throws after `timeoutMs`. */
  async waitFor(rv: string, timeoutMs = 60_000): Promise<void> {
    const deadline = now() + timeoutMs;
    while (Number(this.lastRv) < Number(rv)) {
      if (this.stopped || now() > deadline) throw new Error(`watcher stuck at rv ${this.lastRv}, waiting for ${rv} (segments: ${this.segments.map((s) => `${s.fromRv}..${s.end}`).join(", ")})`);
      await sleep(50);
    }
  }

  async stop(): Promise<WatchSegment[]> {
    this.stopped = true;
    this.close();
    await this.loop;
    return this.segments;
  }

  private async run(): Promise<void> {
    const { target, namespace, keys, reconnectEvery } = this.options;
    while (!this.stopped) {
      const segment: WatchSegment = { fromRv: this.lastRv, records: [], end: "closed" };
      let changes = 0;
      const stream = openWatch(target, namespace, this.lastRv, (r) => {
        this.lastRv = r.rv;
        if (r.type !== "BOOKMARK" && !keys.has(r.key)) return false;
        segment.records.push(r);
        if (r.type !== "BOOKMARK") changes++;
        return reconnectEvery !== undefined && changes >= reconnectEvery;
      });
      this.close = stream.close;
      if (!this.segments.length) this.firstAnsweredAt = stream.answeredAt;
      if (this.stopped) stream.close();
      const end = await stream.ended;
      if (end === "unconnected") {
        await sleep(100);
        continue;
      }
      segment.end = end;
      this.segments.push(segment);
      this.openedAt.push(stream.answeredAt());
      if (end === "expired") return;
      if (end === "error") await sleep(100);
    }
  }
}

/**
 * The truth of a run: every change of the workload's keys from `fromRv` to `untilRv`, read by one watch
 * after the run. Throws when that watch ends before reaching `untilRv`.
 */
export async function collectTruth(target: Target, namespace: string, fromRv: string, untilRv: string, keys: ReadonlySet<string>, timeoutMs = 60_000): Promise<Change[]> {
  const changes: Change[] = [];
  let reached = false;
  const stream = openWatch(target, namespace, fromRv, (r) => {
    if (r.type !== "BOOKMARK" && keys.has(r.key)) changes.push({ type: r.type, key: r.key, rv: r.rv, value: r.value });
    reached = Number(r.rv) >= Number(untilRv);
    return reached;
  });
  const timer = setTimeout(stream.close, timeoutMs);
  const end = await stream.ended;
  clearTimeout(timer);
  if (!reached) throw new Error(`the truth watch from rv ${fromRv} ended (${end}) before reaching rv ${untilRv}`);
  return changes;
}
