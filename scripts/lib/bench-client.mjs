/**
 * What every `npm run bench` workload shares: an HTTPS client on keep-alive connections (bearer token, the
 * project CA), watches with reconnection, a concurrent load runner and the `summarize` row format of the
 * results table (bench-results/latest.json).
 */
import https from "node:https";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";

/** @param {number[]} sorted @param {number} p */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * One row of the results table: count, ops/s over `elapsedMs` (when given), p50 and p99 of `latencies`.
 * @param {string} name
 * @param {number[]} latencies
 * @param {number} elapsedMs
 * @param {Record<string, unknown>} [extra]
 */
export function summarize(name, latencies, elapsedMs, extra = {}) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name,
    count: sorted.length,
    perSecond: elapsedMs ? Math.round((sorted.length / elapsedMs) * 1000) : undefined,
    p50Ms: +percentile(sorted, 50).toFixed(2),
    p99Ms: +percentile(sorted, 99).toFixed(2),
    ...extra,
  };
}

/** A row saying a workload failed (a timeout, an error): the table shows it instead of the run hanging. */
export function failureRow(name, err) {
  return { name: `FAILED: ${name}`, count: 0, p50Ms: NaN, p99Ms: NaN, error: err instanceof Error ? err.message : String(err) };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function machineInfo() {
  return `${cpus().length} cores ${cpus()[0]?.model ?? ""}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;
}

export class Client {
  constructor(url, token, ca, sockets) {
    this.url = new URL(url);
    this.token = token;
    this.ca = ca;
    this.agent = new https.Agent({ keepAlive: true, ca, maxSockets: sockets });
  }

  /** @returns {Promise<{ status: number, text: string }>} */
  request(method, path, body, headers = {}, timeoutMs = 60_000) {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = https.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path,
          method,
          agent: this.agent,
          headers: {
            Authorization: `Bearer ${this.token}`,
            ...(data ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
          res.on("error", reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer in ${timeoutMs} ms`)));
      req.on("error", reject);
      if (data) req.write(data);
      req.end();
    });
  }

  /** GET → parsed JSON, or an error naming the status. */
  async json(path) {
    const res = await this.request("GET", path);
    expectStatus(res, 200, `GET ${path}`);
    return JSON.parse(res.text);
  }

  /** Opens a watch; calls onEvent(parsed, receivedAt) per line; resolves a function that closes it. */
  watch(path, onEvent, onEnd = () => {}) {
    return new Promise((resolve, reject) => {
      const req = https.request(
        { host: this.url.hostname, port: this.url.port, path, agent: false, ca: this.ca, headers: { Authorization: `Bearer ${this.token}` } },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`watch ${path}: HTTP ${res.statusCode}`));
            return;
          }
          let buf = "";
          res.setEncoding("utf8");
          res.on("data", (c) => {
            buf += c;
            let start = 0;
            let i;
            while ((i = buf.indexOf("\n", start)) >= 0) {
              const line = buf.slice(start, i);
              start = i + 1;
              if (line) onEvent(JSON.parse(line), performance.now());
            }
            buf = buf.slice(start);
          });
          res.on("close", () => onEnd());
          resolve(() => req.destroy());
        },
      );
      req.on("error", (e) => (e.code === "ECONNRESET" ? undefined : reject(e)));
      req.end();
    });
  }
}

/**
 * A watch of a collection that outlives the server closing it: LIST (resourceVersion), then WATCH from there
 * with bookmarks, re-watching from the last resourceVersion seen when the stream ends, re-listing after a 410.
 * `onObject(type, object, receivedAt)` sees listed items as ADDED.
 * @param {Client} client
 * @param {string} path collection path, may carry a query (labelSelector …)
 * @param {(type: string, object: any, at: number) => void} onObject
 */
export async function informer(client, path, onObject) {
  const sep = path.includes("?") ? "&" : "?";
  let rv = "";
  let closed = false;
  let close = () => {};
  const relist = async () => {
    const list = await client.json(path);
    const at = performance.now();
    for (const item of list.items) onObject("ADDED", item, at);
    rv = list.metadata.resourceVersion;
  };
  const open = async () => {
    while (!closed) {
      try {
        let ended;
        const done = new Promise((r) => (ended = r));
        let gone = false;
        close = await client.watch(
          `${path}${sep}watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`,
          (ev, at) => {
            if (ev.type === "ERROR") {
              gone = ev.object?.code === 410;
              return;
            }
            if (ev.object?.metadata?.resourceVersion) rv = ev.object.metadata.resourceVersion;
            if (ev.type !== "BOOKMARK") onObject(ev.type, ev.object, at);
          },
          () => ended(),
        );
        await done;
        if (gone && !closed) await relist();
      } catch (err) {
        if (closed) return;
        process.stderr.write(`bench: watch ${path} failed (${err instanceof Error ? err.message : err}); retrying\n`);
        await sleep(500);
      }
    }
  };
  await relist();
  const running = open();
  return async () => {
    closed = true;
    close();
    await running.catch(() => {});
  };
}

/** Runs `total` operations with `concurrency` workers; returns latencies and elapsed time. */
export async function load(total, concurrency, op) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, elapsed: performance.now() - started };
}

export async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export function expectStatus(res, code, what) {
  if (res.status !== code) throw new Error(`${what}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
}

/** Polls `pred` every 20 ms; throws `timed out: <what()>` after `timeoutMs`. */
export async function until(pred, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s: ${typeof what === "function" ? what() : what}`);
    await sleep(20);
  }
}

/**
 * The machine a run came from, for the report: cores and model, memory, OS, Node, and the load averages
 * (the machine may be shared: a load above the core count means the figures are slowed by others' work).
 */
export function machineDetails() {
  let os = "";
  try {
    os = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? "";
  } catch {
    // not Linux
  }
  return { cores: cpus().length, model: cpus()[0]?.model ?? "", memoryGiB: Math.round(totalmem() / 2 ** 30), os, node: process.version, loadavg: loadavg().map((l) => +l.toFixed(2)) };
}

const fmt = (n, digits = 0) =>
  typeof n !== "number" || Number.isNaN(n) ? "" : n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Splits `text` into lines of at most `width` characters, at spaces where possible. */
export function wrap(text, width) {
  const lines = [];
  let rest = text;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(" ", width);
    const at = cut > width / 2 ? cut : width;
    lines.push(rest.slice(0, at));
    rest = rest.slice(at).trimStart();
  }
  return [...lines, rest];
}

/**
 * The results as a readable text table: workload (wrapped at `nameWidth`), count, rate (ops/s, or `ratio` as
 * `1.23×`), p50 and p99 in ms; a row with an `error` is marked ✗ and its error listed below the table.
 * @param {Array<{ name: string, count?: number, perSecond?: number, ratio?: number, p50Ms?: number, p99Ms?: number, error?: string }>} rows
 */
export function renderTable(rows, nameWidth = 96) {
  const header = ["workload", "count", "ops/s", "p50 ms", "p99 ms"];
  const cells = rows.map((r) => ({
    name: wrap(`${r.error ? "✗ " : ""}${r.name}`, nameWidth).map((l, i) => (i ? `  ${l}` : l)),
    figures: [
      fmt(r.count, Number.isInteger(r.count) ? 0 : 2),
      r.ratio !== undefined ? `${fmt(r.ratio, 2)}×` : fmt(r.perSecond, Number.isInteger(r.perSecond) ? 0 : 2),
      fmt(r.p50Ms, 2),
      fmt(r.p99Ms, 2),
    ],
  }));
  const width = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === 0 ? Math.max(...c.name.map((l) => l.length)) : c.figures[i - 1].length))));
  /** @param {string[]} c */
  const line = (c) => c.map((v, i) => (i === 0 ? v.padEnd(width[i]) : v.padStart(width[i]))).join("  ").trimEnd();
  const errors = rows.filter((r) => r.error).map((r) => `✗ ${r.name}: ${r.error}`);
  const body = cells.flatMap(({ name, figures }) => [line([name[0], ...figures]), ...name.slice(1).map((n) => line([n, "", "", "", ""]))]);
  return [line(header), width.map((w) => "─".repeat(w)).join("  "), ...body, ...(errors.length ? ["", ...errors] : [])].join("\n");
}
